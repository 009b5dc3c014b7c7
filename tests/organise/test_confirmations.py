"""Every action that changes things for other people asks first, saying what will happen and to
whom; a GET, or a POST without the confirmation, changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from hls_events.extensions import db
from hls_events.models import Event, EventSession, EventStatus, Registration, RegistrationStatus
from tests.factories import make_event, make_programme, make_user


def _world(registered: int = 2):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    event = make_event(programme, "circle", title="Learning circle")
    for number in range(registered):
        person = make_user(f"p{number}@example.org")
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=RegistrationStatus.CONFIRMED,
                confirmed_at=datetime.now(UTC),
            )
        )
    db.session.commit()
    return programme, event


BASE = "/organise/p/week/events/circle/"


def test_cancelling_a_session_says_how_many_people_will_be_emailed(client, sign_in, post_form):
    _, event = _world()
    session_id = event.sessions[0].id
    sign_in("org@example.org")
    url = BASE + f"sessions/{session_id}/remove"

    page = client.get(url)
    unconfirmed = post_form(url, {})

    assert "Cancel this session: 2 people registered" in page.text
    assert "2 people registered or waiting for Learning circle will be emailed" in page.text
    assert unconfirmed.status_code == 200
    db.session.expire_all()
    assert not db.session.get(EventSession, session_id).is_cancelled

    done = post_form(url, {"confirm": "yes"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(EventSession, session_id).is_cancelled


def test_unpublishing_an_event_with_registrations_is_refused_and_cancelling_offered(
    client, sign_in, post_form
):
    _, event = _world()
    sign_in("org@example.org")

    page = client.get(BASE + "status/draft")
    forced = post_form(BASE, {"confirm": "yes"}, action=BASE + "status/draft")

    assert "cannot go back to being a draft" in page.text
    assert 'href="/organise/p/week/events/circle/status/cancelled">Cancel this event' in page.text
    assert "Unpublish the event</button>" not in page.text
    assert forced.status_code == 302
    assert "cannot go back to being a draft" in client.get(forced.location).text
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED


def test_an_event_nobody_registered_for_can_be_unpublished_after_asking(client, sign_in, post_form):
    _, event = _world(registered=0)
    sign_in("org@example.org")

    assert "Unpublish the event</button>" in client.get(BASE + "status/draft").text
    post_form(BASE, {"confirm": "yes"}, action=BASE + "status/draft")

    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.DRAFT


def test_cancelling_an_event_asks_first_and_names_the_number(client, sign_in, post_form):
    _, event = _world(registered=3)
    sign_in("org@example.org")

    page = client.get(BASE + "status/cancelled")
    unconfirmed = post_form(BASE, {}, action=BASE + "status/cancelled")

    assert "3 people registered or waiting will be emailed" in page.text
    assert unconfirmed.status_code == 200
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED
    post_form(BASE, {"confirm": "yes"}, action=BASE + "status/cancelled")
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.CANCELLED


def test_unpublishing_the_programme_and_removing_an_organiser_ask_first(client, sign_in, post_form):
    programme, _ = _world()
    other = make_user("co@example.org", organiser=True)
    programme.organisers.append(other)
    db.session.commit()
    sign_in("org@example.org")

    unpublish = client.get("/organise/p/week/status/draft")
    remove = client.get(f"/organise/p/week/people/organisers/{other.id}/remove")

    assert "2 people with a place or on a waiting list keep it" in unpublish.text
    assert "co@example.org" in remove.text and "Remove them</button>" in remove.text
    db.session.expire_all()
    assert programme.status.value == "published"
    assert len(programme.organisers) == 2
    assert client.get("/organise/p/week/status/nonsense").status_code == 404
