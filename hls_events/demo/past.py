"""A past programme for the demo, so that the practice record is seen at work.

The demo week is always to come, and nobody reflects on what has not happened, so the demo
also has a small programme two Octobers before it ("HLS Week 2025" beside "HLS Week 2027"): six
of the demo week's events, hosted by the same organisations and speakers, about 240 people who
attended, about 180 reflections (most private, some shared with the programme's participants
or its organisers and hosts, some public, half of those shared signed anonymously), and five
write-ups. Everything is invented.

The attendees are people of their own (``@past.demo.hls-events.example``), marked as having
attended, because the registrations demo (hls_events/demo/registrations.py) fills the demo
week, which has not happened. Each was invited to reflect already (ReflectionInvitation), so
``invite-reflections`` never emails them.

Loaded by the demo command after the demo week, in one transaction; loading it again adds
nothing. Deterministic: every choice comes from random.Random(SEED) in a fixed order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from ..localtime import to_utc
from ..models import (
    Attribution,
    AuthorRole,
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Principle,
    Programme,
    ProgrammeStatus,
    Reflection,
    ReflectionConsent,
    ReflectionInvitation,
    Registration,
    RegistrationStatus,
    SessionStatus,
    SpeakerRole,
    User,
    Visibility,
    WriteUp,
    WriteUpStatus,
)
from ..reflections.consent import consent_wording
from ..reflections.prompts import DEFAULT_PROMPTS
from . import data
from .common import (
    TIMEZONE,
    demo_organiser,
    find_or_create_organisation,
    find_or_create_speaker,
    find_or_create_themes,
    joining_url,
    programme_start,
    weekdays_from,
)
from .past_data import (
    EXPERIMENTS,
    FEELINGS,
    HAPPENED,
    MISSING,
    QUESTIONS,
    TOPICS,
    VISIBILITY_WEIGHTS,
    WRITE_UPS,
)
from .registrations import FIRST_NAMES, LAST_NAMES, ORGANISATIONS, SECTOR_WEIGHTS

SEED = 2025
EMAIL_DOMAIN = "past.demo.hls-events.example"
PEOPLE = 150
REFLECTIONS = 180
EVENT_SLUGS = (
    "stewarding-a-system",
    "building-a-learning-culture",
    "commissioning-for-learning",
    "learning-circle-holding-uncertainty",
    "early-help-as-a-learning-system",
    "data-that-helps-people-learn",
)
# Most reflections stay private; of the rest, most go to the programme's participants.


@dataclass(frozen=True)
class PastDemoSummary:
    slug: str
    title: str
    loaded: bool
    events: int = 0
    people: int = 0
    reflections: int = 0
    shared: int = 0
    public: int = 0
    write_ups: int = 0

    def describe(self) -> str:
        if not self.loaded:
            return f"The past programme {self.title} ({self.slug}) is already loaded."
        return (
            f"Loaded the past programme {self.title} ({self.slug}): {self.events} events, "
            f"{self.people} attendees, {self.reflections} reflections ({self.shared} shared, "
            f"{self.public} of them public) and {self.write_ups} write-ups. "
            "See the practice record at /practice/"
        )


def past_start(today: date) -> date:
    """The second Monday of October, two years before the demo week."""
    year = programme_start(today).year - 2
    first = date(year, 10, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7) + timedelta(weeks=1)


def load_past_programme(today: date) -> PastDemoSummary:
    start = past_start(today)
    days = weekdays_from(start, 5)
    slug = f"hls-week-{start.year}"
    title = f"HLS Week {start.year}"
    if db.session.scalar(select(Programme.id).where(Programme.slug == slug)) is not None:
        return PastDemoSummary(slug, title, loaded=False)
    rng = random.Random(SEED)
    zone = ZoneInfo(TIMEZONE)

    themes = find_or_create_themes(data.THEMES)
    specs = [spec for spec in data.EVENTS if spec.slug in EVENT_SLUGS]
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
        summary="Last time: a week of HLS events, and what people took from them.",
        description=data.PROGRAMME_DESCRIPTION.format(title=title),
        timezone=TIMEZONE,
        starts_on=days[0],
        ends_on=days[-1],
        status=ProgrammeStatus.PUBLISHED,
    )
    db.session.add(programme)
    organiser = demo_organiser()
    programme.organisers.append(organiser)

    events: list[Event] = []
    for spec in specs:
        venue_name, venue_address = data.VENUES[spec.venue] if spec.venue else ("", "")
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
        db.session.add(event)
        event.themes = [themes[name] for name in spec.themes]
        for sitting in spec.sessions:
            day = days[sitting.day]
            event.sessions.append(
                EventSession(
                    title=sitting.title,
                    starts_at=to_utc(day, time.fromisoformat(sitting.starts), zone),
                    ends_at=to_utc(day, time.fromisoformat(sitting.ends), zone),
                    venue_name=venue_name,
                    venue_address=venue_address,
                    joining_url=joining_url(slug, spec.slug)
                    if spec.mode.value != "in_person"
                    else "",
                    status=SessionStatus.SCHEDULED,
                    sequence=0,
                )
            )
        for position, (name, role) in enumerate(((spec.host, SpeakerRole.HOST), *spec.others)):
            event.speaker_roles.append(
                EventSpeaker(speaker=speakers[name], role=role, position=position)
            )
        events.append(event)
    programme.themes = sorted(
        {theme for event in events for theme in event.themes}, key=lambda theme: theme.name
    )

    people = _people(rng)
    db.session.add_all(people)
    db.session.flush()

    # Everyone came to one to three events; each event keeps within its places.
    attended: list[tuple[Event, User]] = []
    for person in people:
        for event in rng.sample(events, rng.choice((1, 1, 2, 2, 3))):
            taken = sum(1 for e, _ in attended if e is event)
            if event.capacity is None or taken < event.capacity:
                attended.append((event, person))
    rng.shuffle(attended)
    for event, person in attended:
        end = max(session.ends_at for session in event.sessions)
        sector = rng.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=RegistrationStatus.ATTENDED,
                organisation=rng.choice(ORGANISATIONS[sector]),
                sector=sector,
                share_with_host=rng.random() < 0.6,
                source="attendee",
                created_at=end - timedelta(days=rng.randint(3, 40)),
                confirmed_at=end - timedelta(days=rng.randint(3, 40)),
                attendance_marked_at=end + timedelta(hours=2),
            )
        )
        db.session.add(
            ReflectionInvitation(
                event_id=event.id, user_id=person.id, sent_at=end + timedelta(hours=1)
            )
        )

    counts = {visibility: 0 for visibility in Visibility}
    for event, person in attended[:REFLECTIONS]:
        reflection = _reflection(rng, programme, event, person)
        counts[reflection.visibility] += 1
        db.session.add(reflection)

    write_ups = 0
    for event in events:
        if event.slug not in WRITE_UPS:
            continue
        heading, body, slides, recording = WRITE_UPS[event.slug]
        host = next(role.speaker for role in event.speaker_roles if role.role == SpeakerRole.HOST)
        end = max(session.ends_at for session in event.sessions)
        published = end + timedelta(days=rng.randint(1, 6))
        db.session.add(
            WriteUp(
                programme=programme,
                event=event,
                speaker=host,
                title=heading,
                body=body,
                slides_url=slides,
                recording_url=recording,
                status=WriteUpStatus.PUBLISHED,
                published_at=published,
                featured=event.slug == "commissioning-for-learning",
                hidden_reason="",
                created_at=published,
                updated_at=published,
            )
        )
        write_ups += 1

    db.session.commit()
    shared = REFLECTIONS - counts[Visibility.PRIVATE]
    return PastDemoSummary(
        slug,
        title,
        loaded=True,
        events=len(events),
        people=len({person.id for _, person in attended}),
        reflections=min(REFLECTIONS, len(attended)),
        shared=shared,
        public=counts[Visibility.PUBLIC],
        write_ups=write_ups,
    )


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
        if email not in existing:
            people.append(User(email=email, name=f"{first} {last}", is_organiser=False))
    return people


def _reflection(rng: random.Random, programme: Programme, event: Event, person: User) -> Reflection:
    answers = [
        f"{rng.choice(HAPPENED).format(topic=rng.choice(TOPICS))} {rng.choice(FEELINGS)}",
        rng.choice(EXPERIMENTS) if rng.random() < 0.8 else "",
        rng.choice(MISSING) if rng.random() < 0.6 else "",
        rng.choice(QUESTIONS) if rng.random() < 0.6 else "",
    ]
    visibility = rng.choices(list(VISIBILITY_WEIGHTS), weights=list(VISIBILITY_WEIGHTS.values()))[0]
    attribution = (
        Attribution.ANONYMOUS if visibility.is_shared and rng.random() < 0.5 else Attribution.NAMED
    )
    principles = sorted(
        rng.sample(list(Principle), rng.choice((1, 1, 2))), key=list(Principle).index
    )
    end = max(session.ends_at for session in event.sessions)
    written = end + timedelta(hours=rng.randint(2, 24 * 10))
    reflection = Reflection(
        programme=programme,
        event=event,
        author_id=person.id,
        author_role=AuthorRole.ATTENDEE,
        answers=[
            {"question": prompt.question, "hint": prompt.hint, "answer": answer}
            for prompt, answer in zip(DEFAULT_PROMPTS, answers, strict=True)
        ],
        body="\n\n".join(answer for answer in answers if answer),
        principles=" ".join(p.value for p in principles),
        visibility=visibility,
        attribution=attribution,
        featured=visibility == Visibility.PUBLIC and rng.random() < 0.15,
        hidden_reason="",
        created_at=written,
        updated_at=written,
    )
    reflection.themes = rng.sample(list(event.themes), rng.randint(1, len(event.themes)))
    reflection.consents.append(
        ReflectionConsent(
            visibility=visibility,
            attribution=attribution,
            wording=consent_wording(visibility, attribution, programme.title),
            recorded_at=written,
        )
    )
    return reflection
