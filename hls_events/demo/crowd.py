"""The people of the large demo: who registered for its events, and what they took from them.

For every event of the large programme there are, on average, 25 people, 100 registrations
to come and 25 reflections on the past programme beside it: at 2,000 events, 50,000 people,
200,000 registrations, 50,000 attendances each with a reflection, and a write-up by the host
of every other past event. The shapes follow the demo week's (hls_events/demo/registrations.py)
and the past programme's (past.py), which the text is drawn from.

Rows go in with bulk inserts, as the events do, and obey the rules real ones do: one
registration per person and event, the earliest registrations hold the places, waiting-list
positions run 1..N in order of registering. The people are invented (``.example`` addresses),
already invited to reflect, and no email is queued for them.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Attribution,
    AuthorRole,
    Principle,
    Programme,
    Reflection,
    ReflectionConsent,
    ReflectionInvitation,
    Registration,
    RegistrationStatus,
    User,
    Visibility,
    WriteUp,
    WriteUpStatus,
    reflection_themes,
    utcnow,
)
from ..reflections.consent import consent_wording
from ..reflections.prompts import DEFAULT_PROMPTS
from . import past_data
from . import registrations as week_demo
from .common import PastEvent, bulk_insert

EMAIL_DOMAIN = "large.demo.hls-events.example"
PEOPLE_PER_EVENT = 25
REGISTRATIONS_PER_EVENT = 100
REFLECTIONS_PER_EVENT = 25
# Of the events with a limit on places, this share is full and has a waiting list.
FULL_SHARE = 0.15


@dataclass(frozen=True)
class Crowd:
    people: int
    registrations: int
    full_events: int
    reflections: int
    write_ups: int


def add_crowd(
    rng: random.Random,
    event_count: int,
    upcoming: list[tuple[int, int | None]],
    past: Programme,
    past_events: list[PastEvent],
) -> Crowd:
    """Add the people, their registrations, attendances, reflections and write-ups.

    ``upcoming`` is each upcoming event's id and places. Flushes; the caller commits.
    """
    person_ids = _add_people(rng, event_count * PEOPLE_PER_EVENT)
    registrations, full = _add_registrations(rng, person_ids, upcoming, event_count)
    reflections = _add_reflections(rng, person_ids, past, past_events, event_count)
    write_ups = _add_write_ups(rng, past, past_events)
    return Crowd(
        people=len(person_ids),
        registrations=registrations + reflections,
        full_events=full,
        reflections=reflections,
        write_ups=write_ups,
    )


def _add_people(rng: random.Random, count: int) -> list[int]:
    now = utcnow()
    rows = []
    for number in range(1, count + 1):
        first = rng.choice(week_demo.FIRST_NAMES)
        last = rng.choice(week_demo.LAST_NAMES)
        rows.append(
            {
                "email": f"{first.lower()}.{last.lower()}.{number}@{EMAIL_DOMAIN}",
                "name": f"{first} {last}",
                "is_organiser": False,
                "is_admin": False,
                "calendar_token": secrets.token_urlsafe(24),
                "calendar_includes_waitlisted": False,
                "created_at": now,
            }
        )
    bulk_insert(User, rows)
    return list(
        db.session.scalars(
            select(User.id).where(User.email.like(f"%@{EMAIL_DOMAIN}")).order_by(User.id)
        )
    )


def _targets(
    rng: random.Random, upcoming: list[tuple[int, int | None]], total: int
) -> tuple[list[int], int]:
    """How many register for each event: limited events fill part of their places or
    overflow into a waiting list; open events share what is left of ``total``."""
    targets = []
    full = 0
    for _event_id, capacity in upcoming:
        if capacity is None:
            targets.append(0)
        elif rng.random() < FULL_SHARE:
            targets.append(capacity + rng.randint(3, 30))
            full += 1
        else:
            targets.append(round(capacity * rng.uniform(0.4, 0.95)))
    open_events = [index for index, (_, capacity) in enumerate(upcoming) if capacity is None]
    remaining = max(0, total - sum(targets))
    weights = [rng.uniform(0.5, 1.5) for _ in open_events]
    for index, weight in zip(open_events, weights, strict=True):
        targets[index] = max(1, round(remaining * weight / sum(weights)))
    return targets, full


def _registration_details(rng: random.Random) -> dict[str, Any]:
    sector = rng.choices(
        list(week_demo.SECTOR_WEIGHTS), weights=list(week_demo.SECTOR_WEIGHTS.values())
    )[0]
    return {
        "organisation": rng.choice(week_demo.ORGANISATIONS[sector]),
        "sector": sector,
        "job_role": rng.choice(week_demo.ROLES),
        "access_needs": rng.choice(week_demo.ACCESS_NEEDS) if rng.random() < 0.06 else "",
        "share_with_host": rng.random() < 0.6,
        "wants_reminders": rng.random() < 0.9,
        "source": "attendee",
    }


def _add_registrations(
    rng: random.Random,
    person_ids: list[int],
    upcoming: list[tuple[int, int | None]],
    event_count: int,
) -> tuple[int, int]:
    now = utcnow()
    targets, full = _targets(rng, upcoming, event_count * REGISTRATIONS_PER_EVENT)
    rows = []
    for (event_id, capacity), target in zip(upcoming, targets, strict=True):
        takers = rng.sample(person_ids, min(target, len(person_ids)))
        # Registered over the last six weeks, in the order they came.
        times = sorted(now - timedelta(minutes=rng.randint(60, 6 * 7 * 24 * 60)) for _ in takers)
        held = waiting = 0
        for person_id, created_at in zip(takers, times, strict=True):
            row = {
                "event_id": event_id,
                "user_id": person_id,
                "created_at": created_at,
                "updated_at": created_at,
                "waitlist_position": None,
                "confirmed_at": None,
                "cancelled_at": None,
                **_registration_details(rng),
            }
            if rng.random() < 0.04:
                row.update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
            elif capacity is None or held < capacity:
                row.update(status=RegistrationStatus.CONFIRMED, confirmed_at=created_at)
                held += 1
            else:
                waiting += 1
                row.update(status=RegistrationStatus.WAITLISTED, waitlist_position=waiting)
            rows.append(row)
    bulk_insert(Registration, rows)
    return len(rows), full


def _add_reflections(
    rng: random.Random,
    person_ids: list[int],
    past: Programme,
    past_events: list[PastEvent],
    event_count: int,
) -> int:
    """Everyone who attended a past event reflected on it; most kept it private."""
    per_event = max(1, event_count * REFLECTIONS_PER_EVENT // len(past_events))
    attendances = []
    reflections = []
    invitations = []
    themes_of: dict[tuple[int, int], list[int]] = {}
    for event in past_events:
        for person_id in rng.sample(person_ids, min(per_event, len(person_ids))):
            registered = event.ended_at - timedelta(days=rng.randint(3, 40))
            attendances.append(
                {
                    "event_id": event.id,
                    "user_id": person_id,
                    "status": RegistrationStatus.ATTENDED,
                    "waitlist_position": None,
                    "created_at": registered,
                    "updated_at": event.ended_at + timedelta(hours=2),
                    "confirmed_at": registered,
                    "cancelled_at": None,
                    "attendance_marked_at": event.ended_at + timedelta(hours=2),
                    **_registration_details(rng),
                }
            )
            invitations.append(
                {
                    "event_id": event.id,
                    "user_id": person_id,
                    "sent_at": event.ended_at + timedelta(hours=1),
                }
            )
            reflections.append(_reflection(rng, past, event, person_id))
            themes_of[(event.id, person_id)] = rng.sample(
                event.theme_ids, rng.randint(1, len(event.theme_ids))
            )
    bulk_insert(Registration, attendances)
    bulk_insert(ReflectionInvitation, invitations)
    bulk_insert(Reflection, reflections)
    ids = {
        (event_id, author_id): reflection_id
        for reflection_id, event_id, author_id in db.session.execute(
            select(Reflection.id, Reflection.event_id, Reflection.author_id).where(
                Reflection.programme_id == past.id
            )
        )
    }
    bulk_insert(
        ReflectionConsent,
        [
            {
                "reflection_id": ids[(row["event_id"], row["author_id"])],
                "visibility": row["visibility"],
                "attribution": row["attribution"],
                "wording": consent_wording(row["visibility"], row["attribution"], past.title),
                "recorded_at": row["created_at"],
            }
            for row in reflections
        ],
    )
    bulk_insert(
        reflection_themes,
        [
            {"reflection_id": ids[key], "theme_id": theme_id}
            for key, theme_ids in themes_of.items()
            for theme_id in theme_ids
        ],
    )
    return len(reflections)


def _reflection(
    rng: random.Random, past: Programme, event: PastEvent, person_id: int
) -> dict[str, Any]:
    answers = [
        f"{rng.choice(past_data.HAPPENED).format(topic=rng.choice(past_data.TOPICS))} "
        f"{rng.choice(past_data.FEELINGS)}",
        rng.choice(past_data.EXPERIMENTS) if rng.random() < 0.8 else "",
        rng.choice(past_data.MISSING) if rng.random() < 0.6 else "",
        rng.choice(past_data.QUESTIONS) if rng.random() < 0.6 else "",
    ]
    weights = past_data.VISIBILITY_WEIGHTS
    visibility = rng.choices(list(weights), weights=list(weights.values()))[0]
    attribution = (
        Attribution.ANONYMOUS if visibility.is_shared and rng.random() < 0.5 else Attribution.NAMED
    )
    principles = sorted(
        rng.sample(list(Principle), rng.choice((1, 1, 2))), key=list(Principle).index
    )
    written = event.ended_at + timedelta(hours=rng.randint(2, 24 * 10))
    return {
        "programme_id": past.id,
        "event_id": event.id,
        "author_id": person_id,
        "author_role": AuthorRole.ATTENDEE,
        "answers": [
            {"question": prompt.question, "hint": prompt.hint, "answer": answer}
            for prompt, answer in zip(DEFAULT_PROMPTS, answers, strict=True)
        ],
        "body": "\n\n".join(answer for answer in answers if answer),
        "principles": " ".join(p.value for p in principles),
        "visibility": visibility,
        "attribution": attribution,
        "featured": visibility == Visibility.PUBLIC and rng.random() < 0.05,
        "hidden_reason": "",
        "created_at": written,
        "updated_at": written,
    }


def _add_write_ups(rng: random.Random, past: Programme, past_events: list[PastEvent]) -> int:
    """The host of every other past event wrote it up."""
    rows = []
    for event in past_events[::2]:
        published = event.ended_at + timedelta(days=rng.randint(1, 10))
        topic = rng.choice(past_data.TOPICS)
        rows.append(
            {
                "programme_id": past.id,
                "event_id": event.id,
                "speaker_id": event.host_id,
                "title": f"What we learned: {event.title}"[:200],
                "body": (
                    f"## What we did\n\nWe talked about {topic}, starting from real stories.\n\n"
                    f"## What we will try\n\n- {rng.choice(past_data.EXPERIMENTS)}\n"
                    f"- {rng.choice(past_data.EXPERIMENTS)}\n\n"
                    f"> {rng.choice(past_data.QUESTIONS)}\n"
                ),
                "slides_url": "",
                "recording_url": "",
                "status": WriteUpStatus.PUBLISHED,
                "published_at": published,
                "featured": False,
                "hidden_reason": "",
                "created_at": published,
                "updated_at": published,
            }
        )
    bulk_insert(WriteUp, rows)
    return len(rows)
