"""What the API reads, for one caller. Nothing here changes anything.

Who may see a programme or an event is decided by the programmes area (``visible_programme``,
``visible_event``), and a speaker by the speakers area; the lists here put the same rule (public
programmes and events, plus everything in the programmes the caller organises) in SQL so that
they page in the database. Reflections and write-ups go only through the practice record's own
queries, which carry reflections/visibility.py's conditions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select, true
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventSpeaker,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    ScheduleChange,
    Speaker,
    Theme,
    programme_organisers,
)
from ..programmes.services import visible_event, visible_programme
from ..speakers.queries import (
    SPEAKERS_PER_PAGE,
    SpeakerListing,
    programme_speaker,
    programme_speakers,
)
from ..visibility import is_one_of, public_programme_clause

PUBLIC_PROGRAMME_STATUSES = (ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED)
PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass
class Found:
    """One page of rows and how many there are in all."""

    items: list[Any]
    total: int


def _signed_in(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def _organises(viewer: Any, programme_id: Any) -> Any:
    if not _signed_in(viewer):
        return None
    if viewer.is_admin:
        return true()
    return programme_id.in_(
        select(programme_organisers.c.programme_id).where(
            programme_organisers.c.user_id == viewer.id
        )
    )


def _programme_visible(viewer: Any) -> Any:
    public = public_programme_clause()
    organises = _organises(viewer, Programme.id)
    return public if organises is None else or_(public, organises)


def _event_visible(viewer: Any) -> Any:
    public = is_one_of(Event.status, PUBLIC_EVENT_STATUSES)
    organises = _organises(viewer, Event.programme_id)
    return public if organises is None else or_(public, organises)


def _page(query: Select[Any], page: int, per_page: int) -> Found:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Found(items=items, total=total or 0)


# --- Programmes and events ---------------------------------------------------------------------


def programmes(viewer: Any, page: int, per_page: int) -> Found:
    query = (
        select(Programme)
        .where(_programme_visible(viewer))
        .options(selectinload(Programme.themes))
        .order_by(Programme.starts_on, Programme.id)
    )
    return _page(query, page, per_page)


def programme(viewer: Any, slug: str) -> Programme | None:
    return visible_programme(slug, viewer)


def _event_options() -> list[Any]:
    return [
        selectinload(Event.sessions),
        selectinload(Event.themes),
        selectinload(Event.organisation),
        selectinload(Event.speaker_roles)
        .selectinload(EventSpeaker.speaker)
        .selectinload(Speaker.organisation),
    ]


def events(
    viewer: Any,
    programme: Programme,
    page: int,
    per_page: int,
    *,
    theme: str | None = None,
    format: str | None = None,
    mode: str | None = None,
) -> Found:
    query = (
        select(Event)
        .where(Event.programme_id == programme.id, _event_visible(viewer))
        .options(*_event_options())
        .order_by(Event.id)
    )
    if theme:
        query = query.where(Event.themes.any(Theme.slug == theme))
    if format:
        query = query.where(Event.format == format)
    if mode:
        query = query.where(Event.mode == mode)
    found = _page(query, page, per_page)
    for event in found.items:
        # Already its programme: set without history or the backref to programme.events,
        # which would cost a list operation per event (most of a large day's build).
        set_committed_value(event, "programme", programme)
    return found


def event(viewer: Any, programme: Programme, slug: str) -> Event | None:
    return visible_event(programme, slug, viewer)


def places_held(event_ids: Iterable[int]) -> dict[int, int]:
    """Places held at each event, in one statement."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count())
        .where(Registration.event_id.in_(ids), Registration.status.in_(PLACE_HOLDING_STATUSES))
        .group_by(Registration.event_id)
    )
    return {event_id: count for event_id, count in rows}


def confirmed_event_ids(viewer: Any, event_ids: Iterable[int]) -> set[int]:
    """The events among these where the caller holds a confirmed place: the only events whose
    joining links they are given."""
    ids = list(event_ids)
    if not _signed_in(viewer) or not ids:
        return set()
    return set(
        db.session.scalars(
            select(Registration.event_id).where(
                Registration.user_id == viewer.id,
                Registration.event_id.in_(ids),
                Registration.status == RegistrationStatus.CONFIRMED,
            )
        )
    )


# --- Speakers ----------------------------------------------------------------------------------


def speakers(viewer: Any, programme: Programme, page: int) -> tuple[list[SpeakerListing], int, int]:
    """A page of the programme's speakers (the speakers area's page of 48, by name): the
    listings, the total, and the page size. A page past the last is empty."""
    found = programme_speakers(programme, viewer, page)
    items = found.items if found.page == page else []
    return items, found.total, SPEAKERS_PER_PAGE


def speaker(viewer: Any, programme: Programme, slug: str) -> SpeakerListing | None:
    return programme_speaker(programme, slug, viewer)


# --- Schedule changes --------------------------------------------------------------------------


def _changes_query(programme: Programme) -> Select[ScheduleChange]:
    return (
        select(ScheduleChange)
        .where(ScheduleChange.programme_id == programme.id)
        .order_by(ScheduleChange.changed_at.desc(), ScheduleChange.id.desc())
    )


def changes(programme: Programme, page: int, per_page: int) -> Found:
    return _page(_changes_query(programme), page, per_page)


def change(programme: Programme, change_id: int) -> ScheduleChange | None:
    return db.session.scalar(_changes_query(programme).where(ScheduleChange.id == change_id))


def public_event_slugs(
    viewer: Any, programme: Programme, event_ids: Iterable[int]
) -> dict[int, str]:
    """Slugs of those events the caller may see, to link changes to them."""
    ids = [event_id for event_id in event_ids if event_id is not None]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Event.id, Event.slug).where(Event.id.in_(ids), _event_visible(viewer))
    )
    return {event_id: slug for event_id, slug in rows}


# --- The caller's own registrations ------------------------------------------------------------


def _registrations_query(user_id: int) -> Select[Registration]:
    return (
        select(Registration)
        .where(Registration.user_id == user_id)
        .options(
            selectinload(Registration.event).selectinload(Event.sessions),
            selectinload(Registration.event).selectinload(Event.programme),
        )
        .order_by(Registration.id)
    )


def registrations(user_id: int, page: int, per_page: int) -> Found:
    return _page(_registrations_query(user_id), page, per_page)


def registration(user_id: int, registration_id: int) -> Registration | None:
    return db.session.scalar(
        _registrations_query(user_id).where(Registration.id == registration_id)
    )
