"""Loading the demo week: a realistic HLS Week, with people registered for it.

Each loader works in one transaction and commits once at the end, so a failure leaves
nothing half-loaded. Both skip their programme if its slug is already taken, so running
them again adds nothing. Themes, organisations and speakers are shared rows: existing ones
are reused rather than duplicated.
"""

from __future__ import annotations

import random
from datetime import date, time
from zoneinfo import ZoneInfo

from ..extensions import db
from ..localtime import to_utc
from ..models import (
    Event,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    ProgrammeStatus,
    SessionStatus,
    SpeakerRole,
)
from . import data, welsh
from .common import (
    TIMEZONE,
    DemoSummary,
    demo_organiser,
    find_or_create_organisation,
    find_or_create_speaker,
    find_or_create_themes,
    joining_url,
    programme_exists,
    programme_start,
    weekdays_from,
)
from .registrations import add_demo_registrations

# Registrations shaped like HLS Week 2022's: about 700 people and 1,300 places.
DEMO_REGISTRATION_SEED = 2022


def demo_slug(today: date) -> str:
    return f"hls-week-{programme_start(today).year}"


def load_demo(today: date) -> DemoSummary:
    """Load the demo week: 26 events over five October weekdays, hosted by 15 organisations."""
    days = weekdays_from(programme_start(today), 5)
    title = f"HLS Week {days[0].year}"
    slug = demo_slug(today)
    if programme_exists(slug):
        return DemoSummary(slug, title, days[0], days[-1], loaded=False)

    zone = ZoneInfo(TIMEZONE)
    themes = find_or_create_themes(data.THEMES)
    organisations = {
        spec.slug: find_or_create_organisation(
            spec.slug, spec.name, spec.kind, spec.country, spec.website
        )
        for spec in data.ORGANISATIONS
    }
    speakers = {
        spec.name: find_or_create_speaker(spec, organisations[spec.organisation])
        for spec in data.SPEAKERS
    }
    programme = Programme(
        slug=slug,
        title=title,
        summary=data.PROGRAMME_SUMMARY,
        description=data.PROGRAMME_DESCRIPTION.format(title=title),
        timezone=TIMEZONE,
        starts_on=days[0],
        ends_on=days[-1],
        status=ProgrammeStatus.PUBLISHED,
        title_cy=welsh.PROGRAMME_TITLE_CY.format(year=days[0].year),
        summary_cy=welsh.PROGRAMME_SUMMARY_CY,
    )
    db.session.add(programme)
    programme.organisers.append(demo_organiser())

    used_themes: set[str] = set()
    sessions: list[EventSession] = []
    for spec in data.EVENTS:
        venue_name, venue_address = data.VENUES[spec.venue] if spec.venue else ("", "")
        url = joining_url(slug, spec.slug) if spec.mode != EventMode.IN_PERSON else ""
        event = Event(
            programme=programme,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            description=spec.description,
            format=spec.format,
            mode=spec.mode,
            organisation=organisations[spec.organisation],
            capacity=spec.capacity,
            is_recorded=spec.is_recorded,
            access_arrangements=spec.access_arrangements,
            status=EventStatus.PUBLISHED,
        )
        if (text_cy := welsh.EVENTS_CY.get(spec.slug)) is not None:
            event.title_cy, event.summary_cy, event.description_cy = text_cy
        db.session.add(event)
        event.themes = [themes[name] for name in spec.themes]
        used_themes.update(spec.themes)
        for sitting in spec.sessions:
            day = days[sitting.day]
            session = EventSession(
                title=sitting.title,
                starts_at=to_utc(day, time.fromisoformat(sitting.starts), zone),
                ends_at=to_utc(day, time.fromisoformat(sitting.ends), zone),
                venue_name=venue_name,
                venue_address=venue_address,
                joining_url=url,
                status=SessionStatus.SCHEDULED,
                sequence=0,
            )
            event.sessions.append(session)
            sessions.append(session)
        for position, (name, role) in enumerate(((spec.host, SpeakerRole.HOST), *spec.others)):
            event.speaker_roles.append(
                EventSpeaker(speaker=speakers[name], role=role, position=position)
            )
    programme.themes = [themes[name] for name in data.THEMES if name in used_themes]
    attendance = add_demo_registrations(programme, random.Random(DEMO_REGISTRATION_SEED))
    db.session.commit()

    return DemoSummary(
        slug,
        title,
        days[0],
        days[-1],
        loaded=True,
        events=len(data.EVENTS),
        sessions=len(sessions),
        minutes=sum(session.duration_minutes for session in sessions),
        organisations=len(organisations),
        speakers=len(speakers),
        themes=len(programme.themes),
        people=attendance.people,
        registrations=attendance.registrations,
        full_events=len(attendance.full_events),
    )
