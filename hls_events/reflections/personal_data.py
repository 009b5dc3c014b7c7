"""What the reflections area holds about one person: their part of the data export, and what
becomes of their reflections when their account is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Attribution, Reflection, Visibility


def settle_reflections_of(user_id: int, *, keep_anonymously: bool) -> None:
    """Before a person's account is deleted, in the caller's transaction (no commit).

    Keeping: what they shared stays in the record, unsigned and no longer theirs; what only
    they could read is deleted. Otherwise everything they wrote is deleted. Write-ups belong to
    the speaker profile, which the organisers keep, so they stay (the author may delete them
    first).
    """
    reflections = db.session.scalars(select(Reflection).where(Reflection.author_id == user_id))
    for reflection in reflections:
        if keep_anonymously and reflection.visibility != Visibility.PRIVATE:
            reflection.author_id = None
            reflection.attribution = Attribution.ANONYMOUS
        else:
            db.session.delete(reflection)


def personal_data(user_id: int) -> list[dict[str, Any]]:
    """The person's reflections, with the choices they made and when, for their data export."""
    reflections = db.session.scalars(
        select(Reflection)
        .where(Reflection.author_id == user_id)
        .options(
            selectinload(Reflection.event),
            selectinload(Reflection.programme),
            selectinload(Reflection.themes),
            selectinload(Reflection.consents),
        )
        .order_by(Reflection.created_at)
    )
    return [
        {
            "programme": r.programme.title,
            "event": r.event.title,
            "written_at": r.created_at.isoformat(),
            "answers": [{"question": a["question"], "answer": a["answer"]} for a in r.answers],
            "themes": [theme.name for theme in r.themes],
            "principles": [p.value for p in r.principle_list],
            "visibility": r.visibility.value,
            "attribution": r.attribution.value,
            "consents": [
                {
                    "wording": c.wording,
                    "visibility": c.visibility.value,
                    "attribution": c.attribution.value,
                    "recorded_at": c.recorded_at.isoformat(),
                }
                for c in r.consents
            ],
        }
        for r in reflections
    ]
