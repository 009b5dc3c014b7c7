"""Adding the events a CSV file describes (event_rows.py) to a programme, as drafts, in one
transaction: every event is written, or none is. Drafts reach nobody, so no domain event is
announced; the programme's activity log says who imported what."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import Event, EventSession, EventStatus, Organisation, Programme, Theme
from ..organise.activity import record
from ..organise.services import find_or_create_organisation
from ..programmes.themes import find_or_create_themes
from ..slugs import unique_slug
from .event_rows import EventsPlan, read_event_rows


def known_names(programme: Programme) -> tuple[set[str], set[str], set[str]]:
    """The programme's event titles, every organisation and every theme, lower-cased: what
    the reader checks rows against."""
    titles = set(
        db.session.scalars(
            select(func.lower(Event.title)).where(Event.programme_id == programme.id)
        )
    )
    organisations = set(db.session.scalars(select(func.lower(Organisation.name))))
    themes = set(db.session.scalars(select(func.lower(Theme.name))))
    return titles, organisations, themes


def plan_event_rows(raw: bytes, programme: Programme) -> EventsPlan:
    return read_event_rows(raw, programme, *known_names(programme))


def import_event_rows(programme: Programme, plan: EventsPlan) -> list[Event]:
    """The plan's events, made as drafts in the programme with their sessions."""
    try:
        made: list[Event] = []
        for rows in plan.events:
            themes = find_or_create_themes([], rows.themes, owner_id=programme.id)
            for theme in themes:
                if theme not in programme.themes:
                    programme.themes.append(theme)
            event = Event(
                programme=programme,
                slug=unique_slug(rows.title, _slug_taken(programme)),
                title=rows.title,
                summary=rows.summary,
                description=rows.description,
                format=rows.format,
                mode=rows.mode,
                capacity=rows.capacity,
                status=EventStatus.DRAFT,
                organisation=(
                    find_or_create_organisation(rows.organisation) if rows.organisation else None
                ),
            )
            event.themes = themes
            for session in sorted(rows.sessions, key=lambda session: session.starts_at):
                event.sessions.append(
                    EventSession(
                        title=session.title,
                        starts_at=session.starts_at,
                        ends_at=session.ends_at,
                        venue_name=session.venue_name,
                        venue_address=session.venue_address,
                    )
                )
            db.session.add(event)
            db.session.flush()
            made.append(event)
        record(
            programme.id,
            "imported",
            f"Imported {len(made)} draft events with {plan.session_count} sessions from a CSV file.",
        )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise
    return made


def _slug_taken(programme: Programme) -> Callable[[str], bool]:
    def taken(candidate: str) -> bool:
        query = select(Event.id).where(Event.programme_id == programme.id, Event.slug == candidate)
        return db.session.scalar(query.limit(1)) is not None

    return taken
