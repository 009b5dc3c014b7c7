"""The hourly limit on registration emails counts per recipient: a typed address, or the
signed-in account (issue 20: everyone signed in once shared the empty address's bucket)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import Registration
from tests.factories import make_event, make_programme, make_user

REGISTER = "/p/hls-week/events/learning-circle/register"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ACCOUNT_RATE_LIMIT": "1000 per minute",
        "REGISTRATION_EMAIL_RATE_LIMIT": "10 per hour",
    }


@pytest.fixture
def event(app):
    return make_event(make_programme("hls-week"), "learning-circle", capacity=50)


def test_eleven_signed_in_people_may_register_in_an_hour(app, event):
    for number in range(11):
        person = make_user(f"person{number}@example.org")
        client = app.test_client()
        signed_in = client.post(
            "/account/sign-in",
            data={"email": person.email, "password": "correct horse battery"},
        )
        assert signed_in.status_code == 302
        answer = client.post(REGISTER, data={"sector": "health"})
        assert answer.status_code == 302, f"person {number} was refused: {answer.status_code}"

    assert db.session.scalar(select(func.count()).select_from(Registration)) == 11


def test_one_typed_address_is_still_limited(app, event):
    client = app.test_client()
    statuses = []
    for number in range(11):
        other = make_event(event.programme, f"event-{number}", capacity=5)
        answer = client.post(
            f"/p/hls-week/events/{other.slug}/register",
            data={"name": f"Someone {number}", "email": "victim@example.org", "sector": "health"},
        )
        statuses.append(answer.status_code)
    assert statuses == [302] * 10 + [429]
