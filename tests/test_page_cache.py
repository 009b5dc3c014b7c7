"""Kept copies of public pages (hls_events/page_cache.py): fast for visitors, never stale.

Each test changes something a visitor would see and checks the next visitor sees it, since a
kept copy that outlives its content is the one way this cache could hurt anyone.
"""

from __future__ import annotations

import time

from flask import Flask

from hls_events.extensions import db
from hls_events.models import EventStatus, Registration
from hls_events.page_cache import content_revision
from hls_events.registrations import services as registrations
from tests.conftest import csrf_token_from
from tests.factories import (
    PASSWORD,
    make_event,
    make_programme,
    make_reflection,
    make_registration,
    make_user,
)


def _register(client, url: str, email: str):
    page = client.get(url)
    return client.post(
        url + "register",
        data={
            "csrf_token": csrf_token_from(page.text),
            "name": "Ada Visitor",
            "email": email,
            "sector": "charity",
        },
    )


def test_a_kept_page_costs_one_query_and_follows_every_change(client, count_queries):
    programme = make_programme("week")
    event = make_event(programme, "circle", title="Learning circle")
    assert "Learning circle" in client.get("/p/week/").text

    with count_queries() as statements:
        kept = client.get("/p/week/")
    assert "Learning circle" in kept.text
    assert len(statements) <= 1  # the content revision, unless read within the last second

    event.title = "Learning circle, renamed"
    db.session.commit()
    assert "Learning circle, renamed" in client.get("/p/week/").text
    assert programme.title in client.get("/").text
    programme.title = "HLS Week, renamed"
    db.session.commit()
    assert "HLS Week, renamed" in client.get("/").text

    event.status = EventStatus.CANCELLED
    db.session.commit()
    assert "Cancelled" in client.get("/p/week/events/circle/").text


def test_registering_keeps_the_revision_but_the_event_page_shows_places_left(app: Flask):
    programme = make_programme("week")
    make_event(programme, "circle", capacity=3)
    first, second = app.test_client(), app.test_client()
    assert "3 places left." in first.get("/p/week/events/circle/").text
    before = content_revision()

    # Each visitor's form carries their own CSRF token, although the page is a kept copy.
    assert _register(first, "/p/week/events/circle/", "ada@example.org").status_code == 302
    assert _register(second, "/p/week/events/circle/", "bo@example.org").status_code == 302

    assert content_revision() == before
    assert "1 place left." in first.get("/p/week/events/circle/").text
    assert db.session.query(Registration).count() == 2


def test_someone_signed_in_never_gets_a_kept_copy(client, sign_in):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    make_event(programme, "draft-circle", title="Not yet announced", status=EventStatus.DRAFT)
    make_event(programme, "circle")
    assert "Not yet announced" not in client.get("/p/week/").text

    sign_in("org@example.org")

    assert "Not yet announced" in client.get("/p/week/").text


def test_a_registration_made_elsewhere_shows_at_once(client):
    programme = make_programme("week")
    event = make_event(programme, "circle", capacity=2)
    assert "2 places left." in client.get("/p/week/events/circle/").text

    make_registration(event)

    assert "1 place left." in client.get("/p/week/events/circle/").text
    registrations.register(event.id, email="cy@example.org", name="Cy")
    assert "This event is full." in client.get("/p/week/events/circle/").text


def test_a_kept_feed_revalidates_without_rebuilding_and_changes_with_the_programme(
    client, count_queries
):
    programme = make_programme("week")
    event = make_event(programme, "circle", title="Learning circle")
    first = client.get("/p/week/calendar.ics")
    etag = first.headers["ETag"]

    with count_queries() as statements:
        again = client.get("/p/week/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert len(statements) <= 1
    since = client.get(
        "/p/week/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304
    assert since.headers["ETag"] == etag
    assert since.headers["Cache-Control"] == "public, max-age=300"

    event.title = "Learning circle moved to Tuesday"
    db.session.commit()
    changed = client.get("/p/week/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Learning circle moved to Tuesday" in changed.text
    assert changed.headers["ETag"] != etag


def test_the_cache_can_be_turned_off(app: Flask, count_queries):
    app.extensions["page_cache"].seconds = 0
    make_event(make_programme("week"), "circle")
    client = app.test_client()
    client.get("/p/week/")

    with count_queries() as statements:
        client.get("/p/week/")

    assert len(statements) > 1


def test_a_kept_personal_feed_follows_the_persons_registrations_and_address(client):
    from hls_events.calendars.services import regenerate_calendar_token

    person = make_user("ada@example.org")
    programme = make_programme("week")
    first = make_event(programme, "circle", title="Learning circle")
    second = make_event(programme, "panel", title="Commissioning panel")
    make_registration(first, person)
    url = f"/calendar/{person.calendar_token}.ics"
    assert client.get(url).text.count("BEGIN:VEVENT") == 1
    assert client.get(url).text.count("BEGIN:VEVENT") == 1  # a kept copy

    make_registration(second, person)
    assert "Commissioning panel" in client.get(url).text

    regenerate_calendar_token(person.id)
    assert client.get(url).status_code == 404


def test_an_event_pages_key_changes_when_registration_closes(app, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from hls_events.registrations import queries

    closes = datetime(2030, 1, 1, 12, tzinfo=UTC)
    make_event(make_programme("week"), "circle", capacity=5, registration_closes_at=closes)
    monkeypatch.setattr(queries, "utcnow", lambda: closes - timedelta(seconds=1))
    before = queries.places_key("week", "circle")
    monkeypatch.setattr(queries, "utcnow", lambda: closes)
    after = queries.places_key("week", "circle")

    assert before is not None and after is not None and before != after
    assert queries.places_key("week", "no-such-event") is None


def test_a_request_naming_another_host_never_reaches_other_visitors(app: Flask, client):
    app.config["SERVER_NAME"] = None  # as in production: links follow the request's host
    make_event(make_programme("week"), "circle")
    # Whatever of the request's host a page shows (links are built from BASE_URL where they
    # can be), a copy kept for a forged host is never served to anyone else.
    client.get("/p/week/events/circle/", headers={"Host": "evil.example"})

    assert "evil.example" not in client.get("/p/week/events/circle/").text
    assert b"evil.example" not in client.get("/p/week/calendar.ics").data
    client.get("/p/week/calendar.ics", headers={"Host": "evil.example"})
    assert b"evil.example" not in client.get("/p/week/calendar.ics").data


def test_renaming_yourself_shows_at_once_on_your_signed_reflections(client):
    from hls_events.accounts.services import rename

    author = make_user("ada@example.org", name="Ada Lovelace")
    event = make_event(make_programme("week"), "circle")
    make_reflection(event, author, text="We listened first.")
    assert "Ada Lovelace" in client.get("/practice/").text

    rename(author.id, "Ada King")

    assert "Ada King" in client.get("/practice/").text


def test_the_feed_shortcut_remembers_only_the_sites_hosts(app: Flask, client):
    app.config["SERVER_NAME"] = None  # as in production: any Host header reaches the app
    make_event(make_programme("week"), "circle")
    shortcut = app.wsgi_app
    for number in range(50):
        client.get("/p/week/calendar.ics", headers={"Host": f"forged{number}.example"})
    assert shortcut.validators == {}

    client.get("/p/week/calendar.ics")  # BASE_URL's host, localhost
    assert list(shortcut.validators) == [("localhost", "/p/week/calendar.ics", "en_GB")]


def test_the_feed_shortcut_keeps_a_bounded_number_of_feeds(app: Flask, client):
    app.config["SERVER_NAME"] = None
    app.config["TRUSTED_HOSTS"] = [".example.org"]  # every subdomain: as many as a client likes
    make_event(make_programme("week"), "circle")
    shortcut = app.wsgi_app
    shortcut.max_entries = 5
    for number in range(20):
        client.get("/p/week/calendar.ics", headers={"Host": f"h{number}.example.org"})
    assert [host for host, _path, _language in shortcut.validators] == [
        f"h{number}.example.org" for number in range(15, 20)
    ]
    first = client.get("/p/week/calendar.ics", headers={"Host": "h19.example.org"})
    again = client.get(
        "/p/week/calendar.ics",
        headers={"Host": "h19.example.org", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_change_made_through_one_process_shows_on_another_within_a_second(
    app: Flask, instance_path
):
    """Two servers (each its own process and kept copies) on one database, as behind a load
    balancer: what an organiser changes through one, visitors of the other see at once."""
    from hls_events.models import utcnow
    from tests.registrations.served import Client, GunicornServer

    organiser = make_user("olu@example.org", organiser=True, email_confirmed_at=utcnow())
    make_event(make_programme("week", organisers=[organiser]), "circle", title="Learning circle")
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    servers = [
        GunicornServer(database, instance_path, app.config["SECRET_KEY"], workers=1)
        for _ in range(2)
    ]
    try:
        for server in servers:
            server.start(timeout=90)
        one, other = servers
        page = "/p/week/events/circle/"
        visitor = Client(other.url)
        assert "has been cancelled" not in visitor.request(page).text
        assert "has been cancelled" not in visitor.request(page).text  # now a kept copy

        organiser = Client(one.url)
        token = organiser.csrf_token("/account/sign-in")
        signed_in = organiser.post_form(
            "/account/sign-in", {"email": "olu@example.org", "password": PASSWORD}, token
        )
        assert signed_in.status == 302, signed_in.text[:500]
        manage = "/organise/p/week/events/circle/"
        cancelled = organiser.post_form(
            manage + "status/cancelled", {"confirm": "yes"}, organiser.csrf_token(manage)
        )
        assert cancelled.status == 302, cancelled.text[:500]
        changed_at = time.monotonic()

        while "This event has been cancelled." not in visitor.request(page).text:
            assert time.monotonic() - changed_at < 2, "the other process still shows the old page"
            time.sleep(0.05)
    finally:
        for server in servers:
            server.stop()
