"""What registering needs to know of an event, read in one statement under its lock: the
event's state, its window, its places held, its waiting list (see availability.py for the
waiting list's rules, which this shares) and the sessions to remind people of."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, case, func, literal, select

from ..extensions import db
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
)
from ..translation import gettext
from .availability import Window, choose_place, window_from_facts
from .errors import RegistrationError
from .locking import lock_events
from .tables import table_of


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
    # Each session not cancelled, its id and start, in order of start (for the reminders).
    scheduled: tuple[tuple[int, datetime], ...]

    def window(self, now: datetime) -> Window:
        return window_from_facts(
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
    # One row for each session not cancelled (one with none if there are none): the other
    # columns do not depend on the row, so each database works them out once.
    scheduled = sessions.alias("scheduled")
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
            scheduled.c.id,
            scheduled.c.starts_at,
        )
        .join(programmes, programmes.c.id == events.c.programme_id)
        .outerjoin(
            scheduled,
            (scheduled.c.event_id == events.c.id) & (scheduled.c.status != SessionStatus.CANCELLED),
        )
        .where(events.c.id == event_id)
        .order_by(scheduled.c.starts_at, scheduled.c.id)
    )


def locked_place_facts(event_id: int) -> PlaceFacts:
    """Lock the event (locking.py), then read its facts: a statement after the lock, so that
    on PostgreSQL it sees every registration committed by whoever held the lock before."""
    if not lock_events([event_id]):
        raise RegistrationError(gettext("There is no such event."), "not_found")
    rows = db.session.execute(_facts_statement(), {"event_id": event_id}).all()
    programme_id, status, programme_status, has_sessions, start, opens, closes = rows[0][:7]
    capacity, held, waiting, waitlist_on = rows[0][7:11]
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
        scheduled=tuple((row[11], row[12]) for row in rows if row[11] is not None),
    )
