"""A small world for the API: a published programme with public, draft and cancelled events, a
draft programme, reflections of every visibility, a write-up, a schedule change, and people
with tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from hls_events.api.tokens import create_token
from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    AuthorRole,
    ChangeKind,
    EventMode,
    EventStatus,
    ProgrammeStatus,
    Reflection,
    RegistrationStatus,
    ScheduleChange,
    SpeakerRole,
    Visibility,
    WriteUp,
    WriteUpStatus,
)
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
)

JOINING_URL = "https://meet.example.org/secret-room"


@dataclass
class ApiWorld:
    organiser_token: str
    attendee_token: str
    waiting_token: str
    public_reflection_id: int
    private_reflection_id: int
    write_up_id: int
    change_id: int
    attendee_registration_id: int
    speaker_slug: str


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The API's own limits are tested on their own; elsewhere they would get in the way.
    return {
        "API_RATE_LIMIT_ANONYMOUS": "100000 per minute",
        "API_RATE_LIMIT_TOKEN": "100000 per minute",
        "PAGE_CACHE_SECONDS": 0,
    }


@pytest.fixture
def world(app: Any) -> ApiWorld:
    organiser = make_user("organiser@example.org", organiser=True, name="Olu Organiser")
    attendee = make_user("attendee@example.org", name="Ada Attendee")
    waiting = make_user("waiting@example.org", name="Wyn Waiting")
    theme = make_theme("Learning culture")
    host_org = make_organisation("Host Organisation")
    week = make_programme("week", title="Week", organisers=[organiser])
    plans = make_programme(
        "plans", title="Plans", organisers=[organiser], status=ProgrammeStatus.DRAFT
    )
    make_event(plans, "secret-plan", title="Secret plan")
    host = make_speaker("Hana Host")
    speaker = make_speaker("Sam Speaker")
    open_event = make_event(
        week,
        "open-event",
        title="Open event",
        capacity=10,
        mode=EventMode.ONLINE,
        themes=[theme],
        organisation=host_org,
        speakers=[(host, SpeakerRole.HOST), (speaker, SpeakerRole.SPEAKER)],
    )
    open_event.sessions[0].joining_url = JOINING_URL
    make_event(week, "draft-event", title="Draft event", status=EventStatus.DRAFT)
    make_event(week, "called-off", title="Called off", status=EventStatus.CANCELLED)
    more = [make_event(week, f"more-{number}", title=f"More {number}") for number in range(3)]
    registration = make_registration(open_event, attendee)
    make_registration(
        open_event, waiting, status=RegistrationStatus.WAITLISTED, waitlist_position=1
    )
    public = Reflection(
        programme_id=week.id,
        event_id=open_event.id,
        author_id=attendee.id,
        author_role=AuthorRole.ATTENDEE,
        body="Everyone may read this about listening.",
        answers=[
            {"question": "What will you do?", "answer": "Everyone may read this about listening."}
        ],
        visibility=Visibility.PUBLIC,
        attribution=Attribution.NAMED,
    )
    private = Reflection(
        programme_id=week.id,
        event_id=more[0].id,
        author_id=attendee.id,
        author_role=AuthorRole.ATTENDEE,
        body="Only I may read this private thought.",
        answers=[
            {"question": "What will you do?", "answer": "Only I may read this private thought."}
        ],
        visibility=Visibility.PRIVATE,
        attribution=Attribution.NAMED,
    )
    write_up = WriteUp(
        programme_id=week.id,
        event_id=open_event.id,
        speaker_id=speaker.id,
        title="What we shared",
        body="Slides and **notes**.",
        status=WriteUpStatus.PUBLISHED,
        published_at=open_event.sessions[0].starts_at,
    )
    change = ScheduleChange(
        programme_id=week.id,
        event_id=open_event.id,
        kind=ChangeKind.NEW,
        event_title="Open event",
        description="New in the programme.",
    )
    db.session.add_all([public, private, write_up, change])
    db.session.commit()
    return ApiWorld(
        organiser_token=create_token(organiser.id, "organiser's script").secret,
        attendee_token=create_token(attendee.id, "attendee's phone").secret,
        waiting_token=create_token(waiting.id, "waiting").secret,
        public_reflection_id=public.id,
        private_reflection_id=private.id,
        write_up_id=write_up.id,
        change_id=change.id,
        attendee_registration_id=registration.id,
        speaker_slug=speaker.slug,
    )
