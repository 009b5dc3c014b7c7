"""Emailed links never take their host from the request, and hosts that are not the site's are
refused (issue 20). CSRF is off here so that the Host header is the only thing under test."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.config import load_config
from hls_events.extensions import db
from hls_events.mail.later import needs_writing, write_now
from hls_events.models import OutboxMessage
from tests.factories import make_event, make_programme, make_user

EVIL = {"Host": "evil.example"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


@pytest.fixture
def scene(app):
    make_user("ada@example.org")
    programme = make_programme("hls-week")
    make_event(programme, "learning-circle", capacity=10)


FORMS = [
    ("/account/sign-in/email", {"email": "ada@example.org"}),
    ("/account/reset-password", {"email": "ada@example.org"}),
    (
        "/p/hls-week/events/learning-circle/register",
        {
            "name": "Bea",
            "email": "bea@example.org",
            "sector": "local_government",
            "job_role": "Nurse",
            "share_with_host": "y",
        },
    ),
]


def _outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage)))


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_a_forged_host_never_reaches_an_email(client, scene, url, data):
    response = client.post(url, data=data, headers=EVIL)

    assert response.status_code in (200, 302), response.text
    messages = _outbox()
    assert messages, "the form should have queued an email"
    for message in messages:
        if needs_writing(message):
            # A confirmation is written by the mail worker, which has no request at all.
            assert write_now(message)
        assert "evil.example" not in message.body_text + message.body_html
        assert "http://localhost/" in message.body_text


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_a_host_that_is_not_trusted_is_refused(app, client, scene, url, data):
    app.config["TRUSTED_HOSTS"] = ["localhost"]

    response = client.post(url, data=data, headers=EVIL)

    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert client.get("/", headers=EVIL).status_code == 400
    assert client.get("/").status_code == 200


def test_production_trusts_only_the_base_address_unless_told(monkeypatch, tmp_path):
    monkeypatch.setenv("HLS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://events.example.org/")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    assert load_config(str(tmp_path))["TRUSTED_HOSTS"] == ["events.example.org"]

    monkeypatch.setenv("TRUSTED_HOSTS", "events.example.org, .hls.example.org")
    assert load_config(str(tmp_path))["TRUSTED_HOSTS"] == ["events.example.org", ".hls.example.org"]

    monkeypatch.setenv("HLS_ENV", "development")
    monkeypatch.delenv("TRUSTED_HOSTS")
    assert load_config(str(tmp_path))["TRUSTED_HOSTS"] is None
