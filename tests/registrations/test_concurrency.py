"""The capacity guarantee under real load: gunicorn with four worker processes, hundreds of
people registering at the same moment, on SQLite and on PostgreSQL (whichever the suite runs
on). Every client fetches the event page first and posts with that page's CSRF token.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import OutboxMessage, Registration, RegistrationStatus, User
from tests.factories import make_event, make_programme
from tests.registrations.served import (
    Client,
    GunicornServer,
    assert_places_consistent,
    at_once,
    registration_data,
    registration_of,
)

pytestmark = pytest.mark.heavy

PEOPLE = 200
PLACES = 50
CANCELLATIONS = 20


@pytest.fixture
def full_event(app: Flask):
    programme = make_programme("hls-week", title="HLS Week")
    return make_event(programme, "big-conversation", title="The Big Conversation", capacity=PLACES)


def test_two_hundred_people_at_once_fill_fifty_places_and_the_rest_wait_in_line(
    app: Flask, server: GunicornServer, full_event
):
    event_path = "/p/hls-week/events/big-conversation/"
    clients = [Client(server.url) for _ in range(PEOPLE)]
    tokens = at_once([lambda c=c: c.csrf_token(event_path) for c in clients])

    started = time.monotonic()
    answers = at_once(
        [
            lambda n=n, c=c, t=t: c.post_form(event_path + "register", registration_data(n), t)
            for n, (c, t) in enumerate(zip(clients, tokens, strict=True))
        ]
    )
    registering_seconds = time.monotonic() - started

    assert [a.status for a in answers if a.status != 302] == [], [
        (a.status, a.error, a.text[:300]) for a in answers if a.status != 302
    ]
    registrations = assert_places_consistent(full_event.id, PLACES)
    assert len(registrations) == PEOPLE
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == RegistrationStatus.WAITLISTED),
        key=lambda r: r.waitlist_position,
    )
    assert len(confirmed) == PLACES
    assert len(waiting) == PEOPLE - PLACES

    # Every success names a row: the person who asked, and the page says what the row says.
    by_id = {r.id: r for r in registrations}
    for number, answer in enumerate(answers):
        registration_id, user_id = registration_of(app, answer)
        registration = by_id[registration_id]
        assert registration.user_id == user_id
        assert db.session.get(User, user_id).email == f"person{number}@example.org"
    pages = at_once(
        [
            lambda c=c, a=a: c.request(urlsplit(a.location).path)
            for c, a in zip(clients, answers, strict=True)
        ]
    )
    for answer, page in zip(answers, pages, strict=True):
        registration = by_id[registration_of(app, answer)[0]]
        assert page.status == 200
        if registration.status == RegistrationStatus.CONFIRMED:
            assert "You have a place at this event." in page.text
        else:
            assert (
                f"you are number {registration.waitlist_position} on the waiting list" in page.text
            )

    # One email for each, in the same commit as the registration.
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.like("registration:%:registration_confirmed"))
        )
        == PLACES
    )
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.like("registration:%:registration_waitlisted"))
        )
        == PEOPLE - PLACES
    )

    # Twenty people with places cancel at the same moment: the first twenty waiting get them.
    client_of = {registration_of(app, a)[0]: (c, a) for c, a in zip(clients, answers, strict=True)}
    cancelling = confirmed[:CANCELLATIONS]
    next_in_line = [r.id for r in waiting[:CANCELLATIONS]]
    still_waiting = [r.id for r in waiting[CANCELLATIONS:]]
    manage_paths = {r.id: urlsplit(client_of[r.id][1].location).path for r in cancelling}
    cancel_tokens = at_once(
        [lambda r=r: client_of[r.id][0].csrf_token(manage_paths[r.id]) for r in cancelling]
    )
    started = time.monotonic()
    cancelled = at_once(
        [
            lambda r=r, t=t: client_of[r.id][0].post_form(manage_paths[r.id] + "/cancel", {}, t)
            for r, t in zip(cancelling, cancel_tokens, strict=True)
        ]
    )
    cancelling_seconds = time.monotonic() - started
    assert [a.status for a in cancelled] == [302] * CANCELLATIONS

    registrations = assert_places_consistent(full_event.id, PLACES)
    status_of = {r.id: r.status for r in registrations}
    assert [status_of[r.id] for r in cancelling] == [RegistrationStatus.CANCELLED] * CANCELLATIONS
    assert [status_of[i] for i in next_in_line] == [RegistrationStatus.CONFIRMED] * CANCELLATIONS
    position_of = {r.id: r.waitlist_position for r in registrations}
    assert [position_of[i] for i in still_waiting] == list(range(1, len(still_waiting) + 1))
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.like("registration:%:registration_promoted"))
        )
        == CANCELLATIONS
    )

    print(
        f"\n[{db.engine.dialect.name}] {PEOPLE} registrations through gunicorn -w 4 in "
        f"{registering_seconds:.2f}s ({PEOPLE / registering_seconds:.0f}/s); "
        f"slowest answer {max(a.seconds for a in answers):.2f}s; "
        f"{CANCELLATIONS} cancellations in {cancelling_seconds:.2f}s"
    )


def test_one_person_registering_from_several_tabs_at_once_gets_one_registration(
    app: Flask, server: GunicornServer, full_event
):
    event_path = "/p/hls-week/events/big-conversation/"
    clients = [Client(server.url) for _ in range(12)]
    tokens = at_once([lambda c=c: c.csrf_token(event_path) for c in clients])
    answers = at_once(
        [
            lambda c=c, t=t: c.post_form(event_path + "register", registration_data(1), t)
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    # One registers; the other tabs are told the address already holds a registration.
    assert sorted(a.status for a in answers) == [200] * 11 + [302]
    told = [a for a in answers if a.status == 200]
    assert all("is already held for person1@example.org" in a.text for a in told)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.email == "person1@example.org")
        )
        == 1
    )
