"""What changed in a schedule, in words: the one set of sentences that the schedule log keeps and
that the emails to people registered say ("Moved from Tuesday 5 October 2027, 10:00 to 11:30 BST
to ...")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from ..domain_events import (
    DomainEvent,
    EventCancelled,
    EventDetailsChanged,
    EventPublished,
    EventUnpublished,
    ProgrammePublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    SessionRetitled,
)
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import Event, EventSession, EventStatus, Programme, SessionStatus


def describe_time(programme: Programme, starts_at: datetime, ends_at: datetime) -> str:
    """ "Tuesday 7 October 2027, 10:00 to 11:30 BST", in the programme's time zone."""
    zone = programme.zone
    day = format_day(to_local(starts_at, zone).date())
    abbreviation = to_local(starts_at, zone).tzname() or zone.key
    return f"{day}, {format_clock(starts_at, zone)} to {format_clock(ends_at, zone)} {abbreviation}"


def _where(session: EventSession) -> str:
    return session.venue_name.strip()


def _when(session: EventSession) -> str:
    return describe_time(session.event.programme, session.starts_at, session.ends_at)


def _sessions_text(event: Event) -> str:
    sessions = [s for s in event.sessions if s.status == SessionStatus.SCHEDULED]
    if not sessions:
        return "Time to be confirmed."
    return (
        "; ".join(
            describe_time(event.programme, s.starts_at, s.ends_at)
            + (f", {_where(s)}" if _where(s) else "")
            for s in sessions
        )
        + "."
    )


def _published_events(programme: Programme) -> str:
    count = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.programme_id == programme.id, Event.status == EventStatus.PUBLISHED)
    )
    return "1 event" if count == 1 else f"{count} events"


def _moved(change: SessionMoved) -> str:
    session = change.session
    old_venue = change.old_venue_name.strip()
    if change.time_moved:
        old = describe_time(session.event.programme, change.old_starts_at, change.old_ends_at)
        sentence = f"Moved from {old} to {_when(session)}"
        if change.place_moved and _where(session):
            sentence += f", now at {_where(session)}"
        return sentence + "."
    if change.place_moved:
        if not _where(session):
            return f"The session on {_when(session)} has a new place."
        was = f" (was {old_venue})" if old_venue and old_venue != _where(session) else ""
        return f"The session on {_when(session)} is now at {_where(session)}{was}."
    return f"The joining details of the session on {_when(session)} have changed."


MODE_WORDS = {"online": "online", "in_person": "in person", "hybrid": "hybrid"}


def _details_changed(change: EventDetailsChanged) -> str:
    sentences = []
    if change.retitled:
        sentences.append(
            f"The event is now called {change.event.title!r} (was {change.old_title!r})."
        )
    if change.mode_changed:
        old = MODE_WORDS.get(change.old_mode.value, change.old_mode.value)
        new = MODE_WORDS.get(change.event.mode.value, change.event.mode.value)
        sentences.append(f"The event is now {new} (was {old}).")
    return " ".join(sentences)


def describe(change: DomainEvent) -> str:
    """The sentence for a change to a schedule; empty for events that are not one."""
    match change:
        case ProgrammePublished(programme=programme):
            return f"The programme was published with {_published_events(programme)}."
        case EventPublished(event=event, previous=previous):
            again = "Back on the programme" if previous == EventStatus.CANCELLED else "Added"
            return f"{again}: {_sessions_text(event)}"
        case EventUnpublished():
            return "Taken off the programme."
        case EventCancelled():
            return "The event is cancelled."
        case SessionAdded(session=session):
            where = f", {_where(session)}" if _where(session) else ""
            return f"A new session: {_when(session)}{where}."
        case SessionMoved():
            return _moved(change)
        case SessionCancelled(session=session):
            return f"The session on {_when(session)} is cancelled."
        case EventDetailsChanged():
            return _details_changed(change)
        case SessionRetitled(session=session, old_title=old_title):
            was = f" (was {old_title.strip()!r})" if old_title.strip() else ""
            title = session.title.strip()
            now = f"now called {title!r}" if title else "no longer has its own title"
            return f"The session on {_when(session)} is {now}{was}."
    return ""
