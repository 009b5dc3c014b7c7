"""Reading the log of schedule changes, for the page, the feed and the programme's notice.

Each costs a fixed number of queries, however long the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import Row, Select, bindparam, func, select

from ..extensions import db
from ..models import ChangeKind, Event, Programme, ScheduleChange, utcnow
from ..organise.permissions import PUBLIC_EVENT_STATUSES
from ..visibility import is_one_of

PAGE_SIZE = 50
FEED_SIZE = 50
# How long the programme page points returning visitors at what changed.
RECENT = timedelta(days=14)


@dataclass(frozen=True)
class ChangeItem:
    change: ScheduleChange
    # The event's address name while anyone can open its page, else None.
    event_slug: str | None


@dataclass(frozen=True)
class ChangesPage:
    items: list[ChangeItem]
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _query(programme: Programme) -> Select[ScheduleChange, str, bool]:
    linkable = is_one_of(Event.status, PUBLIC_EVENT_STATUSES)
    return (
        select(ScheduleChange, Event.slug, linkable)
        .outerjoin(Event, Event.id == ScheduleChange.event_id)
        .where(ScheduleChange.programme_id == programme.id)
        .order_by(ScheduleChange.changed_at.desc(), ScheduleChange.id.desc())
    )


def _items(rows: Iterable[Row[ScheduleChange, str, bool]]) -> list[ChangeItem]:
    return [ChangeItem(change, slug if linkable else None) for change, slug, linkable in rows]


def changes_page(programme: Programme, page: int) -> ChangesPage:
    """One page of changes, newest first: one query (it asks for one more to know of a next)."""
    page = max(page, 1)
    rows = list(
        db.session.execute(_query(programme).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))
    )
    return ChangesPage(_items(rows[:PAGE_SIZE]), page, len(rows) > PAGE_SIZE)


def latest_changes(programme: Programme, limit: int = FEED_SIZE) -> list[ChangeItem]:
    return _items(db.session.execute(_query(programme).limit(limit)))


def recent_change_count(programme: Programme) -> int:
    """Changes since publishing in the last two weeks: what a returning visitor may have missed."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(ScheduleChange)
            .where(
                ScheduleChange.programme_id == programme.id,
                ScheduleChange.changed_at >= utcnow() - RECENT,
                ScheduleChange.kind != ChangeKind.PUBLISHED,
            )
        )
        or 0
    )


def changes_of_event(event_id: int, limit: int = 5) -> list[ScheduleChange]:
    """The latest changes to one event, newest first."""
    return list(
        db.session.scalars(_changes_of_event_query(), {"event_id": event_id, "limit": limit})
    )


@cache
def _changes_of_event_query() -> Select[ScheduleChange]:
    """Built once per worker (each event page asks)."""
    return (
        select(ScheduleChange)
        .where(ScheduleChange.event_id == bindparam("event_id"))
        .order_by(ScheduleChange.changed_at.desc(), ScheduleChange.id.desc())
        .limit(bindparam("limit"))
    )
