"""Personal data kept only as long as needed (hls_events/retention.py): each rule, its
period from the settings, the command (with --dry-run), the worker's timed duty, and the
privacy page stating the periods."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.mail.services import queue_email
from hls_events.models import (
    ConsentRecord,
    EventSession,
    OutboxMessage,
    OutboxStatus,
    Programme,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    User,
    utcnow,
)
from hls_events.retention import apply_retention
from tests.factories import make_event, make_programme, make_registration, make_user

DAY = timedelta(days=1)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RETENTION_ACCESS_NEEDS_DAYS": 30, "RETENTION_EMAIL_BODY_DAYS": 90}


def event_ended(days_ago: int, slug: str = "circle"):
    """An event whose one session ended ``days_ago`` days ago."""
    programme = db.session.scalar(select(Programme)) or make_programme("hls-week", title="HLS Week")
    event = make_event(programme, slug, title=slug.title())
    session = db.session.scalar(select(EventSession).where(EventSession.event_id == event.id))
    session.ends_at = utcnow() - days_ago * DAY
    session.starts_at = session.ends_at - timedelta(hours=1)
    db.session.commit()
    return event


def no_password(user: User) -> User:
    """Someone who registered by typing their address, or signed up and never confirmed."""
    user.password_hash = None
    db.session.commit()
    return user


def nothing_changes_on_a_dry_run(expected: dict[str, int]) -> None:
    before = snapshot()
    assert apply_retention(dry_run=True) == expected
    assert snapshot() == before


def snapshot() -> list[Any]:
    db.session.expire_all()
    return [
        sorted(tuple(row) for row in db.session.execute(select(table)))
        for table in (Registration.__table__, OutboxMessage.__table__, User.__table__)
    ]


NOTHING = {
    "access_needs": 0,
    "email_bodies": 0,
    "guest_registrations": 0,
    "unconfirmed_accounts": 0,
}


def test_access_needs_go_30_days_after_the_event_ends(app):
    person = make_user(email_confirmed_at=utcnow())
    old = make_registration(event_ended(31, "old"), person, access_needs="Step-free access")
    recent = make_registration(event_ended(29, "recent"), person, access_needs="Captions")

    nothing_changes_on_a_dry_run({**NOTHING, "access_needs": 1})
    assert apply_retention() == {**NOTHING, "access_needs": 1}

    db.session.expire_all()
    assert db.session.get(Registration, old.id).access_needs == ""
    assert db.session.get(Registration, recent.id).access_needs == "Captions"
    assert apply_retention() == NOTHING  # done once


def test_sent_email_bodies_go_after_90_days_keeping_who_what_and_when(app):
    person = make_user("ada@example.org", email_confirmed_at=utcnow())
    for days_ago in (91, 89):
        message = queue_email(
            person.email, "password_changed", {"name": "Ada", "reset_link": "https://x/"}
        )
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow() - days_ago * DAY
    waiting = queue_email(person.email, "password_changed", {"name": "Ada", "reset_link": "x"})
    waiting.created_at = utcnow() - 200 * DAY  # never sent: still needed to send it
    db.session.commit()

    nothing_changes_on_a_dry_run({**NOTHING, "email_bodies": 1})
    apply_retention()

    db.session.expire_all()
    old, recent, pending = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    assert (old.body_text, old.body_html, old.attachments) == ("", "", "[]")
    assert old.to_address.endswith("ada@example.org") and old.subject and old.sent_at
    assert recent.body_text and pending.body_text


def test_registrations_of_people_without_an_account_are_anonymised_after_two_years(app):
    guest = no_password(make_user("guest@example.org", name="Gus Guest"))
    recent_guest = no_password(make_user("recent@example.org", name="Rae Recent"))
    member = make_user("member@example.org", name="Mo Member", last_signed_in_at=utcnow())
    old_event = event_ended(800, "old")
    question = RegistrationQuestion(
        programme_id=old_event.programme_id, label="Why?", kind=QuestionKind.SHORT_TEXT
    )
    db.session.add(question)
    db.session.commit()
    old = make_registration(old_event, guest, organisation="Guest Council", job_role="Clerk")
    old.created_at = utcnow() - 801 * DAY
    db.session.add(RegistrationAnswer(registration_id=old.id, question_id=question.id, value="Hi"))
    db.session.add(
        ConsentRecord(user_id=guest.id, purpose="programme_news", wording="x", given=True)
    )
    make_registration(old_event, member, organisation="Member Council").created_at = (
        utcnow() - 801 * DAY
    )
    make_registration(old_event, recent_guest)  # registered two years ago...
    make_registration(event_ended(10, "recent"), recent_guest)  # ...and again lately
    queue_email(guest.email, "password_changed", {"name": "Gus", "reset_link": "x"})
    db.session.commit()

    nothing_changes_on_a_dry_run({**NOTHING, "guest_registrations": 1})
    apply_retention()

    db.session.expire_all()
    anonymous = db.session.get(User, guest.id)
    assert anonymous.name == "" and anonymous.email == f"{guest.id}@anonymised.invalid"
    kept = db.session.get(Registration, old.id)  # the count stays
    assert kept.user_id == guest.id and kept.status.value == "confirmed"
    assert (kept.organisation, kept.job_role, kept.answers) == ("", "", [])
    assert db.session.scalar(select(func.count()).select_from(ConsentRecord)) == 0
    assert all(
        "guest@example.org" not in m.to_address for m in db.session.scalars(select(OutboxMessage))
    )
    assert db.session.get(User, recent_guest.id).email == "recent@example.org"
    assert db.session.get(User, member.id).email == "member@example.org"
    assert apply_retention() == NOTHING


def test_unconfirmed_accounts_holding_nothing_are_deleted_after_30_days(app):
    old = no_password(make_user("old@example.org"))
    old.created_at = utcnow() - 31 * DAY
    new = no_password(make_user("new@example.org"))
    confirmed = make_user("confirmed@example.org", email_confirmed_at=utcnow() - 40 * DAY)
    confirmed.created_at = utcnow() - 40 * DAY
    registered = no_password(make_user("registered@example.org"))
    registered.created_at = utcnow() - 31 * DAY
    db.session.commit()
    make_registration(event_ended(-5, "soon"), registered)  # a place next week: keep them
    queue_email(old.email, "account_confirm", {"name": "Old", "link": "x", "lifetime": "x"})
    db.session.commit()

    nothing_changes_on_a_dry_run({**NOTHING, "unconfirmed_accounts": 1})
    apply_retention()

    db.session.expire_all()
    remaining = set(db.session.scalars(select(User.email)))
    assert remaining == {new.email, confirmed.email, registered.email}
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_periods_come_from_the_settings(app):
    person = make_user(email_confirmed_at=utcnow())
    registration = make_registration(event_ended(10), person, access_needs="Captions")
    assert apply_retention() == NOTHING
    app.config["RETENTION_ACCESS_NEEDS_DAYS"] = 7
    assert apply_retention() == {**NOTHING, "access_needs": 1}
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).access_needs == ""


def test_the_command_shows_what_would_go_then_does_it(app, runner):
    make_registration(event_ended(40), make_user(), access_needs="Captions")
    dry = runner.invoke(args=["retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would go: 1 access needs of events that ended" in dry.output
    assert "Would go: 0 bodies of sent emails" in dry.output
    assert db.session.scalar(select(Registration.access_needs)) == "Captions"
    done = runner.invoke(args=["retention"])
    assert done.exit_code == 0 and "Gone: 1 access needs" in done.output
    db.session.expire_all()
    assert db.session.scalar(select(Registration.access_needs)) == ""


def test_the_worker_applies_retention_on_its_timed_duties(app):
    from hls_events.mail.commands import _run_scheduled_duties

    make_registration(event_ended(40), make_user(), access_needs="Captions")
    _run_scheduled_duties()
    assert db.session.scalar(select(Registration.access_needs)) == ""


def test_the_privacy_page_states_the_periods_from_the_settings(app, client):
    page = client.get("/privacy")
    assert "erased 30 days after the event ends" in page.text
    assert "erased 90 days after they were sent" in page.text
    assert "made anonymous two years after the events" in page.text
    assert "is deleted\n  after 30 days" in page.text or "deleted after 30 days" in " ".join(
        page.text.split()
    )
    app.config["RETENTION_EMAIL_BODY_DAYS"] = 45
    assert "erased 45 days after they were sent" in client.get("/privacy").text


def test_a_bad_period_in_the_environment_stops_the_app(monkeypatch, tmp_path):
    from hls_events.config import ConfigurationError, load_config

    monkeypatch.setenv("RETENTION_EMAIL_BODY_DAYS", "ninety")
    with pytest.raises(ConfigurationError, match="RETENTION_EMAIL_BODY_DAYS"):
        load_config(str(tmp_path))
    monkeypatch.setenv("RETENTION_EMAIL_BODY_DAYS", "120")
    assert load_config(str(tmp_path))["RETENTION_EMAIL_BODY_DAYS"] == 120
