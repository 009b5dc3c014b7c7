"""Reading the published programme. Queries here are fixed in number whatever the data size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Select,
    bindparam,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.strategy_options import _AbstractLoad

from ..extensions import db
from ..localtime import to_local, to_utc
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    Organisation,
    Programme,
    ProgrammeStatus,
    Speaker,
    SpeakerRole,
    Theme,
    event_themes,
)
from ..visibility import (
    ANONYMOUS,
    Person,
    Viewer,
    public_programme_clause,
    shown_events_clause,
    shows_programme,
)


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
                public_programme_clause(),
                Programme.ends_on < today,
            )
            .order_by(Programme.starts_on.desc())
            .limit(limit)
        )
    )


def visible_programme(slug: str, viewer: Person, *, details: bool = True) -> Programme | None:
    """The programme if the public pages show it to this viewer (hls_events/visibility.py).

    ``details`` False skips loading what only pages show (for a form post, say).
    """
    query = select(Programme).where(Programme.slug == slug)
    if details:
        query = query.options(selectinload(Programme.themes), selectinload(Programme.organisers))
    programme = db.session.scalar(query)
    if programme is None:
        return None
    if not shows_programme(Viewer.of(viewer), programme):
        return None
    return programme


def _event_detail_options() -> list[_AbstractLoad]:
    """The event with its host, its sessions, its themes, and its speakers with their
    organisations (one row each: a speaker has one profile and one organisation), in four
    statements. Joining the themes or the speakers as well took longer than their own
    statements."""
    return [
        joinedload(Event.organisation),
        selectinload(Event.sessions),
        selectinload(Event.themes),
        selectinload(Event.speaker_roles)
        .joinedload(EventSpeaker.speaker, innerjoin=True)
        .joinedload(Speaker.organisation),
    ]


def visible_event(
    programme: Programme, slug: str, viewer: Person, *, details: bool = True
) -> Event | None:
    query = select(Event).where(
        Event.programme_id == programme.id,
        Event.slug == slug,
        shown_events_clause(Viewer.of(viewer)),
    )
    if details:
        query = query.options(*_event_detail_options())
    event = db.session.scalar(query)
    if event is not None:
        # Already its programme: set without history or the backref to programme.events,
        # which would cost a list operation per event (most of a large day's build).
        set_committed_value(event, "programme", programme)
    return event


def visible_event_page(programme_slug: str, event_slug: str, viewer: Person) -> Event | None:
    """The event page's event with its programme (``event.programme``), its host and its
    sessions, found together: an event shown to a viewer is always in a programme shown to
    them. Its speakers and themes are read apart as plain rows (``event_page``); the
    programme's themes and organisers are not loaded: the schedule needs the first, and only a
    signed-in reader the second."""
    shown_to = Viewer.of(viewer)
    query = _event_page_query(shown_to) if shown_to.signed_in else _public_event_page_query()
    return (
        db.session.scalars(query, {"programme_slug": programme_slug, "event_slug": event_slug})
        .unique()
        .one_or_none()
    )


def _event_page_query(viewer: Viewer) -> Select[Event]:
    return (
        select(Event)
        .join(Event.programme)
        .where(
            Programme.slug == bindparam("programme_slug"),
            Event.slug == bindparam("event_slug"),
            shown_events_clause(viewer),
        )
        .options(
            contains_eager(Event.programme),
            joinedload(Event.organisation),
            joinedload(Event.sessions),
        )
    )


@cache
def _public_event_page_query() -> Select[Event]:
    """Built once per worker: building the statement cost as much as running it."""
    return _event_page_query(ANONYMOUS)


class EventPerson(NamedTuple):
    """A host, speaker or facilitator as the event page lists them: a plain row."""

    slug: str
    name: str
    pronouns: str
    role: SpeakerRole
    job_title: str
    organisation: str | None


def event_people_and_themes(event_id: int) -> tuple[list[EventPerson], list[str]]:
    """The event's hosts, speakers and facilitators in their order, and its themes' names, as
    plain rows in one statement: loading them as objects, each speaker with their
    organisation, was a fifth of a built event page."""
    people: list[EventPerson] = []
    themes: list[str] = []
    for row in db.session.execute(_people_and_themes_query(), {"event_id": event_id}):
        if row[0] == "theme":
            themes.append(row[2])
        else:
            people.append(EventPerson._make(row[1:7]))
    return people, themes


@cache
def _people_and_themes_query() -> CompoundSelect[*tuple[Any, ...]]:
    """Built once per worker: building the statement cost as much as running it."""
    event_id: BindParameter[int] = bindparam("event_id")
    people = (
        select(
            literal("person").label("kind"),
            Speaker.slug,
            Speaker.name,
            Speaker.pronouns,
            EventSpeaker.role,
            Speaker.job_title,
            Organisation.name.label("organisation"),
            EventSpeaker.position,
            EventSpeaker.speaker_id,
        )
        .join_from(EventSpeaker, Speaker, Speaker.id == EventSpeaker.speaker_id)
        .outerjoin(Organisation, Organisation.id == Speaker.organisation_id)
        .where(EventSpeaker.event_id == event_id)
    )
    themes = (
        select(literal("theme"), null(), Theme.name, null(), null(), null(), null(), null(), null())
        .join_from(event_themes, Theme, Theme.id == event_themes.c.theme_id)
        .where(event_themes.c.event_id == event_id)
    )
    # People first: the union's columns take their types from them.
    columns = people.selected_columns
    return union_all(people, themes).order_by(
        columns.kind, columns.position, columns.speaker_id, columns.name
    )


# Above this many sessions the schedule shows one day at a time: every session of a programme of
# 2,000 events on one page would run to megabytes, too much to send or to read.
ONE_DAY_AT_A_TIME_ABOVE = 150


def schedule_day_counts(programme: Programme, viewer: Person) -> dict[date, int]:
    """How many of the viewer's visible sessions fall on each local day, in day order."""
    # Sessions share start times: the database counts the times, then each distinct one is
    # turned into a local day here (3,000 sessions are a few dozen rows).
    by_start = db.session.execute(
        select(EventSession.starts_at, func.count())
        .join(Event)
        .where(
            Event.programme_id == programme.id,
            shown_events_clause(Viewer.of(viewer)),
        )
        .group_by(EventSession.starts_at)
    )
    zone = programme.zone
    counts: Counter[date] = Counter()
    for start, number in by_start:
        counts[to_local(start, zone).date()] += number
    return dict(sorted(counts.items()))


def is_one_day_at_a_time(day_counts: dict[date, int]) -> bool:
    return sum(day_counts.values()) > ONE_DAY_AT_A_TIME_ABOVE


def with_default_day(
    programme: Programme, filters: ScheduleFilters, day_counts: dict[date, int], now: datetime
) -> ScheduleFilters:
    """The filters, with the day a one-day-at-a-time schedule opens on when none is chosen:
    today, else the next day with sessions, else (once the programme is over) its first day."""
    if filters.day is not None or not is_one_day_at_a_time(day_counts):
        return filters
    today = to_local(now, programme.zone).date()
    days = list(day_counts)
    return replace(filters, day=next((day for day in days if day >= today), days[0]))


def schedule_themes(programme: Programme, viewer: Person) -> list[Theme]:
    """The themes of the events the viewer sees. Each theme asks for one such event (EXISTS):
    joining every event's themes and taking them DISTINCT read the whole programme."""
    shown_with_theme = (
        select(event_themes.c.event_id)
        .join(Event, Event.id == event_themes.c.event_id)
        .where(
            event_themes.c.theme_id == Theme.id,
            Event.programme_id == programme.id,
            shown_events_clause(Viewer.of(viewer)),
        )
        .exists()
    )
    return list(db.session.scalars(select(Theme).where(shown_with_theme).order_by(Theme.name)))


def build_schedule(programme: Programme, filters: ScheduleFilters, viewer: Person) -> Schedule:
    """Sessions grouped by day in the programme's time zone, narrowed by the filters."""
    query = (
        select(Event)
        .where(
            Event.programme_id == programme.id,
            shown_events_clause(Viewer.of(viewer)),
        )
        # The schedule shows each event's host, sessions and themes, not its speakers.
        .options(
            joinedload(Event.organisation),
            selectinload(Event.sessions),
            selectinload(Event.themes),
        )
        .order_by(Event.title)
    )
    if filters.theme:
        query = query.where(Event.themes.any(Theme.slug == filters.theme))
    if filters.format:
        query = query.where(Event.format == filters.format)
    if filters.mode:
        query = query.where(Event.mode == filters.mode)
    if filters.day:
        # Only the events meeting that day, so a day of a large programme loads only its own:
        # the day's sessions found by their start (IN), not each event's sessions searched
        # for one that day (EXISTS, which SQLite ran per event of the whole programme).
        starts = to_utc(filters.day, time(0), programme.zone)
        ends = to_utc(filters.day + timedelta(days=1), time(0), programme.zone)
        query = query.where(
            Event.id.in_(
                select(EventSession.event_id).where(
                    EventSession.starts_at >= starts, EventSession.starts_at < ends
                )
            )
        )
    events = list(db.session.scalars(query))

    zone = programme.zone
    by_day: dict[date, list[EventSession]] = defaultdict(list)
    unscheduled: list[Event] = []
    for event in events:
        # Already its programme: set without history or the backref to programme.events,
        # which would cost a list operation per event (most of a large day's build).
        set_committed_value(event, "programme", programme)
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
