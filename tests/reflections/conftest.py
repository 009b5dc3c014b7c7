"""A past programme with an event that has ended, and the people around it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from hls_events.extensions import db
from hls_events.models import (
    Event,
    Organisation,
    Programme,
    RegistrationStatus,
    Speaker,
    SpeakerRole,
    Theme,
    User,
    utcnow,
)
from tests.conftest import csrf_token_from
from tests.factories import (
    PASSWORD,
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_speaker,
    make_theme,
)

# Hashing a password takes a tenth of a second; the people in these scenes share one hash.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt")


def person(email: str, name: str | None = None, **fields: Any) -> User:
    """A person who can sign in with tests.factories.PASSWORD, made without hashing again."""
    user = User(
        email=email,
        name=name or email.split("@")[0].replace(".", " ").title(),
        password_hash=PASSWORD_HASH,
        email_confirmed_at=utcnow(),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


@dataclass
class PastScene:
    programme: Programme
    event: Event  # ended a week ago, hosted by organisation A
    later: Event  # in the same programme, still to come
    organisation: Organisation
    organiser: User
    attendee: User  # confirmed at `event`
    speaker_user: User
    speaker: Speaker  # on `event`, linked to speaker_user
    theme: Theme

    @property
    def event_path(self) -> str:
        return f"/p/{self.programme.slug}/events/{self.event.slug}/"

    @property
    def reflect_path(self) -> str:
        return self.event_path + "reflect"

    @property
    def write_up_path(self) -> str:
        return self.event_path + "write-up"


@pytest.fixture
def past(app: Any) -> PastScene:
    now = utcnow()
    organiser = person("organiser@example.org", "Olive Organiser", is_organiser=True)
    programme = make_programme(
        "hls-week-2025",
        title="HLS Week 2025",
        organisers=[organiser],
        starts_on=(now - timedelta(days=10)).date(),
        days=30,
    )
    organisation = make_organisation("Gateshead Council")
    theme = make_theme("Learning culture")
    speaker_user = person("speaker@example.org", "Sam Speaker")
    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    event = make_event(
        programme,
        "learning-circle",
        title="Learning Circle",
        organisation=organisation,
        starts_at=now - timedelta(days=7),
        themes=[theme],
        speakers=[(speaker, SpeakerRole.SPEAKER)],
    )
    later = make_event(
        programme, "story-session", title="Story Session", starts_at=now + timedelta(days=7)
    )
    attendee = person("ada@example.org", "Ada Attendee")
    make_registration(event, attendee, status=RegistrationStatus.CONFIRMED)
    return PastScene(
        programme=programme,
        event=event,
        later=later,
        organisation=organisation,
        organiser=organiser,
        attendee=attendee,
        speaker_user=speaker_user,
        speaker=speaker,
        theme=theme,
    )


@pytest.fixture
def host_of(past: PastScene) -> Callable[[str], User]:
    def _host(email: str) -> User:
        user = person(email)
        make_host(past.programme, user, past.organisation)
        return user

    return _host


@pytest.fixture
def sign_in_as(client: FlaskClient) -> Callable[[User], None]:
    def _sign_in(user: User) -> None:
        page = client.get("/account/sign-in")
        response = client.post(
            "/account/sign-in",
            data={
                "email": user.email,
                "password": PASSWORD,
                "csrf_token": csrf_token_from(page.text),
            },
        )
        assert response.status_code == 302, f"{user.email} could not sign in"

    return _sign_in


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}
