"""The organiser's desk: a programme's numbers, by event, built in a fixed number of queries.

An organiser sees every event of the programme; a host sees their organisations' events only,
and the totals of those events only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..lazy_text import _l
from ..models import Event, EventStatus, Programme, Registration, RegistrationStatus, User
from ..models.registration import ACTIVE_STATUSES, PLACE_HOLDING_STATUSES
from .services import events_managed_by

NEARLY_FULL = 0.9
UNDER_A_QUARTER = 0.25


class FillState(enum.StrEnum):
    FULL = "full"
    NEARLY_FULL = "nearly_full"
    LOW = "low"
    NORMAL = "normal"
    UNLIMITED = "unlimited"

    @property
    def label(self) -> str:
        return str(
            {
                "full": _l("Full"),
                "nearly_full": _l("Nearly full"),
                "low": _l("Under a quarter full"),
                "normal": "",
                "unlimited": "",
            }[self.value]
        )


class DeskSort(enum.StrEnum):
    DATE = "date"
    TITLE = "title"
    REGISTRATIONS = "registrations"
    PLACES_LEFT = "places_left"
    WAITING = "waiting"
    FILL = "fill"

    @property
    def label(self) -> str:
        return str(
            {
                "date": _l("Date"),
                "title": _l("Event"),
                "registrations": _l("Registrations"),
                "places_left": _l("Places left"),
                "waiting": _l("Waiting"),
                "fill": _l("Fill"),
            }[self.value]
        )


@dataclass(frozen=True)
class EventNumbers:
    event: Event
    starts_at: datetime | None
    registrations: int
    waiting: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations, 0)

    @property
    def fill(self) -> float | None:
        """Places taken as a fraction of capacity (None when places are unlimited)."""
        if not self.capacity:
            return None
        return self.registrations / self.capacity

    @property
    def fill_percent(self) -> int | None:
        fill = self.fill
        return None if fill is None else round(fill * 100)

    @property
    def state(self) -> FillState:
        fill = self.fill
        if fill is None or self.event.status == EventStatus.CANCELLED:
            return FillState.UNLIMITED
        if fill >= 1:
            return FillState.FULL
        if fill >= NEARLY_FULL:
            return FillState.NEARLY_FULL
        if fill < UNDER_A_QUARTER:
            return FillState.LOW
        return FillState.NORMAL


@dataclass(frozen=True)
class DeskTotals:
    registrations: int
    people: int
    places_left: int | None
    waiting: int
    capacity: int
    registrations_in_limited: int

    @property
    def fill_percent(self) -> int | None:
        if not self.capacity:
            return None
        return round(self.registrations_in_limited * 100 / self.capacity)


@dataclass(frozen=True)
class Desk:
    programme: Programme
    rows: list[EventNumbers]
    totals: DeskTotals
    sort: DeskSort
    is_organiser: bool

    def count(self, state: FillState) -> int:
        return sum(1 for row in self.rows if row.state == state)


def _sort_key(sort: DeskSort) -> Callable[[EventNumbers], Any]:
    far_future = datetime.max

    def by_date(row: EventNumbers) -> tuple[Any, ...]:
        starts = row.starts_at.replace(tzinfo=None) if row.starts_at else far_future
        return (starts, row.event.title.lower())

    keys = {
        DeskSort.DATE: by_date,
        DeskSort.TITLE: lambda row: (row.event.title.lower(), by_date(row)),
        DeskSort.REGISTRATIONS: lambda row: (-row.registrations, by_date(row)),
        DeskSort.PLACES_LEFT: lambda row: (
            row.places_left is None,
            row.places_left or 0,
            by_date(row),
        ),
        DeskSort.WAITING: lambda row: (-row.waiting, by_date(row)),
        DeskSort.FILL: lambda row: (row.fill is None, -(row.fill or 0), by_date(row)),
    }
    return keys[sort]


def parse_sort(value: str | None) -> DeskSort:
    try:
        return DeskSort(value or DeskSort.DATE)
    except ValueError:
        return DeskSort.DATE


def programme_desk(user: User, programme: Programme, sort: DeskSort, is_organiser: bool) -> Desk:
    """The numbers of every event this person manages in the programme: three queries for the
    events (with sessions and hosts), one for the counts, one for the people."""
    events = events_managed_by(user, programme)
    event_ids = [event.id for event in events]
    counts: dict[tuple[int, RegistrationStatus], int] = {}
    people = 0
    if event_ids:
        rows = db.session.execute(
            select(Registration.event_id, Registration.status, func.count())
            .where(Registration.event_id.in_(event_ids))
            .group_by(Registration.event_id, Registration.status)
        )
        counts = {(event_id, status): number for event_id, status, number in rows}
        people = (
            db.session.scalar(
                select(func.count(func.distinct(Registration.user_id))).where(
                    Registration.event_id.in_(event_ids),
                    Registration.status.in_(ACTIVE_STATUSES),
                )
            )
            or 0
        )
    numbers = []
    for event in events:
        starts = [session.starts_at for session in event.sessions]
        numbers.append(
            EventNumbers(
                event=event,
                starts_at=min(starts) if starts else None,
                registrations=sum(counts.get((event.id, s), 0) for s in PLACE_HOLDING_STATUSES),
                waiting=counts.get((event.id, RegistrationStatus.WAITLISTED), 0),
                capacity=event.capacity,
            )
        )
    numbers.sort(key=_sort_key(sort))
    live = [row for row in numbers if row.event.status != EventStatus.CANCELLED]
    limited = [row for row in live if row.capacity is not None]
    totals = DeskTotals(
        registrations=sum(row.registrations for row in live),
        people=people,
        places_left=sum(row.places_left or 0 for row in limited) if limited else None,
        waiting=sum(row.waiting for row in live),
        capacity=sum(row.capacity or 0 for row in limited),
        registrations_in_limited=sum(row.registrations for row in limited),
    )
    return Desk(programme, numbers, totals, sort, is_organiser)
