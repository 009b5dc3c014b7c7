"""Content in both languages (Welsh readers see the Welsh where it exists, passages in the other
language marked with lang), times also in the reader's own zone, and how far away a session is."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from hls_events.bilingual import Localised, localised
from hls_events.extensions import db
from hls_events.mail.later import write_now
from hls_events.models import Community, Event, EventSession, OutboxMessage, Programme, utcnow
from hls_events.registrations.services import register
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_programme, make_user

# Tuesday 5 October 2027, 09:00 UTC: 10:00 in London (BST), 22:00 in Auckland (NZDT).
TEN_IN_LONDON = datetime(2027, 10, 5, 9, 0, tzinfo=UTC)


def _welsh_event() -> Event:
    programme = make_programme(
        "wythnos",
        title="HLS Week 2027",
        title_cy="Wythnos HLS 2027",
        summary="A week of events.",
        summary_cy="Wythnos o ddigwyddiadau.",
        starts_on=date(2027, 10, 4),
    )
    event = make_event(
        programme,
        "commissioning",
        title="Relational commissioning in Wales",
        title_cy="Comisiynu perthynol yng Nghymru",
        summary="How Welsh councils commission for relationships.",
        summary_cy="Sut mae cynghorau Cymru yn comisiynu ar gyfer perthnasoedd.",
        description="A conversation about **trust**.",
        starts_at=TEN_IN_LONDON,
    )
    event.sessions[0].title = "Part 1"
    event.sessions[0].title_cy = "Rhan 1"
    db.session.commit()
    return event


def test_localised_prefers_the_readers_language_and_marks_the_other(app):
    item = Event(title="Trust", title_cy="Ymddiriedaeth", description="English only")
    with app.test_request_context("/"):
        assert localised(item, "title", "cy") == Localised("Ymddiriedaeth", "")
        assert localised(item, "title", "en_GB") == Localised("Trust", "")
        assert localised(item, "description", "cy") == Localised("English only", "en-GB")
        welsh_only = Event(title="", description="", description_cy="Cymraeg yn unig")
        assert localised(welsh_only, "description", "en_GB") == Localised("Cymraeg yn unig", "cy")
        assert str(localised(item, "description", "cy").__html__()) == (
            '<span lang="en-GB">English only</span>'
        )
        escaped = Event(title="<b>x</b>", title_cy="")
        assert "<b>" not in localised(escaped, "title", "cy").__html__()


def test_a_welsh_reader_sees_the_welsh_with_english_passages_marked(client):
    _welsh_event()
    client.get("/language/cy")
    page = client.get("/p/wythnos/events/commissioning/")
    assert page.status_code == 200
    text = page.text
    assert "<title>Comisiynu perthynol yng Nghymru" in text
    assert "<h1>Comisiynu perthynol yng Nghymru</h1>" in text
    assert "Relational commissioning in Wales" not in text.split("</head>")[1]
    assert '<p class="lead">Sut mae cynghorau Cymru yn comisiynu' in text
    assert "Rhan 1" in text and "Part 1" not in text
    # No Welsh description: the English is shown, marked as English.
    assert re.search(r'<div class="prose" lang="en-GB">\s*<p>A conversation about', text)
    assert ">Wythnos HLS 2027</a>" in text  # the breadcrumb

    schedule = client.get("/p/wythnos/").text
    assert "<h1>Wythnos HLS 2027</h1>" in schedule
    assert ">Comisiynu perthynol yng Nghymru</a>: Rhan 1" in schedule
    assert "<p>Sut mae cynghorau Cymru" in schedule
    home = client.get("/").text
    assert "Wythnos HLS 2027" in home and "<p>Wythnos o ddigwyddiadau.</p>" in home


def test_an_english_reader_sees_the_english(client):
    _welsh_event()
    text = client.get("/p/wythnos/events/commissioning/").text
    assert "<h1>Relational commissioning in Wales</h1>" in text
    assert "Comisiynu perthynol" not in text
    assert '<div class="prose">' in text and 'lang="en-GB">' not in text.split("<body")[1]
    assert "(Part 1)" in text


def test_a_reader_in_auckland_sees_both_clocks(client, sign_in):
    event = _welsh_event()
    client.get("/preferences?visit-timezone=Pacific/Auckland")
    own = "Llundain (22:00 tan 23:30 Auckland)"
    english_own = "London (22:00 to 23:30 Auckland)"
    for path in ("/p/wythnos/", "/p/wythnos/events/commissioning/"):
        text = client.get(path).text
        assert '<time datetime="2027-10-05T10:00:00+01:00">10:00</time>' in text
        assert english_own in re.sub(r"\s+", " ", text), path
    client.get("/language/cy")
    assert own in re.sub(r"\s+", " ", client.get("/p/wythnos/events/commissioning/").text)

    # A reader without a zone of their own sees only the programme's, as before.
    other = client.application.test_client()
    text = other.get("/p/wythnos/events/commissioning/").text
    assert "Auckland" not in text and ">BST</abbr>" in text
    assert 'href="/preferences">See times in your own time zone as well</a>' in text

    # The personal page, for someone who saved the zone on their account.
    user = make_user("aroha@example.org", timezone="Pacific/Auckland")
    db.session.commit()
    register(event.id, user_id=user.id, now=TEN_IN_LONDON - timedelta(days=3))
    fresh = client.application.test_client()
    page = fresh.get("/account/sign-in")
    fresh.post(
        "/account/sign-in",
        data={
            "email": "aroha@example.org",
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    mine = fresh.get("/my-events").text
    assert "10:00 BST (22:00 Auckland)" in re.sub(r"\s+", " ", mine)


def test_emails_give_the_recipients_own_zone_and_the_welsh_session_title(app):
    event = _welsh_event()
    user = make_user("aroha@example.org", timezone="Pacific/Auckland", language="cy")
    db.session.commit()
    with app.test_request_context("/"):
        register(event.id, user_id=user.id, now=TEN_IN_LONDON - timedelta(days=3))
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "aroha@example.org")
    ).first()
    assert message is not None
    # The confirmation is written by the mail worker, in the recipient's language and zone.
    with app.test_request_context("/"):
        assert write_now(message)
    # ("to" between the programme's times is the template's own, marked for Welsh elsewhere.)
    assert re.search(
        r"10:00 (to|tan|i) 11:30 BST \(22:00 tan 23:30 Auckland\) \(Rhan 1\)", message.body_text
    )
    assert "(22:00 tan 23:30 Auckland)" in message.body_html
    # The event's title in the recipient's language, in the subject and the text.
    assert "Comisiynu perthynol yng Nghymru" in message.subject
    assert "Comisiynu perthynol yng Nghymru" in message.body_text
    assert "Relational commissioning in Wales" not in message.body_text


def test_the_event_page_says_how_far_away_a_session_is(client):
    programme = make_programme("soon", starts_on=utcnow().date() - timedelta(days=1), days=10)
    make_event(programme, "later", starts_at=utcnow() + timedelta(days=3, minutes=5))
    make_event(
        programme, "running", starts_at=utcnow() - timedelta(hours=2, minutes=1), minutes=180
    )
    make_event(programme, "over", starts_at=utcnow() - timedelta(hours=30), minutes=60)
    assert "Starts in 3 days" in client.get("/p/soon/events/later/").text
    assert "Started 2 hours ago" in client.get("/p/soon/events/running/").text
    assert "Ended 1 day ago" in client.get("/p/soon/events/over/").text
    client.get("/language/cy")
    assert "Yn dechrau ymhen 3 diwrnod" in client.get("/p/soon/events/later/").text
    assert "Dechreuodd 2 awr yn ôl" in client.get("/p/soon/events/running/").text
    assert "Daeth i ben 1 diwrnod yn ôl" in client.get("/p/soon/events/over/").text


def test_past_programmes_give_their_month_in_the_readers_language(client):
    make_programme("old", title="Old Week", starts_on=date(2020, 10, 5))
    assert "(October 2020)" in client.get("/").text
    client.get("/language/cy")
    assert "(Hydref 2020)" in client.get("/").text


def test_organisers_write_the_welsh_beside_the_english(client, sign_in, post_form):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("wythnos", organisers=[organiser], starts_on=date(2027, 10, 4))
    event = make_event(programme, "commissioning", title="Commissioning")
    db.session.commit()
    sign_in("org@example.org")

    form = client.get("/organise/p/wythnos/edit").text
    assert re.search(r'<input[^>]*id="title_cy"[^>]*lang="cy"|lang="cy"[^>]*id="title_cy"', form)
    assert "Title in Welsh" in form
    response = post_form(
        "/organise/p/wythnos/edit",
        {
            "title": programme.title,
            "title_cy": "  Wythnos HLS  ",
            "summary": "",
            "summary_cy": "Crynodeb",
            "description": "",
            "description_cy": "",
            "timezone": "Europe/London",
            "starts_on": "2027-10-04",
            "ends_on": "2027-10-08",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Programme, programme.id)
    assert (saved.title_cy, saved.summary_cy) == ("Wythnos HLS", "Crynodeb")

    page = client.get("/organise/p/wythnos/events/commissioning/edit").text
    assert 'lang="cy"' in page and "Description in Welsh" in page
    fields = {
        "title": "Commissioning",
        "title_cy": "Comisiynu",
        "summary": "",
        "summary_cy": "",
        "description": "",
        "description_cy": "Disgrifiad **Cymraeg**",
        "format": "workshop",
        "mode": "online",
        "organisation_id": "0",
        "new_organisation": "Cyngor Sir",
        "capacity": "",
        "access_arrangements": "",
    }
    response = post_form("/organise/p/wythnos/events/commissioning/edit", fields)
    assert response.status_code == 302
    db.session.expire_all()
    saved_event = db.session.get(Event, event.id)
    assert (saved_event.title_cy, saved_event.description_cy) == (
        "Comisiynu",
        "Disgrifiad **Cymraeg**",
    )

    # Too long a Welsh title: a clear message and nothing changed.
    refused = post_form(
        "/organise/p/wythnos/events/commissioning/edit", {**fields, "title_cy": "x" * 201}
    )
    assert refused.status_code == 422
    assert "cannot be longer than 200 characters" in refused.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).title_cy == "Comisiynu"

    session = db.session.scalars(
        select(EventSession).where(EventSession.event_id == event.id)
    ).one()
    session_form = client.get(
        f"/organise/p/wythnos/events/commissioning/sessions/{session.id}/edit"
    ).text
    assert "Name of this session in Welsh" in session_form
    response = post_form(
        f"/organise/p/wythnos/events/commissioning/sessions/{session.id}/edit",
        {
            "title": "Part 1",
            "title_cy": "Rhan 1",
            "day": "2027-10-04",
            "starts_at": "10:00",
            "ends_at": "11:30",
            "venue_name": "",
            "venue_address": "",
            "joining_url": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(EventSession, session.id).title_cy == "Rhan 1"


def test_a_community_shows_its_welsh_name_and_purpose(client):
    programme = make_programme("wythnos")
    series = make_event(programme, "community-cylch", title="Circle")
    community = Community(
        programme_id=programme.id,
        event_id=series.id,
        slug="cylch",
        name="Learning circle",
        name_cy="Cylch dysgu",
        purpose="For **everyone**.",
        purpose_cy="I **bawb**.",
        membership_rule="open",
        status="open",
    )
    db.session.add(community)
    db.session.commit()
    client.get("/language/cy")
    text = client.get("/p/wythnos/communities/cylch/").text
    assert "<h1>Cylch dysgu</h1>" in text
    assert "<strong>bawb</strong>" in text and "everyone" not in text


def test_the_api_gives_both_languages(client):
    _welsh_event()
    programme = client.get("/api/v1/programmes/wythnos").get_json()
    assert (programme["title"], programme["title_cy"]) == ("HLS Week 2027", "Wythnos HLS 2027")
    assert programme["description_cy"] == ""
    event = client.get("/api/v1/programmes/wythnos/events/commissioning").get_json()
    assert event["title_cy"] == "Comisiynu perthynol yng Nghymru"
    assert event["summary_cy"].startswith("Sut mae cynghorau")
    assert event["sessions"][0]["title_cy"] == "Rhan 1"
    # The same answer whatever the reader's language.
    client.get("/language/cy")
    again = client.get("/api/v1/programmes/wythnos/events/commissioning").get_json()
    assert again["title"] == "Relational commissioning in Wales"
