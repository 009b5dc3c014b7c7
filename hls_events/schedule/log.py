"""The schedule log ("what changed" page and feed): a subscriber to the schedule's domain events.

Runs in the announcing service's transaction (see hls_events/subscribers.py); nothing here
commits. Only changes people could have seen are kept: while the programme is public, to events
that are (or were, until this change) published. Nothing is kept about joining links, which are
private.
"""

from __future__ import annotations

from flask_babel import force_locale

from ..domain_events import (
    DomainEvent,
    EventCancelled,
    EventPublished,
    EventUnpublished,
    ProgrammePublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
)
from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE
from ..models import (
    ChangeKind,
    Event,
    EventSession,
    EventStatus,
    Programme,
    ScheduleChange,
    SessionStatus,
    utcnow,
)
from ..visibility import PUBLIC_PROGRAMME_STATUSES
from .changes import describe


def _is_public(programme: Programme) -> bool:
    return programme.status in PUBLIC_PROGRAMME_STATUSES


def _shows(event: Event) -> bool:
    return _is_public(event.programme) and event.status == EventStatus.PUBLISHED


def _record(
    programme: Programme,
    kind: ChangeKind,
    change: DomainEvent,
    event: Event | None = None,
    session: EventSession | None = None,
) -> None:
    # The log keeps the words as they were, in the site's language, whoever made the change.
    with force_locale(DEFAULT_LANGUAGE):
        description = describe(change)
    db.session.add(
        ScheduleChange(
            programme_id=programme.id,
            event_id=event.id if event is not None else None,
            session_id=session.id if session is not None else None,
            kind=kind,
            event_title=event.title if event is not None else "",
            description=description,
            changed_at=utcnow(),
        )
    )


def programme_published(change: ProgrammePublished) -> None:
    _record(change.programme, ChangeKind.PUBLISHED, change)


def event_published(change: EventPublished) -> None:
    if _is_public(change.event.programme):
        _record(change.event.programme, ChangeKind.NEW, change, change.event)


def event_withdrawn(change: EventUnpublished | EventCancelled) -> None:
    """An event taken off the programme or cancelled, if people could see it until now."""
    event = change.event
    if _is_public(event.programme) and change.previous == EventStatus.PUBLISHED:
        _record(event.programme, ChangeKind.CANCELLED, change, event)


def session_added(change: SessionAdded) -> None:
    event = change.session.event
    if _shows(event):
        _record(event.programme, ChangeKind.NEW, change, event, change.session)


def session_moved(change: SessionMoved) -> None:
    session = change.session
    event = session.event
    if (
        _shows(event)
        and session.status == SessionStatus.SCHEDULED
        and (change.time_moved or change.place_moved)
    ):
        _record(event.programme, ChangeKind.MOVED, change, event, session)


def session_cancelled(change: SessionCancelled) -> None:
    event = change.session.event
    if _shows(event):
        _record(event.programme, ChangeKind.CANCELLED, change, event, change.session)
