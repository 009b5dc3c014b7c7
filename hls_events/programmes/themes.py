"""Which themes a programme's forms offer: the themes it chose, from the shared list or added
for itself. A theme one programme adds is not offered to any other (issue 14: "Welsh public
services", added for one programme, appeared in another's reflection form)."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Programme, Theme
from ..slugs import unique_slug


def shared_themes() -> list[Theme]:
    """The shared list every programme chooses from."""
    return list(
        db.session.scalars(select(Theme).where(Theme.programme_id.is_(None)).order_by(Theme.name))
    )


def themes_to_choose(programme: Programme | None) -> list[Theme]:
    """The choices of a programme's own form: the shared list, the themes it added for itself,
    and any it already chose."""
    query = select(Theme).order_by(Theme.name)
    if programme is None or programme.id is None:
        return list(db.session.scalars(query.where(Theme.programme_id.is_(None))))
    chosen = [theme.id for theme in programme.themes]
    return list(
        db.session.scalars(
            query.where(
                or_(
                    Theme.programme_id.is_(None),
                    Theme.programme_id == programme.id,
                    Theme.id.in_(chosen),
                )
            )
        )
    )


def themes_offered(programme: Programme) -> list[Theme]:
    """What the programme's events, calls, proposals and reflections may be tagged with: the
    themes it chose, or the shared list while it has chosen none."""
    return list(programme.themes) if programme.themes else shared_themes()


def find_or_create_themes(
    theme_ids: list[int], new_names: list[str], owner_id: int | None = None
) -> list[Theme]:
    """The themes with these ids, and these names (an existing theme of the same name is reused;
    a new one is added for ``owner_id``'s programme only, or to the shared list without it)."""
    themes = (
        list(db.session.scalars(select(Theme).where(Theme.id.in_(theme_ids)))) if theme_ids else []
    )
    for name in new_names:
        existing = db.session.scalar(select(Theme).where(func.lower(Theme.name) == name.lower()))
        if existing is None:
            existing = Theme(
                name=name[:120],
                slug=unique_slug(
                    name,
                    lambda s: (
                        db.session.scalar(select(Theme.id).where(Theme.slug == s)) is not None
                    ),
                ),
                programme_id=owner_id,
            )
            db.session.add(existing)
            db.session.flush()
        if existing not in themes:
            themes.append(existing)
    return themes
