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
    ProgrammeHost,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
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


def make_host(programme: Programme, user: User, organisation: Organisation) -> ProgrammeHost:
    """Make `user` a host of `organisation`'s events in `programme`."""
    host = ProgrammeHost(programme=programme, user=user, organisation=organisation)
    db.session.add(host)
    db.session.commit()
    return host


def make_registration(
    event: Event,
    user: User | None = None,
    *,
    status: RegistrationStatus = RegistrationStatus.CONFIRMED,
    waitlist_position: int | None = None,
    **fields: Any,
) -> Registration:
    """A registration written straight to the table (no lock, no emails): for setting a scene.

    Tests of registering itself go through hls_events.registrations.services."""
    registration = Registration(
        event_id=event.id,
        user=user or make_user(),
        status=status,
        waitlist_position=waitlist_position,
        confirmed_at=datetime.now(UTC) if status == RegistrationStatus.CONFIRMED else None,
        **fields,
    )
    db.session.add(registration)
    db.session.commit()
    return registration


# --- Reflections and write-ups (hls_events/reflections) -----------------------------------------


def make_reflection(
    event: Event,
    author: User | None,
    text: str = "It felt human, and I learned a lot.",
    **fields: Any,
) -> Any:
    """A reflection written straight to the table (no checks, no consent record): a scene.

    Defaults: public, signed with the author's name, one answer holding `text`."""
    from hls_events.models import Attribution, AuthorRole, Reflection, Visibility

    themes = list(fields.pop("themes", []) or [])
    reflection = Reflection(
        programme_id=event.programme_id,
        event_id=event.id,
        author_id=author.id if author is not None else None,
        author_role=fields.pop("author_role", AuthorRole.ATTENDEE),
        answers=[{"question": "What happened, and how did it feel?", "hint": "", "answer": text}],
        body=text,
        principles=fields.pop("principles", ""),
        visibility=fields.pop("visibility", Visibility.PUBLIC),
        attribution=fields.pop("attribution", Attribution.NAMED),
        featured=fields.pop("featured", False),
        hidden_reason=fields.pop("hidden_reason", ""),
        **fields,
    )
    reflection.themes = themes
    db.session.add(reflection)
    db.session.commit()
    return reflection


def make_write_up(
    event: Event,
    speaker: Speaker,
    title: str = "What we shared",
    body: str = "We talked about **learning** together.",
    **fields: Any,
) -> Any:
    """A write-up written straight to the table; published unless `status` says otherwise."""
    from hls_events.models import WriteUp, WriteUpStatus

    status = fields.pop("status", WriteUpStatus.PUBLISHED)
    write_up = WriteUp(
        programme_id=event.programme_id,
        event_id=event.id,
        speaker_id=speaker.id,
        title=title,
        body=body,
        slides_url=fields.pop("slides_url", ""),
        recording_url=fields.pop("recording_url", ""),
        status=status,
        published_at=datetime.now(UTC) if status == WriteUpStatus.PUBLISHED else None,
        featured=fields.pop("featured", False),
        hidden_reason=fields.pop("hidden_reason", ""),
        **fields,
    )
    db.session.add(write_up)
    db.session.commit()
    return write_up


def make_call(
    programme: Programme,
    *,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    questions: list[str] | None = None,
    themes: list[Theme] | None = None,
    formats: list[EventFormat] | None = None,
    guidance: str = "We want **small**, practical events.",
) -> Any:
    """A call for events for `programme`, open from a day ago for a fortnight by default."""
    from hls_events.models import CallForEvents, CallQuestion

    now = datetime.now(UTC)
    call = CallForEvents(
        programme=programme,
        guidance=guidance,
        opens_at=opens_at or now - timedelta(days=1),
        closes_at=closes_at or now + timedelta(days=14),
        formats_text="\n".join(f.value for f in formats or []),
    )
    call.themes = list(themes or [])
    call.questions = [
        CallQuestion(text=text, position=position) for position, text in enumerate(questions or [])
    ]
    db.session.add(call)
    db.session.commit()
    return call


def make_proposal(
    programme: Programme,
    proposer: User,
    *,
    status: Any = None,
    speakers: list[tuple[str, str]] | None = None,
    **fields: Any,
) -> Any:
    """A complete proposal written straight to the table: submitted unless `status` says."""
    from hls_events.models import Proposal, ProposalSpeaker, ProposalStatus

    status = status or ProposalStatus.SUBMITTED
    number = next(_numbers)
    proposal = Proposal(
        programme=programme,
        proposer=proposer,
        status=status,
        title=fields.pop("title", f"Proposal {number}"),
        summary=fields.pop("summary", "A short summary."),
        description=fields.pop("description", "What will happen."),
        format=fields.pop("format", EventFormat.WORKSHOP),
        mode=fields.pop("mode", EventMode.ONLINE),
        duration_minutes=fields.pop("duration_minutes", 90),
        organisation_name=fields.pop("organisation_name", f"Organisation {number}"),
        submitted_at=datetime.now(UTC) if status != ProposalStatus.DRAFT else None,
        **fields,
    )
    proposal.speakers = [
        ProposalSpeaker(name=name, email=email, position=position)
        for position, (name, email) in enumerate(speakers or [])
    ]
    db.session.add(proposal)
    db.session.commit()
    return proposal
