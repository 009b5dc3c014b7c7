"""Loading a large generated programme, for trying the app at scale: thousands of events,
and a past programme beside it whose crowd reflected on them (crowd.py)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from itertools import product
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from ..extensions import db
from ..localtime import to_utc
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeStatus,
    SessionStatus,
    SpeakerRole,
    Theme,
    event_themes,
)
from ..slugs import slugify
from . import data
from .common import (
    TIMEZONE,
    DemoSummary,
    PastEvent,
    bulk_insert,
    demo_organiser,
    find_or_create_organisation,
    find_or_create_themes,
    insert_speakers,
    joining_url,
    programme_exists,
    programme_start,
    weekdays_from,
)
from .crowd import add_crowd

LARGE_SLUG = "hls-week-large"
LARGE_TITLE = "HLS Week (large demo)"
LARGE_SEED = 2027
LARGE_PAST_SLUG = "hls-week-large-past"
LARGE_PAST_TITLE = "HLS Week (large demo, two years ago)"

# Formats where a recording is usual, and where the people leading are facilitators.
_USUALLY_RECORDED = {
    EventFormat.WEBINAR,
    EventFormat.PANEL,
    EventFormat.STORY_SESSION,
    EventFormat.CONVERSATION,
}
_FACILITATED = {
    EventFormat.WORKSHOP,
    EventFormat.LEARNING_CIRCLE,
    EventFormat.NETWORKING,
    EventFormat.SITE_VISIT,
}


@dataclass
class _EventPlan:
    """One generated event before it has an id: its row, sessions, themes and people."""

    row: dict[str, Any]
    sessions: list[dict[str, Any]]
    themes: list[str]
    roles: list[tuple[int, SpeakerRole]] = field(default_factory=list)  # speaker index, role


def settle_after_loading() -> None:
    """Tell the query planner what is there now, as autovacuum would in time: until then
    PostgreSQL plans for the empty tables it last looked at (a search took ten times as long),
    and each full-text index keeps the rows loaded into it in a pending list that every search
    reads through (and for which the planner passes the index over)."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def load_large_demo(event_count: int, today: date) -> DemoSummary:
    """Load a generated programme of `event_count` events, for trying the app at scale.

    Every choice comes from random.Random(LARGE_SEED), in a fixed order, so the same command
    on an empty database gives the same titles, slugs and times (the start date follows the
    same rule as the demo week). Rows are written with bulk inserts, not one ORM object at a
    time, so thousands of events load in seconds.
    """
    rng = random.Random(LARGE_SEED)
    day_count = min(20, max(5, math.ceil(event_count / 50)))
    days = weekdays_from(programme_start(today), day_count)
    if programme_exists(LARGE_SLUG) or programme_exists(LARGE_PAST_SLUG):
        return DemoSummary(LARGE_SLUG, LARGE_TITLE, days[0], days[-1], loaded=False)

    zone = ZoneInfo(TIMEZONE)
    themes = find_or_create_themes(data.THEMES)
    organisations = [
        find_or_create_organisation(spec.slug, spec.name, spec.kind, spec.country, spec.website)
        for spec in data.ORGANISATIONS
    ]
    for name, kind in _extra_organisation_names(rng, event_count // 50):
        organisations.append(find_or_create_organisation(slugify(name), name, kind))
    programme = _generated_programme(
        LARGE_SLUG,
        LARGE_TITLE,
        f"A generated programme of {event_count} events for trying HLS Events at scale.",
        days,
        themes,
    )

    # Every organisation gets at least one speaker, so every event can have a host from it.
    speaker_rows = _generate_speakers(
        rng, organisations, max(round(event_count * 1.5), len(organisations))
    )
    speaker_ids = insert_speakers(speaker_rows)
    speakers_by_organisation: dict[int, list[int]] = {}
    for index, row in enumerate(speaker_rows):
        speakers_by_organisation.setdefault(row["organisation_id"], []).append(index)

    plans = [
        _plan_event(rng, index, programme, days, zone, organisations, speakers_by_organisation)
        for index in range(event_count)
    ]
    event_ids, session_rows = _insert_events(programme, plans, themes, speaker_rows, speaker_ids)

    # Everything below comes from `rng` after the events above, so they stay as they are.
    # A past programme a tenth the size, held two years before, that people attended and
    # reflected on: the practice record needs events that have happened.
    past_days = weekdays_from(days[0] - timedelta(weeks=104), day_count)
    past = _generated_programme(
        LARGE_PAST_SLUG,
        LARGE_PAST_TITLE,
        f"The generated programme two years before {LARGE_TITLE}, with what people took from it.",
        past_days,
        themes,
    )
    past_plans = [
        _plan_event(rng, index, past, past_days, zone, organisations, speakers_by_organisation)
        for index in range(max(1, event_count // 10))
    ]
    for plan in past_plans:
        plan.row["capacity"] = None  # open to all: hundreds came to each
    past_event_ids, _ = _insert_events(past, past_plans, themes, speaker_rows, speaker_ids)

    crowd = add_crowd(
        rng,
        event_count,
        upcoming=[(event_ids[plan.row["slug"]], plan.row["capacity"]) for plan in plans],
        past=past,
        past_events=[
            crowd_event(plan, past_event_ids, themes, speaker_rows, speaker_ids)
            for plan in past_plans
        ],
    )

    db.session.commit()
    settle_after_loading()
    return DemoSummary(
        LARGE_SLUG,
        LARGE_TITLE,
        days[0],
        days[-1],
        loaded=True,
        events=event_count,
        sessions=len(session_rows),
        minutes=sum(
            int((row["ends_at"] - row["starts_at"]).total_seconds() // 60) for row in session_rows
        ),
        organisations=len(organisations),
        speakers=len(speaker_rows),
        themes=len(themes),
        people=crowd.people,
        registrations=crowd.registrations,
        full_events=crowd.full_events,
        reflections=crowd.reflections,
        write_ups=crowd.write_ups,
    )


def _generated_programme(
    slug: str, title: str, summary: str, days: list[date], themes: dict[str, Theme]
) -> Programme:
    """A published programme over ``days`` run by the demo organiser, with ids for bulk rows."""
    programme = Programme(
        slug=slug,
        title=title,
        summary=summary,
        description=data.PROGRAMME_DESCRIPTION.format(title=title),
        timezone=TIMEZONE,
        starts_on=days[0],
        ends_on=days[-1],
        status=ProgrammeStatus.PUBLISHED,
        themes=[themes[name] for name in data.THEMES],
    )
    db.session.add(programme)
    programme.organisers.append(demo_organiser())
    db.session.flush()
    return programme


def _insert_events(
    programme: Programme,
    plans: list[_EventPlan],
    themes: dict[str, Theme],
    speaker_rows: list[dict[str, Any]],
    speaker_ids: dict[str, int],
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Bulk-insert planned events with their sessions, themes and speakers; their ids by slug."""
    bulk_insert(Event, [plan.row for plan in plans])
    event_ids: dict[str, int] = dict(
        db.session.execute(
            select(Event.slug, Event.id).where(Event.programme_id == programme.id)
        ).all()
    )
    session_rows = [
        {**sitting, "event_id": event_ids[plan.row["slug"]]}
        for plan in plans
        for sitting in plan.sessions
    ]
    bulk_insert(EventSession, session_rows)
    theme_rows = [
        {"event_id": event_ids[plan.row["slug"]], "theme_id": themes[name].id}
        for plan in plans
        for name in plan.themes
    ]
    bulk_insert(event_themes, theme_rows)
    bulk_insert(
        EventSpeaker,
        [
            {
                "event_id": event_ids[plan.row["slug"]],
                "speaker_id": speaker_ids[speaker_rows[speaker_index]["slug"]],
                "role": role,
                "position": position,
            }
            for plan in plans
            for position, (speaker_index, role) in enumerate(plan.roles)
        ],
    )
    return event_ids, session_rows


def crowd_event(
    plan: _EventPlan,
    event_ids: dict[str, int],
    themes: dict[str, Theme],
    speaker_rows: list[dict[str, Any]],
    speaker_ids: dict[str, int],
) -> PastEvent:
    """What the crowd needs to know of a past event: when it ended, its themes and host."""
    host_index = next(index for index, role in plan.roles if role == SpeakerRole.HOST)
    return PastEvent(
        id=event_ids[plan.row["slug"]],
        title=plan.row["title"],
        ended_at=max(sitting["ends_at"] for sitting in plan.sessions),
        theme_ids=[themes[name].id for name in plan.themes],
        host_id=speaker_ids[speaker_rows[host_index]["slug"]],
    )


def _extra_organisation_names(rng: random.Random, count: int) -> list[tuple[str, OrganisationKind]]:
    """Invented organisations beyond the demo week's 14, so a large programme has variety."""
    combinations = list(product(data.PLACES, data.ORGANISATION_PATTERNS))
    chosen = rng.sample(combinations, min(count, len(combinations)))
    return [(pattern.format(place=place), kind) for place, (pattern, kind) in chosen]


def _generate_speakers(
    rng: random.Random, organisations: list[Organisation], count: int
) -> list[dict[str, Any]]:
    rows = []
    for index in range(count):
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        organisation = (
            organisations[index] if index < len(organisations) else rng.choice(organisations)
        )
        topic, _ = rng.choice(data.TOPICS)
        rows.append(
            {
                # The number keeps generated people with the same name apart.
                "slug": f"{slugify(f'{first} {last}')}-{index + 1}",
                "name": f"{first} {last}",
                "pronouns": rng.choice(("", "", "", "she/her", "he/him", "they/them")),
                "job_title": rng.choice(data.JOB_TITLES),
                "organisation_id": organisation.id,
                "bio": f"{first} works on {topic} at {organisation.name}.",
            }
        )
    return rows


def _plan_event(
    rng: random.Random,
    index: int,
    programme: Programme,
    days: list[date],
    zone: ZoneInfo,
    organisations: list[Organisation],
    speakers_by_organisation: dict[int, list[int]],
) -> _EventPlan:
    """One generated event; the order of `rng` calls here is part of the demo's identity."""
    event_format = rng.choices(list(data.FORMAT_WEIGHTS), list(data.FORMAT_WEIGHTS.values()))[0]
    if event_format == EventFormat.SITE_VISIT:
        mode = EventMode.IN_PERSON
    else:
        mode = rng.choices((EventMode.ONLINE, EventMode.HYBRID, EventMode.IN_PERSON), (65, 20, 15))[
            0
        ]
    topic, topic_theme = rng.choice(data.TOPICS)
    context = rng.choice(data.CONTEXTS)
    pattern = rng.choice(data.TITLE_PATTERNS[event_format])
    title = pattern.format(topic=topic, context=context)
    title = title[0].upper() + title[1:]
    slug = f"{slugify(title)}-{index + 1}"
    organisation = rng.choice(organisations)
    extra_themes = rng.sample(data.THEMES, rng.randint(0, 2))
    theme_names = [topic_theme, *(name for name in extra_themes if name != topic_theme)]

    # About 1.5 sittings an event; a series meets at the same time on consecutive weekdays.
    session_count = rng.choices((1, 2, 3), (6, 3, 1))[0]
    first_day = rng.randrange(len(days) - session_count + 1)
    early = rng.random() < 0.03
    if early:
        minutes, start_minute = 60, 7 * 60 + 30  # for attendees in Australasia
    else:
        minutes = rng.choice((60, 60, 90, 90, 120, 150))
        start_minute = rng.choice(range(9 * 60, 17 * 60 + 30 - minutes + 1, 30))
    venue_name, venue_address = (
        rng.choice(list(data.VENUES.values())) if mode != EventMode.ONLINE else ("", "")
    )
    url = joining_url(programme.slug, slug) if mode != EventMode.IN_PERSON else ""
    sessions = []
    for number in range(session_count):
        day = days[first_day + number]
        starts_at = to_utc(day, time(start_minute // 60, start_minute % 60), zone)
        sessions.append(
            {
                "title": f"Part {number + 1} of {session_count}" if session_count > 1 else "",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=minutes),
                "venue_name": venue_name,
                "venue_address": venue_address,
                "joining_url": url,
                "status": SessionStatus.SCHEDULED,
                "sequence": 0,
            }
        )

    summary = f"A {event_format.label.lower()} on {topic} {context}, hosted by {organisation.name}."
    if early:
        summary += " Timed for attendees in Australasia."
    row = {
        "programme_id": programme.id,
        "organisation_id": organisation.id,
        "slug": slug,
        "title": title,
        "summary": summary,
        "description": data.paragraphs(
            f"This {event_format.label.lower()} looks at {topic} {context}: what people are "
            "trying, what they are learning and what gets in the way.",
            f"It is hosted by {organisation.name}, with time for questions and discussion.",
        ),
        "format": event_format,
        "mode": mode,
        "capacity": rng.choice(data.CAPACITIES),
        "is_recorded": rng.random() < (0.8 if event_format in _USUALLY_RECORDED else 0.2),
        "access_arrangements": rng.choice(data.ACCESS_ARRANGEMENTS),
        "status": EventStatus.PUBLISHED,
    }

    host = rng.choice(speakers_by_organisation[organisation.id])
    others_count = rng.randint(1, 3)
    speaker_count = sum(len(indexes) for indexes in speakers_by_organisation.values())
    others = [i for i in rng.sample(range(speaker_count), others_count + 1) if i != host]
    role = SpeakerRole.FACILITATOR if event_format in _FACILITATED else SpeakerRole.SPEAKER
    roles = [(host, SpeakerRole.HOST), *((i, role) for i in others[:others_count])]
    return _EventPlan(row=row, sessions=sessions, themes=theme_names, roles=roles)
