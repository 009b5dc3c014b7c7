"""How many places an event has, who holds them and who waits: the waiting list's rules.

Every change to who holds an event's places runs under the event's write lock (locking.py):
the transaction's first statement locks the event, then places are counted and the waiting
list is read and written, then it commits. So an event never has more confirmed places than
its capacity, its waiting list is numbered 1..N without gaps or repeats, and places go to
the waiting list in order, whatever number of processes serve the app. Nothing here commits.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..domain_events import PlacesAdded, PlacesReleased
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventStatus,
    ProgrammeStatus,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    utcnow,
)
from ..translation import gettext
from .errors import RegistrationError
from .locking import close_waitlist_gap, lock_events
from .notices import cancel_reminders, queue_registration_email, queue_reminders, scheduled_sessions


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
    return window_from_facts(
        status=event.status,
        programme_status=event.programme.status,
        has_sessions=bool(event.sessions),
        start=event_start(event),
        opens=event.registration_opens_at,
        closes=event.registration_closes_at,
        now=now,
    )


def window_from_facts(
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
