"""Recording what changed in a public programme's schedule.

Called by the organiser use cases (organise/services.py) in their own transaction, before they
commit; nothing here commits. Only changes people could have seen are recorded: while the
programme is public, to events that are (or were, until this change) published. Nothing is
recorded about joining links, which are private.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    ChangeKind,
    Event,
    EventSession,
    EventStatus,
    Programme,
    ProgrammeStatus,
    ScheduleChange,
    SessionStatus,
    utcnow,
)
from ..organise.permissions import PUBLIC_PROGRAMME_STATUSES

# What update_session compares: starts, ends, venue name, venue address, joining link.
SessionPlace = tuple[datetime, datetime, str, str, str]


def describe_time(programme: Programme, starts_at: datetime, ends_at: datetime) -> str:
    """ "Tuesday 7 October 2027, 10:00 to 11:30 BST", in the programme's time zone."""
    zone = programme.zone
    day = format_day(to_local(starts_at, zone).date())
    abbreviation = to_local(starts_at, zone).tzname() or zone.key
    return f"{day}, {format_clock(starts_at, zone)} to {format_clock(ends_at, zone)} {abbreviation}"


def _where(session: EventSession) -> str:
    return session.venue_name.strip()


def _record(
    programme: Programme,
    kind: ChangeKind,
    description: str,
    event: Event | None = None,
    session: EventSession | None = None,
) -> ScheduleChange:
    if session is not None and session.id is None:
        db.session.flush()
    change = ScheduleChange(
        programme_id=programme.id,
        event_id=event.id if event is not None else None,
        session_id=session.id if session is not None else None,
        kind=kind,
        event_title=event.title if event is not None else "",
        description=description,
        changed_at=utcnow(),
    )
    db.session.add(change)
    return change


def _is_public(programme: Programme) -> bool:
    return programme.status in PUBLIC_PROGRAMME_STATUSES


def _shows(event: Event) -> bool:
    return _is_public(event.programme) and event.status == EventStatus.PUBLISHED


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


def record_programme_status(programme: Programme, new_status: ProgrammeStatus) -> None:
    """Call before the status changes. First publishing starts the log; later ones are noted."""
    if new_status != ProgrammeStatus.PUBLISHED or programme.status == new_status:
        return
    count = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.programme_id == programme.id, Event.status == EventStatus.PUBLISHED)
    )
    events = "1 event" if count == 1 else f"{count} events"
    _record(programme, ChangeKind.PUBLISHED, f"The programme was published with {events}.")


def record_event_status(event: Event, new_status: EventStatus) -> None:
    """Call before the status changes."""
    programme = event.programme
    old_status = event.status
    if not _is_public(programme) or old_status == new_status:
        return
    if new_status == EventStatus.PUBLISHED:
        again = "Back on the programme" if old_status == EventStatus.CANCELLED else "Added"
        _record(programme, ChangeKind.NEW, f"{again}: {_sessions_text(event)}", event)
    elif old_status == EventStatus.PUBLISHED and new_status == EventStatus.CANCELLED:
        _record(programme, ChangeKind.CANCELLED, "The event is cancelled.", event)
    elif old_status == EventStatus.PUBLISHED:
        _record(programme, ChangeKind.CANCELLED, "Taken off the programme.", event)


def record_session_added(session: EventSession) -> None:
    event = session.event
    if not _shows(event):
        return
    text = describe_time(event.programme, session.starts_at, session.ends_at)
    where = f", {_where(session)}" if _where(session) else ""
    _record(event.programme, ChangeKind.NEW, f"A new session: {text}{where}.", event, session)


def record_session_moved(session: EventSession, before: SessionPlace) -> None:
    """Call after the session's new details are applied, with what they were before."""
    event = session.event
    if not _shows(event) or session.status != SessionStatus.SCHEDULED:
        return
    starts_at, ends_at, venue_name, venue_address, _joining_url = before
    programme = event.programme
    time_moved = (starts_at, ends_at) != (session.starts_at, session.ends_at)
    place_moved = (venue_name.strip(), venue_address.strip()) != (
        session.venue_name.strip(),
        session.venue_address.strip(),
    )
    if time_moved:
        description = (
            f"Moved from {describe_time(programme, starts_at, ends_at)} "
            f"to {describe_time(programme, session.starts_at, session.ends_at)}"
        )
        if place_moved and _where(session):
            description += f", now at {_where(session)}"
        description += "."
    elif place_moved:
        when = describe_time(programme, session.starts_at, session.ends_at)
        if _where(session):
            description = f"The session on {when} is now at {_where(session)}"
            if venue_name.strip() and venue_name.strip() != _where(session):
                description += f" (was {venue_name.strip()})"
            description += "."
        else:
            description = f"The session on {when} has a new place."
    else:
        return
    _record(programme, ChangeKind.MOVED, description, event, session)


def record_session_cancelled(session: EventSession) -> None:
    """Call before a published event's session is cancelled."""
    event = session.event
    if not _shows(event) or session.status == SessionStatus.CANCELLED:
        return
    when = describe_time(event.programme, session.starts_at, session.ends_at)
    _record(
        event.programme,
        ChangeKind.CANCELLED,
        f"The session on {when} is cancelled.",
        event,
        session,
    )
