"""Registrations for the demo programme, shaped like HLS Week's: about 700 people and 1,300
registrations, a sector mix like the week's, and a few small events full with waiting lists.

Called by the demo loader inside its transaction: it adds rows and flushes, never commits, and
queues no email (the people are invented). The waiting lists obey the same rules as real ones:
the earliest registrations hold the places, and positions run 1..N in order of registering.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Event,
    EventStatus,
    Programme,
    Registration,
    RegistrationStatus,
    Sector,
    User,
    utcnow,
)

PEOPLE = 700
REGISTRATIONS = 1300
FULL_EVENTS = 4
EMAIL_DOMAIN = "people.demo.hls-events.example"

SECTOR_WEIGHTS = {
    Sector.LOCAL_GOVERNMENT: 30,
    Sector.CHARITY: 22,
    Sector.HEALTH: 17,
    Sector.CENTRAL_GOVERNMENT: 8,
    Sector.UNIVERSITY: 7,
    Sector.SOCIAL_ENTERPRISE: 6,
    Sector.FUNDER: 5,
    Sector.PRIVATE: 3,
    Sector.OTHER: 2,
}
ORGANISATIONS = {
    Sector.LOCAL_GOVERNMENT: [
        "Gateshead Council",
        "Plymouth City Council",
        "Greater Manchester Combined Authority",
        "South Lanarkshire Council",
        "Cheshire East Council",
        "Newham Council",
    ],
    Sector.CHARITY: [
        "Mayday Trust",
        "Lankelly Chase",
        "Help on Your Doorstep",
        "Citizens Advice Gateshead",
        "Barnardo's",
        "Shelter",
    ],
    Sector.HEALTH: [
        "NHS Cornwall and Isles of Scilly",
        "Bromley by Bow Centre",
        "Leeds Community Healthcare",
        "NHS Greater Glasgow and Clyde",
    ],
    Sector.CENTRAL_GOVERNMENT: ["Cabinet Office", "Department for Education", "Welsh Government"],
    Sector.UNIVERSITY: ["Northumbria University", "University of Glasgow", "The Open University"],
    Sector.SOCIAL_ENTERPRISE: ["Wellbeing Enterprises", "Grapevine Coventry", "Locality"],
    Sector.FUNDER: ["The National Lottery Community Fund", "Tudor Trust", "Esmée Fairbairn"],
    Sector.PRIVATE: ["Collaborate CIC", "Koreo", "Dark Matter Labs"],
    Sector.OTHER: ["", "Independent", "Community volunteer"],
}
ROLES = [
    "Commissioner",
    "Service manager",
    "Social worker",
    "Team leader",
    "Policy adviser",
    "Director",
    "Programme officer",
    "Researcher",
    "Community organiser",
    "Chief executive",
    "Grants manager",
    "Nurse",
    "",
]
ACCESS_NEEDS = [
    "Live captions, please.",
    "Step-free access and a seat near the front.",
    "A British Sign Language interpreter.",
    "Slides shared in advance; I use a screen reader.",
    "A quiet space to step out to.",
]
FIRST_NAMES = [
    "Amara", "Ben", "Catrin", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jonah",
    "Kiran", "Leah", "Mo", "Niamh", "Owen", "Priya", "Rhys", "Sade", "Tom", "Una",
    "Vik", "Wren", "Yusuf", "Zara", "Aled", "Bea", "Cal", "Dilys", "Ewan", "Farah",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Ghosh", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "MacLeod", "Nowak", "Okafor", "Patel", "Quinn", "Roberts",
    "Singh", "Thomas", "Usman", "Vaughan", "Williams", "Young",
]  # fmt: skip


@dataclass(frozen=True)
class DemoRegistrations:
    people: int
    registrations: int
    confirmed: int
    waitlisted: int
    cancelled: int
    full_events: list[str]


def add_demo_registrations(programme: Programme, rng: random.Random) -> DemoRegistrations:
    """Add invented people and their registrations to ``programme``'s published events.

    Deterministic for a given ``rng``. Flushes; the caller commits.
    """
    db.session.flush()
    events = sorted(
        (event for event in programme.events if event.status == EventStatus.PUBLISHED),
        key=lambda event: event.id,
    )
    if not events:
        return DemoRegistrations(0, 0, 0, 0, 0, [])
    targets, full = _targets(events, rng)
    people = _people(rng)
    db.session.add_all(people)
    db.session.flush()
    chosen = _assign(targets, len(people), rng)

    now = utcnow()
    counts = {status: 0 for status in RegistrationStatus}
    for event in events:
        takers = chosen[event.id]
        # Registered over the last six weeks, in the order they came.
        times = sorted(now - timedelta(minutes=rng.randint(60, 6 * 7 * 24 * 60)) for _ in takers)
        rows = []
        for person_index, created_at in zip(takers, times, strict=True):
            rows.append(_registration(event, people[person_index], created_at, rng, now))
        waiting = 0
        held = 0
        for registration in rows:
            if registration.status == RegistrationStatus.CANCELLED:
                continue
            if event.capacity is None or held < event.capacity:
                registration.status = RegistrationStatus.CONFIRMED
                registration.confirmed_at = registration.created_at
                held += 1
            else:
                waiting += 1
                registration.status = RegistrationStatus.WAITLISTED
                registration.waitlist_position = waiting
        for registration in rows:
            counts[registration.status] += 1
        db.session.add_all(rows)
    db.session.flush()
    return DemoRegistrations(
        people=len(people),
        registrations=sum(counts.values()),
        confirmed=counts[RegistrationStatus.CONFIRMED],
        waitlisted=counts[RegistrationStatus.WAITLISTED],
        cancelled=counts[RegistrationStatus.CANCELLED],
        full_events=[event.slug for event in full],
    )


def _targets(events: list[Event], rng: random.Random) -> tuple[dict[int, int], list[Event]]:
    """How many register for each event: the smallest few overflow into a waiting list, the
    rest fill part of their places, and the total comes to about REGISTRATIONS."""
    limited = sorted((e for e in events if e.capacity), key=lambda e: (e.capacity, e.id))
    full = limited[:FULL_EVENTS]
    targets: dict[int, int] = {}
    for event in full:
        assert event.capacity is not None
        # Full, with a waiting list; a few of these will have cancelled too.
        targets[event.id] = event.capacity + rng.randint(6, 15) + 2
    rest = [event for event in events if event not in full]
    weights = {
        event.id: (
            event.capacity * rng.uniform(0.45, 0.9) if event.capacity else rng.uniform(35, 90)
        )
        for event in rest
    }
    remaining = REGISTRATIONS - sum(targets.values())
    scale = remaining / sum(weights.values())
    for event in rest:
        wanted = round(weights[event.id] * scale)
        if event.capacity:
            wanted = min(wanted, event.capacity - 1)
        targets[event.id] = max(wanted, 1)
    return targets, full


def _people(rng: random.Random) -> list[User]:
    existing = set(
        db.session.scalars(select(User.email).where(User.email.like(f"%@{EMAIL_DOMAIN}")))
    )
    people: list[User] = []
    number = 0
    while len(people) < PEOPLE:
        number += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first.lower()}.{last.lower()}.{number}@{EMAIL_DOMAIN}"
        if email in existing:
            continue
        people.append(User(email=email, name=f"{first} {last}", is_organiser=False))
    return people


def _assign(targets: dict[int, int], people: int, rng: random.Random) -> dict[int, list[int]]:
    """Spread the places over the people: everyone comes to at least one event, some to
    several, and nobody twice to one."""
    slots = [event_id for event_id, count in targets.items() for _ in range(count)]
    rng.shuffle(slots)
    chosen: dict[int, set[int]] = defaultdict(set)
    order = list(range(people))
    rng.shuffle(order)
    for person, event_id in zip(order, slots, strict=False):
        chosen[event_id].add(person)
    for event_id in slots[people:]:
        for _attempt in range(50):
            person = rng.randrange(people)
            if person not in chosen[event_id]:
                chosen[event_id].add(person)
                break
    return {event_id: sorted(takers) for event_id, takers in chosen.items()}


def _registration(
    event: Event, person: User, created_at: datetime, rng: random.Random, now: datetime
) -> Registration:
    sector = rng.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
    cancelled = rng.random() < 0.04
    return Registration(
        event_id=event.id,
        user_id=person.id,
        status=RegistrationStatus.CANCELLED if cancelled else RegistrationStatus.CONFIRMED,
        waitlist_position=None,
        organisation=rng.choice(ORGANISATIONS[sector]),
        sector=sector,
        job_role=rng.choice(ROLES),
        access_needs=rng.choice(ACCESS_NEEDS) if rng.random() < 0.06 else "",
        share_with_host=rng.random() < 0.6,
        wants_reminders=rng.random() < 0.9,
        source="attendee",
        created_at=created_at,
        cancelled_at=now if cancelled else None,
    )
