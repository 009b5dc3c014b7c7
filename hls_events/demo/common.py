"""What the demo loaders share: the demo organiser, the programme dates rule, the shared rows
(themes, organisations, speakers) found or created, and bulk inserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select

from ..extensions import db
from ..models import Organisation, OrganisationKind, Programme, Speaker, Theme, User, utcnow
from ..slugs import slugify
from . import data

TIMEZONE = "Europe/London"

ORGANISER_EMAIL = "organiser@demo.hls-events.example"
ORGANISER_NAME = "Demo Organiser"
# Printed by the command for anyone to read: the demo is for development only.
ORGANISER_PASSWORD = "demo-organiser-password"


@dataclass(frozen=True)
class DemoSummary:
    """What a loader did, for the command to report."""

    slug: str
    title: str
    starts_on: date
    ends_on: date
    loaded: bool  # False when the programme was already there and nothing was added
    events: int = 0
    sessions: int = 0
    minutes: int = 0
    organisations: int = 0
    speakers: int = 0
    themes: int = 0
    people: int = 0
    registrations: int = 0
    full_events: int = 0
    reflections: int = 0
    write_ups: int = 0


@dataclass(frozen=True)
class PastEvent:
    """A past event of the large demo, as the crowd that attended it needs it."""

    id: int
    title: str
    ended_at: datetime
    theme_ids: list[int]
    host_id: int


def programme_start(today: date) -> date:
    """The Monday a demo programme starts, chosen so the demo is always upcoming.

    The rule: the second Monday of October in the first year whose October has not yet
    started on `today`. On 22 November 2026 that is Monday 11 October 2027; on
    30 September 2027 it is still 11 October 2027; from 1 October 2027 it is in 2028.
    """
    year = today.year if today < date(today.year, 10, 1) else today.year + 1
    first = date(year, 10, 1)
    first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + timedelta(weeks=1)


def weekdays_from(start: date, count: int) -> list[date]:
    """The first `count` Mondays-to-Fridays from `start`, for sessions to fall on."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def joining_url(programme_slug: str, event_slug: str) -> str:
    return f"https://meet.example.org/{programme_slug}/{event_slug}"


# Rows a statement at most: the large demo's 250,000 registrations would otherwise be bound
# into one list of parameters at once.
BULK_CHUNK = 5000


def bulk_insert(target: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk INSERT into a model or table: an executemany per chunk instead of an object per
    row."""
    for start in range(0, len(rows), BULK_CHUNK):
        db.session.execute(insert(target), rows[start : start + BULK_CHUNK])


def programme_exists(slug: str) -> bool:
    return db.session.scalar(select(Programme.id).where(Programme.slug == slug)) is not None


def demo_organiser() -> User:
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER_EMAIL))
    if organiser is None:
        # An .example address can never receive a confirmation email, so it starts confirmed.
        organiser = User(
            email=ORGANISER_EMAIL,
            name=ORGANISER_NAME,
            is_organiser=True,
            email_confirmed_at=utcnow(),
        )
        organiser.set_password(ORGANISER_PASSWORD)
        db.session.add(organiser)
    organiser.is_organiser = True
    return organiser


def find_or_create_themes(names: tuple[str, ...]) -> dict[str, Theme]:
    """Themes are shared across programmes: reuse one with the same slug or name."""
    themes: dict[str, Theme] = {}
    for name in names:
        slug = slugify(name)
        theme = db.session.scalar(
            select(Theme)
            .where(or_(Theme.slug == slug, func.lower(Theme.name) == name.lower()))
            .limit(1)
        )
        if theme is None:
            theme = Theme(slug=slug, name=name)
            db.session.add(theme)
        themes[name] = theme
    db.session.flush()
    return themes


def find_or_create_organisation(
    slug: str,
    name: str,
    kind: OrganisationKind,
    country: str = "United Kingdom",
    website: str = "",
) -> Organisation:
    organisation = db.session.scalar(
        select(Organisation)
        .where(or_(Organisation.slug == slug, func.lower(Organisation.name) == name.lower()))
        .limit(1)
    )
    if organisation is None:
        organisation = Organisation(
            slug=slug, name=name, kind=kind, country=country, website=website
        )
        db.session.add(organisation)
        db.session.flush()
    return organisation


def find_or_create_speaker(spec: data.SpeakerData, organisation: Organisation) -> Speaker:
    slug = slugify(spec.name)
    speaker = db.session.scalar(select(Speaker).where(Speaker.slug == slug))
    if speaker is None:
        speaker = Speaker(
            slug=slug,
            name=spec.name,
            pronouns=spec.pronouns,
            job_title=spec.job_title,
            organisation=organisation,
            bio=spec.bio,
        )
        db.session.add(speaker)
    return speaker


def insert_speakers(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert the speakers not already there (by slug); returns every slug's id."""
    slugs = [row["slug"] for row in rows]
    existing = speaker_ids(slugs)
    bulk_insert(Speaker, [row for row in rows if row["slug"] not in existing])
    return speaker_ids(slugs)


def speaker_ids(slugs: list[str], chunk: int = 500) -> dict[str, int]:
    """Looked up in chunks, to stay inside SQLite's limit on bound parameters."""
    found: dict[str, int] = {}
    for start in range(0, len(slugs), chunk):
        found.update(
            db.session.execute(
                select(Speaker.slug, Speaker.id).where(
                    Speaker.slug.in_(slugs[start : start + chunk])
                )
            ).all()
        )
    return found
