"""Shared scene for the call-for-events tests: a programme, its organiser, an open call."""

from __future__ import annotations

from typing import Any

import pytest

from hls_events.models import EventFormat, utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_call, make_programme, make_theme, make_user


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


@pytest.fixture
def organiser(app):
    return make_user("olu@example.org", name="Olu Organiser", email_confirmed_at=utcnow())


@pytest.fixture
def host(app):
    return make_user("hana@example.org", name="Hana Host", email_confirmed_at=utcnow())


@pytest.fixture
def week(app, organiser):
    theme = make_theme("Relational practice")
    programme = make_programme("week", title="HLS Week", organisers=[organiser])
    programme.themes = [theme]
    return programme


@pytest.fixture
def call(week):
    return make_call(
        week,
        questions=["Who is it for?"],
        formats=[EventFormat.WORKSHOP, EventFormat.WEBINAR],
    )


def proposal_data(call: Any = None, *, submit: bool = True, **overrides: Any) -> dict[str, Any]:
    """What a browser posts for a complete proposal, with `overrides` on top."""
    data: dict[str, Any] = {
        "title": "Listening to people who use services",
        "summary": "A workshop on listening well.",
        "description": "We practise listening.\n\nThen we reflect.",
        "format": "workshop",
        "mode": "online",
        "duration_minutes": "90",
        "expected_capacity": "30",
        "organisation_name": "Gateshead Council",
        "access_arrangements": "Live captions.",
        "may_be_recorded": "y",
        "speakers-0-name": "Sam Speaker",
        "speakers-0-email": "sam@example.org",
        "speakers-0-organisation_name": "Northshire Trust",
        "speakers-0-role": "speaker",
    }
    if call is not None:
        for question in call.questions:
            data[f"answer_{question.id}"] = "People who run services."
    data["submit_proposal" if submit else "save"] = "y"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign_out(client) -> None:
    page = client.get("/privacy")
    client.post("/account/sign-out", data={"csrf_token": csrf_token_from(page.text)})
