"""One email inviting each person to reflect, when an event's last session has ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    OutboxMessage,
    ReflectionInvitation,
    RegistrationStatus,
    utcnow,
)
from hls_events.reflections import invitations
from tests.factories import make_event, make_reflection, make_registration
from tests.reflections.conftest import person


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return {**mail_app_config, "RATELIMIT_ENABLED": False}


def test_everyone_who_may_reflect_is_invited_once(app, past, deliver_outbox, client):
    make_registration(past.event, person("came@example.org"), status=RegistrationStatus.ATTENDED)
    make_registration(
        past.event,
        person("waiting@example.org"),
        status=RegistrationStatus.WAITLISTED,
        waitlist_position=1,
    )
    make_registration(past.event, person("left@example.org"), status=RegistrationStatus.CANCELLED)
    reflected = person("reflected@example.org")
    make_registration(past.event, reflected)
    make_reflection(past.event, reflected)

    report = invitations.invite_to_reflect()
    assert (report.events, report.queued) == (1, 3)
    mails = deliver_outbox()
    assert sorted(mail.to for mail in mails) == [
        "ada@example.org",
        "came@example.org",
        "speaker@example.org",
    ]
    mail = next(m for m in mails if m.to == "ada@example.org")
    assert mail.subject == "How was Learning Circle? A few minutes to reflect"
    assert "Hello Ada Attendee," in mail.text
    assert "What will you try next, as a small experiment?" in mail.text
    link = mail.link("/reflect")
    assert link == "http://localhost/p/hls-week-2025/events/learning-circle/reflect"
    assert mail.html and "Reflect on Learning Circle" in mail.html

    # Again: nobody twice.
    assert invitations.invite_to_reflect().queued == 0
    assert deliver_outbox() == []
    assert db.session.scalar(select(func.count()).select_from(ReflectionInvitation)) == 3


def test_events_not_yet_over_or_long_past_are_left_alone(app, past):
    now = utcnow()
    long_ago = make_event(past.programme, starts_at=now - timedelta(days=90))
    make_registration(long_ago, person("old@example.org"))
    make_registration(past.later, person("soon@example.org"))
    invitations.invite_to_reflect(now=now)
    invited = set(db.session.scalars(select(ReflectionInvitation.event_id)))
    assert invited == {past.event.id}


def test_a_person_registered_after_the_first_run_is_invited_on_the_next(app, past):
    invitations.invite_to_reflect()
    make_registration(past.event, person("late@example.org"), status=RegistrationStatus.ATTENDED)
    report = invitations.invite_to_reflect()
    assert report.queued == 1
    assert db.session.scalar(
        select(OutboxMessage.to_address).where(OutboxMessage.to_address == "late@example.org")
    )


def test_the_command(app, past, runner):
    result = runner.invoke(args=["invite-reflections"])
    assert result.exit_code == 0, result.output
    assert "Queued 2 invitations to reflect, for 1 event." in result.output
    result = runner.invoke(args=["invite-reflections"])
    assert "Queued 0 invitations to reflect, for 0 events." in result.output


def test_the_command_needs_the_sites_address(app, past, runner):
    app.config["BASE_URL"] = ""
    result = runner.invoke(args=["invite-reflections"])
    assert result.exit_code != 0
    assert "--base-url" in result.output
    result = runner.invoke(args=["invite-reflections", "--base-url", "https://events.example.org"])
    assert result.exit_code == 0, result.output
    body = db.session.scalar(select(OutboxMessage.body_text).limit(1))
    assert "https://events.example.org/p/hls-week-2025/events/learning-circle/reflect" in body
