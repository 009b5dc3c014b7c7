"""The gap between commit and answer, with a real server: the worker process dies straight
after a registration commits, so the person never hears that it worked. The registration and
its email are there (one transaction), and trying again finds it instead of a refusal."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import OutboxMessage, OutboxStatus, Registration, User
from tests.factories import make_event, make_programme, make_user
from tests.registrations.served import Answer, Client, GunicornServer, registration_data

pytestmark = pytest.mark.heavy

EVENT_PATH = "/p/hls-week/events/learning-circle/"
REGISTER = EVENT_PATH + "register"


@pytest.fixture
def dying_server(app: Flask, instance_path: Path) -> Iterator[GunicornServer]:
    served = GunicornServer(
        app.config["SQLALCHEMY_DATABASE_URI"],
        instance_path,
        app.config["SECRET_KEY"],
        workers=1,
        app="tests.registrations.dying_wsgi:app",
    )
    served.start()
    try:
        yield served
    finally:
        served.stop()
        (instance_path / "die-after-commit").unlink(missing_ok=True)


@pytest.fixture
def event(app: Flask):
    programme = make_programme("hls-week", title="HLS Week")
    return make_event(programme, "learning-circle", title="Learning Circle", capacity=10)


def die_after_next_commit(instance_path: Path) -> None:
    (instance_path / "die-after-commit").touch()


def fresh_token(client: Client) -> str:
    """A CSRF token from the worker gunicorn started in place of the dead one."""
    deadline = time.monotonic() + 30
    while True:
        page = client.request(EVENT_PATH)
        if page.status == 200 or time.monotonic() > deadline:
            return client.csrf_token(EVENT_PATH)
        time.sleep(0.1)


def confirmations_to(email: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.to_address.contains(email),
                OutboxMessage.key.like("registration:%:registration_confirmed"),
            )
        )
    )


def test_an_anonymous_person_whose_answer_was_lost_is_told_their_address_holds_a_place(
    dying_server: GunicornServer, event, instance_path: Path, deliver_outbox
):
    client = Client(dying_server.url)
    token = client.csrf_token(EVENT_PATH)
    die_after_next_commit(instance_path)
    lost: Answer = client.post_form(REGISTER, registration_data(1), token)
    assert lost.status == 0, f"the worker answered {lost.status}: it should have died"
    assert not (instance_path / "die-after-commit").exists()

    # Committed before the worker died: the registration, and its email in the outbox.
    [registration] = db.session.scalars(select(Registration))
    assert registration.user.email == "person1@example.org"
    [queued] = confirmations_to("person1@example.org")
    assert queued.status == OutboxStatus.PENDING
    assert queued.key == f"registration:{registration.id}:registration_confirmed"

    # Trying again, as anyone would: told a registration is held for the address, no more.
    again = client.post_form(REGISTER, registration_data(1), fresh_token(client))
    assert again.status == 200, again.text[:500]
    assert "A registration for this event is already held for person1@example.org" in again.text
    assert "/registrations/" not in again.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert len(confirmations_to("person1@example.org")) == 1  # still on its way: not doubled

    # And the email the first answer would have pointed to arrives, with the registration.
    [mail] = deliver_outbox()
    assert mail.to.endswith("<person1@example.org>") or mail.to == "person1@example.org"
    assert any("/registrations/" in link for link in mail.links)


def test_a_signed_in_person_whose_answer_was_lost_is_shown_their_place(
    dying_server: GunicornServer, event, instance_path: Path
):
    user = make_user("grace@example.org", name="Grace Hopper")
    client = Client(dying_server.url)
    signed_in = client.post_form(
        "/account/sign-in",
        {"email": user.email, "password": "correct horse battery"},
        client.csrf_token("/account/sign-in"),
    )
    assert signed_in.status == 302, signed_in.text[:500]
    token = client.csrf_token(EVENT_PATH)
    die_after_next_commit(instance_path)
    lost = client.post_form(REGISTER, {"sector": "health"}, token)
    assert lost.status == 0, f"the worker answered {lost.status}: it should have died"
    [registration] = db.session.scalars(select(Registration))
    assert registration.user_id == user.id
    assert len(confirmations_to(user.email)) == 1

    again = client.post_form(REGISTER, {"sector": "health"}, fresh_token(client))
    assert again.status == 302, again.text[:500]
    assert "/registrations/" in again.location
    shown = client.request(again.location.removeprefix(dying_server.url))
    assert shown.status == 200
    assert "You already have a place at this event, so nothing was changed." in shown.text
    assert "Learning Circle" in shown.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
