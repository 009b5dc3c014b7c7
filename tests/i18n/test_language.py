"""Welsh and English: the language a reader gets, how it is remembered, and emails and dates in it."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import g
from flask_babel import force_locale
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.localtime import format_day
from hls_events.mail.services import queue_email
from hls_events.models import OutboxMessage, User
from hls_events.templating import dual_clock
from tests.factories import make_user


def test_a_first_visit_follows_accept_language(client):
    welsh = client.get("/account/sign-in", headers={"Accept-Language": "cy,en;q=0.5"})
    assert '<html lang="cy">' in welsh.text
    assert "Mewngofnodi" in welsh.text and "Forgotten your password?" not in welsh.text
    assert "Accept-Language" in welsh.headers["Vary"]

    english = client.get("/account/sign-in", headers={"Accept-Language": "fr, en-US;q=0.8"})
    assert '<html lang="en-GB">' in english.text
    assert "Forgotten your password?" in english.text


def test_the_language_link_is_remembered_for_the_visit(client):
    page = client.get("/account/sign-in")
    assert 'href="/language/cy?next=/account/sign-in"' in page.text
    assert 'lang="cy"' in page.text  # the link's own text is Welsh

    response = client.get("/language/cy?next=/account/sign-in")
    assert response.status_code == 302 and response.location == "/account/sign-in"
    welsh = client.get("/account/sign-in", headers={"Accept-Language": "en-GB"})
    assert '<html lang="cy">' in welsh.text
    assert "Wedi anghofio eich cyfrinair?" in welsh.text
    assert 'href="/language/en_GB?next=/account/sign-in"' in welsh.text

    client.get("/language/en_GB")
    assert '<html lang="en-GB">' in client.get("/account/sign-in").text


def test_the_language_link_refuses_unknown_languages_and_other_sites(client):
    assert client.get("/language/fr").status_code == 404
    response = client.get("/language/cy?next=//evil.example/")
    assert response.status_code == 302 and response.location == "/"


def test_a_signed_in_choice_is_saved_on_the_account(app, client, sign_in):
    user = make_user("ada@example.org")
    db.session.commit()
    sign_in("ada@example.org")
    page = client.get("/account/")
    assert 'action="/language"' in page.text
    from tests.conftest import csrf_token_from

    response = client.post(
        "/language",
        data={"language": "cy", "next": "/account/", "csrf_token": csrf_token_from(page.text)},
    )
    assert response.status_code == 302 and response.location == "/account/"
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "cy"

    # A new visit (a fresh session) on another browser, signed in again: still Welsh.
    other = app.test_client()
    sign_page = other.get("/account/sign-in")
    other.post(
        "/account/sign-in",
        data={
            "email": "ada@example.org",
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(sign_page.text),
        },
    )
    assert '<html lang="cy">' in other.get("/account/", headers={"Accept-Language": "en"}).text


def test_a_bad_language_post_changes_nothing(client, sign_in):
    user = make_user("ada@example.org")
    db.session.commit()
    sign_in("ada@example.org")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get("/account/").text)
    response = client.post("/language", data={"language": "xx", "csrf_token": token})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).language is None


def test_error_pages_are_in_welsh(client):
    client.get("/language/cy")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in html.unescape(response.text)
    assert '<html lang="cy">' in response.text


def test_an_email_to_a_welsh_speaker_is_in_welsh(app):
    make_user("bethan@example.org", language="cy")
    make_user("ada@example.org")
    db.session.commit()
    context = {"name": "Bethan", "link": "http://localhost/x", "lifetime": "20 munud"}
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        welsh = queue_email("bethan@example.org", "sign_in_link", context)
        english = queue_email("ada@example.org", "sign_in_link", {**context, "name": "Ada"})
        db.session.commit()
    assert welsh.subject == "Eich dolen i fewngofnodi i HLS Events"
    assert "Helo Bethan," in welsh.body_text and 'lang="cy"' in welsh.body_html
    assert english.subject == "Your link to sign in to HLS Events"
    assert "Hello Ada," in english.body_text and 'lang="en-GB"' in english.body_html
    stored = db.session.scalars(select(OutboxMessage.subject)).all()
    assert len(stored) == 2


def test_dates_are_written_in_the_readers_language(app):
    day = date(2027, 10, 7)
    assert format_day(day, "en_GB") == "Thursday 7 October 2027"
    assert format_day(day, "cy") == "Dydd Iau 7 Hydref 2027"
    with app.test_request_context("/"), force_locale("cy"):
        assert format_day(day) == "Dydd Iau 7 Hydref 2027"


def test_times_are_shown_in_the_readers_zone_as_well(app):
    london = ZoneInfo("Europe/London")
    instant = datetime(2027, 10, 5, 9, 0, tzinfo=UTC)  # 10:00 in London
    with app.test_request_context("/"):
        assert dual_clock(instant, london) == "10:00"
    with app.test_request_context("/") as context:
        g.pop("reader_zone", None)  # the test's app context outlives each request's
        context.session["timezone"] = "Pacific/Auckland"
        assert dual_clock(instant, london) == "10:00 London (22:00 Auckland)"
    with app.test_request_context("/") as context:
        g.pop("reader_zone", None)  # the test's app context outlives each request's
        context.session["timezone"] = "Europe/London"
        assert dual_clock(instant, london) == "10:00"


def test_a_time_zone_for_the_visit_is_checked_and_kept(client):
    refused = client.get("/preferences?visit-timezone=Mars/Olympus")
    assert refused.status_code == 422 and "Europe/London or Pacific/Auckland" in refused.text
    kept = client.get("/preferences?visit-timezone=Pacific/Auckland")
    assert kept.status_code == 302
    with client.session_transaction() as session:
        assert session["timezone"] == "Pacific/Auckland"
