"""Test data made through the real models and committed, so every layer sees it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

from hls_events.extensions import db
from hls_events.models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Organisation,
    Programme,
    ProgrammeStatus,
    Speaker,
    SpeakerRole,
    Theme,
    User,
)

PASSWORD = "correct horse battery"
_numbers = count(1)


def make_user(email: str | None = None, *, organiser: bool = False, **fields: Any) -> User:
    number = next(_numbers)
    user = User(
        email=email or f"person{number}@example.org",
        name=fields.pop("name", f"Person {number}"),
        is_organiser=organiser,
        **fields,
    )
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def make_theme(name: str) -> Theme:
    theme = Theme(name=name, slug=name.lower().replace(" ", "-"))
    db.session.add(theme)
    db.session.commit()
    return theme


def make_organisation(name: str | None = None) -> Organisation:
    number = next(_numbers)
    organisation = Organisation(
        name=name or f"Organisation {number}", slug=f"organisation-{number}"
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_programme(
    slug: str | None = None,
    *,
    status: ProgrammeStatus = ProgrammeStatus.PUBLISHED,
    organisers: list[User] | None = None,
    starts_on: date | None = None,
    days: int = 5,
    timezone: str = "Europe/London",
    **fields: Any,
) -> Programme:
    number = next(_numbers)
    starts_on = starts_on or (datetime.now(UTC).date() + timedelta(days=30))
    programme = Programme(
        slug=slug or f"programme-{number}",
        title=fields.pop("title", f"Programme {number}"),
        timezone=timezone,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        status=status,
        **fields,
    )
    db.session.add(programme)
    programme.organisers = list(organisers or [])
    db.session.commit()
    return programme


def make_event(
    programme: Programme,
    slug: str | None = None,
    *,
    status: EventStatus = EventStatus.PUBLISHED,
    starts_at: datetime | None = None,
    minutes: int = 90,
    sessions: int = 1,
    themes: list[Theme] | None = None,
    speakers: list[tuple[Speaker, SpeakerRole]] | None = None,
    **fields: Any,
) -> Event:
    number = next(_numbers)
    event = Event(
        programme=programme,
        slug=slug or f"event-{number}",
        title=fields.pop("title", f"Event {number}"),
        format=fields.pop("format", EventFormat.WORKSHOP),
        mode=fields.pop("mode", EventMode.ONLINE),
        status=status,
        **fields,
    )
    db.session.add(event)
    event.themes = list(themes or [])
    first = starts_at or datetime.combine(programme.starts_on, datetime.min.time(), UTC).replace(
        hour=10
    )
    for index in range(sessions):
        start = first + timedelta(days=index)
        event.sessions.append(
            EventSession(starts_at=start, ends_at=start + timedelta(minutes=minutes))
        )
    for position, (speaker, role) in enumerate(speakers or []):
        event.speaker_roles.append(EventSpeaker(speaker=speaker, role=role, position=position))
    db.session.add(event)
    db.session.commit()
    return event


def make_speaker(name: str | None = None, **fields: Any) -> Speaker:
    number = next(_numbers)
    speaker = Speaker(name=name or f"Speaker {number}", slug=f"speaker-{number}", **fields)
    db.session.add(speaker)
    db.session.commit()
    return speaker
