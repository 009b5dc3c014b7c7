"""Killing the server mid-load loses no acknowledged registration and leaves the places
consistent: each registration commits as one transaction, with its emails, before the
person is told it worked."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import OutboxMessage, Registration, RegistrationStatus, User
from tests.factories import make_event, make_programme
from tests.registrations.served import (
    Answer,
    Client,
    GunicornServer,
    assert_places_consistent,
    at_once,
    registration_data,
    registration_of,
)

pytestmark = pytest.mark.heavy

PEOPLE = 300
PLACES = 50
KILL_AFTER = 80
EVENT_PATH = "/p/hls-week/events/big-conversation/"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {}


def test_killing_the_server_mid_load_loses_no_acknowledged_registration(
    app: Flask, server: GunicornServer, instance_path: Path
):
    programme = make_programme("hls-week", title="HLS Week")
    event = make_event(programme, "big-conversation", title="The Big Conversation", capacity=PLACES)
    clients = [Client(server.url) for _ in range(PEOPLE)]
    tokens = at_once([lambda c=c: c.csrf_token(EVENT_PATH) for c in clients])

    acknowledged = 0
    counting = threading.Lock()
    enough = threading.Event()

    def register(number: int) -> Answer:
        nonlocal acknowledged
        answer = clients[number].post_form(
            EVENT_PATH + "register", registration_data(number), tokens[number]
        )
        if answer.status == 302:
            with counting:
                acknowledged += 1
                if acknowledged >= KILL_AFTER:
                    enough.set()
        return answer

    def killer() -> None:
        enough.wait(timeout=300)
        server.kill()

    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    started = time.monotonic()
    answers = at_once([lambda n=n: register(n) for n in range(PEOPLE)])
    kill_thread.join(timeout=60)
    seconds = time.monotonic() - started

    acked = {n: a for n, a in enumerate(answers) if a.status == 302}
    lost = [a for a in answers if a.status == 0]
    assert len(acked) >= KILL_AFTER
    assert lost, "the server was killed after every request had finished: nothing was tested"
    assert all(a.status in (0, 302) for a in answers), {a.status for a in answers}

    # Every acknowledged registration is there, for the person who asked.
    registrations = assert_places_consistent(event.id, PLACES)
    by_id = {r.id: r for r in registrations}
    for number, answer in acked.items():
        registration_id, user_id = registration_of(app, answer)
        assert registration_id in by_id, f"acknowledged registration {registration_id} was lost"
        assert db.session.get(User, user_id).email == f"person{number}@example.org"
    # Nothing half-done: every account made has its registration, every registration its email.
    assert db.session.scalar(select(func.count()).select_from(User)) == len(registrations)
    emailed = set(
        db.session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.key.like("registration:%"))
        )
    )
    for registration in registrations:
        template = (
            "registration_confirmed"
            if registration.status == RegistrationStatus.CONFIRMED
            else "registration_waitlisted"
        )
        assert f"registration:{registration.id}:{template}" in emailed

    # The app starts again on the same database and carries on from where it was.
    again = GunicornServer(
        app.config["SQLALCHEMY_DATABASE_URI"], instance_path, app.config["SECRET_KEY"]
    )
    again.start()
    try:
        client = Client(again.url)
        answer = client.post_form(
            EVENT_PATH + "register", registration_data(PEOPLE), client.csrf_token(EVENT_PATH)
        )
        assert answer.status == 302, answer.text[:500]
    finally:
        again.stop()
    after = assert_places_consistent(event.id, PLACES)
    assert len(after) == len(registrations) + 1
    assert (
        db.session.scalar(select(func.count()).select_from(Registration)) == len(registrations) + 1
    )
    print(
        f"\n[{db.engine.dialect.name}] killed gunicorn after {len(acked)} acknowledged "
        f"registrations ({len(registrations)} committed, {len(lost)} requests cut off) "
        f"in {seconds:.2f}s"
    )
