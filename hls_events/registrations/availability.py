"""How many places an event has, who holds them and who waits: the waiting list's rules.

Every change to who holds an event's places runs under the event's write lock (locking.py):
the transaction's first statement locks the event, then places are counted and the waiting
list is read and written, then it commits. So an event never has more confirmed places than
its capacity, its waiting list is numbered 1..N without gaps or repeats, and places go to
the waiting list in order, whatever number of processes serve the app. Nothing here commits.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Integer, Select, bindparam, case, func, literal, select
from sqlalchemy.orm import selectinload

from ..domain_events import PlacesAdded, PlacesReleased
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventSession,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    SessionStatus,
    utcnow,
)
from ..translation import gettext
from .errors import RegistrationError
from .locking import close_waitlist_gap, lock_events
from .notices import cancel_reminders, queue_registration_email, queue_reminders, scheduled_sessions
from .tables import table_of


class Window(enum.StrEnum):
    """Whether an event takes registrations now."""

    OPEN = "open"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    STARTED = "started"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"


def event_start(event: Event) -> datetime | None:
    sessions = scheduled_sessions(event)
    return sessions[0].starts_at if sessions else None


def has_started(event: Event, now: datetime) -> bool:
    start = event_start(event)
    return start is not None and now >= start


def window(event: Event, now: datetime) -> Window:
    return _window(
        status=event.status,
        programme_status=event.programme.status,
        has_sessions=bool(event.sessions),
        start=event_start(event),
        opens=event.registration_opens_at,
        closes=event.registration_closes_at,
        now=now,
    )


def _window(
    *,
    status: EventStatus,
    programme_status: ProgrammeStatus,
    has_sessions: bool,
    start: datetime | None,
    opens: datetime | None,
    closes: datetime | None,
    now: datetime,
) -> Window:
    """The one rule, for an event loaded whole (``window``) or as a row (``PlaceFacts``)."""
    if status == EventStatus.CANCELLED or (has_sessions and start is None):
        # Every session cancelled is the event cancelled: no places, no waiting list.
        return Window.CANCELLED
    if status != EventStatus.PUBLISHED or programme_status != ProgrammeStatus.PUBLISHED:
        return Window.UNAVAILABLE
    if start is not None and now >= start:
        return Window.STARTED
    if opens is not None and now < opens:
        return Window.NOT_YET
    if closes is not None and now >= closes:
        return Window.CLOSED
    return Window.OPEN


def window_message(event: Event, state: Window) -> str:
    zone = event.programme.zone
    if state == Window.NOT_YET and event.registration_opens_at is not None:
        opens = event.registration_opens_at
        return gettext(
            "Registration opens on %(day)s at %(time)s.",
            day=format_day(to_local(opens, zone).date()),
            time=format_clock(opens, zone),
        )
    return {
        Window.CLOSED: gettext("Registration for this event has closed."),
        Window.STARTED: gettext("This event has started, so registration has closed."),
        Window.CANCELLED: gettext(
            "This event has been cancelled, so it is not taking registrations."
        ),
    }.get(state, gettext("This event is not open for registration."))


def more_places(before: int | None, after: int | None) -> bool:
    """Whether a capacity change frees places: raised, or the limit removed."""
    if after is None:
        return before is not None
    return before is not None and after > before


def places_held(event_id: int) -> int:
    return cast(
        int,
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.event_id == event_id, Registration.status.in_(PLACE_HOLDING_STATUSES)
            )
        ),
    )


def waitlist_length(event_id: int) -> int:
    """The highest position, which is the length because positions run 1..N."""
    return cast(
        int,
        db.session.scalar(
            select(func.coalesce(func.max(Registration.waitlist_position), 0)).where(
                Registration.event_id == event_id
            )
        ),
    )


def waitlist_enabled(event_id: int) -> bool:
    settings = db.session.get(RegistrationSettings, event_id)
    return True if settings is None else settings.waitlist_enabled


def choose_place(
    capacity: int | None, held: int, waitlist_on: bool, waiting: int
) -> tuple[RegistrationStatus, int | None]:
    """A place while there is one, else the end of the waiting list if the event keeps one.
    ``held`` and ``waiting`` are counted under the event's lock."""
    if capacity is None or held < capacity:
        return RegistrationStatus.CONFIRMED, None
    if waitlist_on:
        return RegistrationStatus.WAITLISTED, waiting + 1
    raise RegistrationError(gettext("This event is full, and it has no waiting list."), "full")


@dataclass(frozen=True)
class PlaceFacts:
    """What registering needs to know of an event, read in one statement under its lock
    (``locked_place_facts``) instead of loading the event, its programme and its sessions and
    counting its places one query at a time."""

    event_id: int
    programme_id: int
    status: EventStatus
    programme_status: ProgrammeStatus
    has_sessions: bool
    start: datetime | None
    opens: datetime | None
    closes: datetime | None
    capacity: int | None
    held: int
    waiting: int
    waitlist_on: bool

    def window(self, now: datetime) -> Window:
        return _window(
            status=self.status,
            programme_status=self.programme_status,
            has_sessions=self.has_sessions,
            start=self.start,
            opens=self.opens,
            closes=self.closes,
            now=now,
        )

    def place(self) -> tuple[RegistrationStatus, int | None]:
        return choose_place(self.capacity, self.held, self.waitlist_on, self.waiting)


@functools.cache
def _facts_statement() -> Select[Any]:
    """Built once per worker, of the tables themselves (no ORM entities): building and
    compiling a statement cost more than running it."""
    events, programmes = table_of(Event), table_of(Programme)
    sessions, registrations = table_of(EventSession), table_of(Registration)
    settings = table_of(RegistrationSettings)
    event_id = bindparam("event_id", type_=Integer)
    start = select(func.min(sessions.c.starts_at)).where(
        sessions.c.event_id == event_id, sessions.c.status != SessionStatus.CANCELLED
    )
    held = (
        select(func.count())
        .select_from(registrations)
        .where(
            registrations.c.event_id == event_id,
            # The statuses as literals, not an expanding list rebuilt on every run.
            registrations.c.status.in_(
                [literal(status, registrations.c.status.type) for status in PLACE_HOLDING_STATUSES]
            ),
        )
    )
    waiting = select(func.coalesce(func.max(registrations.c.waitlist_position), 0)).where(
        registrations.c.event_id == event_id
    )
    return (
        select(
            events.c.programme_id,
            events.c.status,
            programmes.c.status.label("programme_status"),
            select(sessions.c.id).where(sessions.c.event_id == event_id).exists(),
            start.scalar_subquery(),
            events.c.registration_opens_at,
            events.c.registration_closes_at,
            events.c.capacity,
            # Counted only where places are limited: the count is the one cost that grows.
            case((events.c.capacity.is_(None), 0), else_=held.scalar_subquery()),
            waiting.scalar_subquery(),
            select(settings.c.waitlist_enabled)
            .where(settings.c.event_id == event_id)
            .scalar_subquery(),
        )
        .join(programmes, programmes.c.id == events.c.programme_id)
        .where(events.c.id == event_id)
    )


def scheduled_session_starts(event_id: int) -> list[tuple[int, datetime]]:
    """Each session of the event not cancelled, its id and start, in order of start (for the
    reminders of a registration written as rows)."""
    return [
        (row[0], row[1]) for row in db.session.execute(_starts_statement(), {"event_id": event_id})
    ]


@functools.cache
def _starts_statement() -> Select[Any]:
    sessions = table_of(EventSession)
    return (
        select(sessions.c.id, sessions.c.starts_at)
        .where(
            sessions.c.event_id == bindparam("event_id", type_=Integer),
            sessions.c.status != SessionStatus.CANCELLED,
        )
        .order_by(sessions.c.starts_at)
    )


def locked_place_facts(event_id: int) -> PlaceFacts:
    """Lock the event (locking.py), then read its facts: a statement after the lock, so that
    on PostgreSQL it sees every registration committed by whoever held the lock before."""
    if not lock_events([event_id]):
        raise RegistrationError(gettext("There is no such event."), "not_found")
    (programme_id, status, programme_status, has_sessions, start, opens, closes, capacity) = (
        row := db.session.execute(_facts_statement(), {"event_id": event_id}).one()
    )[:8]
    held, waiting, waitlist_on = row[8:]
    return PlaceFacts(
        event_id=event_id,
        programme_id=programme_id,
        status=status,
        programme_status=programme_status,
        has_sessions=bool(has_sessions),
        start=start,
        opens=opens,
        closes=closes,
        capacity=capacity,
        held=int(held),
        waiting=int(waiting),
        waitlist_on=True if waitlist_on is None else bool(waitlist_on),
    )


def locked_event(event_id: int) -> Event:
    if not lock_events([event_id]):
        raise RegistrationError(gettext("There is no such event."), "not_found")
    return reload_event(event_id)


def reload_event(event_id: int) -> Event:
    event = db.session.get(
        Event,
        event_id,
        populate_existing=True,
        options=[selectinload(Event.sessions), selectinload(Event.programme)],
    )
    assert event is not None
    return event


def close_up_waitlist(event_id: int) -> None:
    """Renumber the waiting list 1..N in its order, after rows left it without a service (a
    person deleted). Call with the event locked."""
    waiting = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event_id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.waitlist_position)
        )
    )
    if [registration.waitlist_position for registration in waiting] == list(
        range(1, len(waiting) + 1)
    ):
        return
    # Through negative numbers, as in locking.close_waitlist_gap, so that no two rows ever share a position.
    for rank, registration in enumerate(waiting, start=1):
        registration.waitlist_position = -rank
    db.session.flush()
    for registration in waiting:
        registration.waitlist_position = -cast(int, registration.waitlist_position)
    db.session.flush()


def leave_waitlist(registration: Registration) -> None:
    position = registration.waitlist_position
    registration.waitlist_position = None
    db.session.flush()
    if position is not None:
        close_waitlist_gap(Registration, Registration.event_id, registration.event_id, position, 1)


def fill_places(event: Event, now: datetime) -> list[Registration]:
    """Give free places to the waiting list, first in line first; never once the event has
    started. Call with the event locked."""
    if event.status != EventStatus.PUBLISHED or has_started(event, now):
        return []
    query = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_position)
        .options(selectinload(Registration.user))
    )
    if event.capacity is not None:
        free = event.capacity - places_held(event.id)
        if free <= 0:
            return []
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    if not promoted:
        return []
    for registration in promoted:
        registration.set_status(RegistrationStatus.CONFIRMED)
        registration.waitlist_position = None
        registration.confirmed_at = now
    db.session.flush()
    close_waitlist_gap(Registration, Registration.event_id, event.id, len(promoted), len(promoted))
    for registration in promoted:
        queue_registration_email(registration, event, "registration_promoted", with_calendar=True)
        queue_reminders(registration, event, now)
    return promoted


def withdraw(registration: Registration, event: Event, now: datetime) -> bool:
    """Take the registration off the list of places and the waiting list, and withdraw its
    reminders; returns whether it held a place. Call with the event locked."""
    held_place = registration.holds_place
    registration.set_status(RegistrationStatus.CANCELLED)
    registration.cancelled_at = now
    leave_waitlist(registration)
    cancel_reminders(registration, event.sessions)
    return held_place


def release_place(registration: Registration, event: Event, now: datetime) -> list[Registration]:
    """Withdraw the registration and give the place it held to the next in line. Call with
    the event locked."""
    return fill_places(event, now) if withdraw(registration, event, now) else []


# --- Subscribers (hls_events/subscribers.py) ---------------------------------------------------


def places_added(change: PlacesAdded) -> None:
    """More places: the waiting list gets them at once."""
    db.session.flush()
    lock_events([change.event.id])
    fill_places(change.event, utcnow())


def places_released(change: PlacesReleased) -> None:
    """Places left without their holders cancelling (a person erased): the waiting lists close
    up and move up at once."""
    now = utcnow()
    db.session.flush()
    for event_id in sorted(lock_events(change.event_ids)):
        close_up_waitlist(event_id)
        fill_places(reload_event(event_id), now)
