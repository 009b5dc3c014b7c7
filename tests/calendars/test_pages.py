"""The links pages offer (subscribe, download, add one session), and the private calendar page."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

from flask import render_template_string
from flask_login import login_user

from hls_events.extensions import db
from hls_events.models import EventMode, EventStatus, ProgrammeStatus, SessionStatus
from tests.factories import make_event, make_programme, make_user


def links_in(page_text: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page_text)]


def test_programme_page_offers_every_way_to_subscribe_and_to_download(client):
    make_programme("week", title="HLS Week")

    page = client.get("/p/week/")
    links = links_in(page.text)

    assert page.status_code == 200
    assert "webcal://localhost/p/week/calendar.ics" in links
    assert (
        "https://calendar.google.com/calendar/r?cid=webcal://localhost/p/week/calendar.ics" in links
    )
    outlook = next(
        link for link in links if link.startswith("https://outlook.live.com/calendar/0/addfromweb")
    )
    assert parse_qs(urlsplit(outlook).query) == {
        "url": ["http://localhost/p/week/calendar.ics"],
        "name": ["HLS Week"],
    }
    assert any(
        link.startswith("https://outlook.office.com/calendar/0/addfromweb") for link in links
    )
    assert "http://localhost/p/week/calendar.ics?download=1" in links
    assert 'value="http://localhost/p/week/calendar.ics"' in page.text
    assert "Subscribe, and your calendar app keeps this programme up to date" in page.text
    assert "Download, and you get a copy" in page.text


def test_event_page_adds_one_session_to_google_or_outlook_without_private_details(client):
    programme = make_programme("week", starts_on=date(2027, 10, 25))
    event = make_event(
        programme,
        "talk",
        title="A talk",
        summary="About learning",
        mode=EventMode.ONLINE,
        starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC),
        sessions=2,
    )
    event.sessions[0].joining_url = "https://meet.example.org/secret-room"
    event.sessions[1].status = SessionStatus.CANCELLED
    db.session.commit()

    page = client.get("/p/week/events/talk/")
    links = links_in(page.text)

    google = [
        link for link in links if link.startswith("https://calendar.google.com/calendar/render")
    ]
    outlook = [link for link in links if "/calendar/0/action/compose" in link]
    assert len(google) == 1  # the cancelled session has none
    assert len(outlook) == 2  # Outlook.com and Outlook for work or school
    query = parse_qs(urlsplit(google[0]).query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["A talk"]
    assert query["dates"] == ["20271026T090000Z/20271026T103000Z"]
    assert query["ctz"] == ["Europe/London"]
    assert query["location"] == ["Online"]
    assert "http://localhost/p/week/events/talk/" in query["details"][0]
    outlook_query = parse_qs(urlsplit(outlook[0]).query)
    assert outlook_query["rru"] == ["addevent"]
    assert outlook_query["startdt"] == ["2027-10-26T09:00:00Z"]
    assert outlook_query["enddt"] == ["2027-10-26T10:30:00Z"]
    assert "webcal://localhost/p/week/events/talk/calendar.ics" in links
    assert "http://localhost/p/week/events/talk/calendar.ics?download=1" in links
    assert "secret-room" not in page.text


def test_drafts_offer_no_feed_even_to_their_organisers(client, sign_in):
    organiser = make_user(organiser=True)
    programme = make_programme("draft", status=ProgrammeStatus.DRAFT, organisers=[organiser])
    make_event(programme, "idea", status=EventStatus.DRAFT)
    sign_in(organiser.email)

    programme_page = client.get("/p/draft/")
    event_page = client.get("/p/draft/events/idea/")

    assert programme_page.status_code == event_page.status_code == 200
    for page in (programme_page, event_page):
        assert "calendar.ics" not in page.text
        assert "webcal://" not in page.text


def test_private_calendar_page_needs_sign_in(client):
    response = client.get("/account/calendar")

    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_private_calendar_page_shows_the_private_address_and_says_it_is_private(client, sign_in):
    person = make_user("ada@example.org")
    sign_in(person.email)

    page = client.get("/account/calendar")

    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert f"webcal://localhost/calendar/{person.calendar_token}.ics" in links_in(page.text)
    assert f'value="http://localhost/calendar/{person.calendar_token}.ics"' in page.text
    assert "Keep its address to yourself" in page.text
    assert "Get a new private calendar address" in page.text


def test_getting_a_new_address_kills_the_old_one(client, sign_in, post_form):
    person = make_user("ada@example.org")
    old_url = f"/calendar/{person.calendar_token}.ics"
    sign_in(person.email)
    assert client.get(old_url).status_code == 200

    response = post_form("/account/calendar", {}, action="/account/calendar/new-address")

    assert response.status_code == 302
    db.session.refresh(person)
    page = client.get(response.headers["Location"])
    assert person.calendar_token in page.text
    assert "The old one has stopped working" in page.text
    assert client.get(old_url).status_code == 404
    assert client.get(f"/calendar/{person.calendar_token}.ics").status_code == 200


def test_the_new_address_button_needs_a_csrf_token(client, sign_in):
    person = make_user()
    token = person.calendar_token
    sign_in(person.email)

    response = client.post("/account/calendar/new-address")

    assert response.status_code == 400
    db.session.refresh(person)
    assert person.calendar_token == token


def test_choosing_to_see_waiting_lists(client, sign_in, post_form):
    person = make_user()
    sign_in(person.email)

    post_form("/account/calendar", {"include_waitlisted": "y"}, action="/account/calendar/choices")
    db.session.refresh(person)
    assert person.calendar_includes_waitlisted
    assert "checked" in client.get("/account/calendar").text

    post_form("/account/calendar", {}, action="/account/calendar/choices")
    db.session.refresh(person)
    assert not person.calendar_includes_waitlisted


def test_the_private_calendar_section_fits_into_the_account_page(app):
    """What the account page includes: an h2 section that needs only current_user."""
    person = make_user()
    page = (
        '{% extends "base.html" %}{% block content %}<h1>Your account</h1>'
        '{% include "calendars/_private_calendar.html" %}{% endblock %}'
    )
    with app.test_request_context("/account/"):
        login_user(person)
        rendered = render_template_string(page)

    assert '<h2 id="private-calendar-heading">Your private calendar</h2>' in rendered
    assert '<h3 id="private-calendar-subscribe-heading">Subscribe</h3>' in rendered
    assert f"/calendar/{person.calendar_token}.ics" in rendered
    assert 'action="/account/calendar/new-address"' in rendered
