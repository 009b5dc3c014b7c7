"""Reading the published programme. Queries here are fixed in number whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import to_local
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Speaker,
    Theme,
    event_themes,
)
from ..organise.permissions import is_organiser_of


@dataclass(frozen=True)
class ScheduleFilters:
    day: date | None = None
    theme: str | None = None
    format: EventFormat | None = None
    mode: EventMode | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.day, self.theme, self.format, self.mode))


@dataclass
class ScheduleDay:
    day: date
    sessions: list[EventSession] = field(default_factory=list)


@dataclass
class Schedule:
    days: list[ScheduleDay]
    event_count: int
    unscheduled: list[Event]


def current_and_upcoming_programmes(today: date) -> list[Programme]:
    return list(
        db.session.scalars(
            select(Programme)
            .where(Programme.status == ProgrammeStatus.PUBLISHED, Programme.ends_on >= today)
            .order_by(Programme.starts_on, Programme.title)
        )
    )


def past_programmes(today: date, limit: int = 20) -> list[Programme]:
    return list(
        db.session.scalars(
            select(Programme)
            .where(
                Programme.status.in_([ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED]),
                Programme.ends_on < today,
            )
            .order_by(Programme.starts_on.desc())
            .limit(limit)
        )
    )


def visible_programme(slug: str, viewer: Any) -> Programme | None:
    """The programme if this viewer may see it: published or archived, or organised by them."""
    programme = db.session.scalar(
        select(Programme)
        .where(Programme.slug == slug)
        .options(selectinload(Programme.themes), selectinload(Programme.organisers))
    )
    if programme is None:
        return None
    if programme.status == ProgrammeStatus.DRAFT and not is_organiser_of(viewer, programme):
        return None
    return programme


def _visible_event_statuses(programme: Programme, viewer: Any) -> list[EventStatus]:
    if is_organiser_of(viewer, programme):
        return list(EventStatus)
    return [EventStatus.PUBLISHED, EventStatus.CANCELLED]


def _event_detail_options() -> list[Any]:
    return [
        selectinload(Event.sessions),
        selectinload(Event.themes),
        selectinload(Event.organisation),
        selectinload(Event.speaker_roles)
        .selectinload(EventSpeaker.speaker)
        .selectinload(Speaker.organisation),
    ]


def visible_event(programme: Programme, slug: str, viewer: Any) -> Event | None:
    event = db.session.scalar(
        select(Event)
        .where(
            Event.programme_id == programme.id,
            Event.slug == slug,
            Event.status.in_(_visible_event_statuses(programme, viewer)),
        )
        .options(*_event_detail_options())
    )
    if event is not None:
        event.programme = programme
    return event


def schedule_days(programme: Programme, viewer: Any) -> list[date]:
    """The local days on which the viewer's visible sessions fall, for the day filter."""
    starts = db.session.scalars(
        select(EventSession.starts_at)
        .join(Event)
        .where(
            Event.programme_id == programme.id,
            Event.status.in_(_visible_event_statuses(programme, viewer)),
        )
        .distinct()
    )
    zone = programme.zone
    return sorted({to_local(start, zone).date() for start in starts})


def schedule_themes(programme: Programme, viewer: Any) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme)
            .join(event_themes, event_themes.c.theme_id == Theme.id)
            .join(Event, Event.id == event_themes.c.event_id)
            .where(
                Event.programme_id == programme.id,
                Event.status.in_(_visible_event_statuses(programme, viewer)),
            )
            .distinct()
            .order_by(Theme.name)
        )
    )


def build_schedule(programme: Programme, filters: ScheduleFilters, viewer: Any) -> Schedule:
    """Sessions grouped by day in the programme's time zone, narrowed by the filters."""
    query = (
        select(Event)
        .where(
            Event.programme_id == programme.id,
            Event.status.in_(_visible_event_statuses(programme, viewer)),
        )
        .options(*_event_detail_options())
        .order_by(Event.title)
    )
    if filters.theme:
        query = query.where(Event.themes.any(Theme.slug == filters.theme))
    if filters.format:
        query = query.where(Event.format == filters.format)
    if filters.mode:
        query = query.where(Event.mode == filters.mode)
    events = list(db.session.scalars(query))

    zone = programme.zone
    by_day: dict[date, list[EventSession]] = defaultdict(list)
    unscheduled: list[Event] = []
    for event in events:
        event.programme = programme
        if not event.sessions:
            unscheduled.append(event)
        for session in event.sessions:
            day = to_local(session.starts_at, zone).date()
            if filters.day is None or day == filters.day:
                by_day[day].append(session)
    if filters.day is not None:
        unscheduled = []
    days = [
        ScheduleDay(day, sorted(sessions, key=lambda s: (s.starts_at, s.event.title)))
        for day, sessions in sorted(by_day.items())
    ]
    shown = {session.event_id for day in days for session in day.sessions}
    return Schedule(days=days, event_count=len(shown) + len(unscheduled), unscheduled=unscheduled)
