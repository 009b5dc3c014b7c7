"""What others read: schema.org Event data, Open Graph and a description on event pages, a
favicon on every page, robots.txt and the sitemap. Drafts and private things never appear."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from hls_events.extensions import db
from hls_events.models import (
    EventMode,
    EventStatus,
    ProgrammeStatus,
    SpeakerRole,
    Visibility,
    WriteUpStatus,
)
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_reflection,
    make_registration,
    make_speaker,
    make_user,
    make_write_up,
)

SECRET = "https://meet.example.org/secret"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    (data,) = JSON_LD.findall(html)
    return json.loads(data)


@pytest.fixture
def scene(app):
    organiser = make_user("organiser@example.org", organiser=True)
    week = make_programme(
        "week", title="HLS Week", starts_on=date(2027, 7, 5), organisers=[organiser]
    )
    council = make_organisation("Northshire Council")
    council.website = "https://northshire.example.org"
    amina = make_speaker("Amina Rahman")
    amina.slug = "amina-rahman"
    online = make_event(
        week, "online", title="Learning </script><b>together", organisation=council,
        summary="A short summary.", starts_at=datetime(2027, 7, 5, 9, tzinfo=UTC),
        speakers=[(amina, SpeakerRole.SPEAKER)], capacity=1,
    )  # fmt: skip
    online.sessions[0].joining_url = SECRET
    visit = make_event(
        week, "visit", title="Site visit", mode=EventMode.IN_PERSON,
        status=EventStatus.CANCELLED, description="Walk " * 80,
    )  # fmt: skip
    visit.sessions[0].venue_name = "Town Hall"
    visit.sessions[0].venue_address = "1 High Street"
    hidden = make_speaker("Hidden Person")
    hidden.slug = "hidden-person"
    draft_event = make_event(
        week, "draft-event", status=EventStatus.DRAFT, speakers=[(hidden, SpeakerRole.SPEAKER)]
    )
    plans = make_programme("plans", status=ProgrammeStatus.DRAFT, organisers=[organiser])
    make_event(plans, "plans-event")
    public = make_reflection(online, make_user(), "Shared with everyone.")
    private = make_reflection(online, make_user(), "Mine.", visibility=Visibility.PRIVATE)
    on_draft = make_reflection(draft_event, make_user(), "On a draft.")
    published = make_write_up(online, amina)
    unpublished = make_write_up(visit, amina, status=WriteUpStatus.DRAFT)
    db.session.commit()
    return {
        "public": public.id, "private": private.id, "on_draft": on_draft.id,
        "published": published.id, "unpublished": unpublished.id, "online": online,
    }  # fmt: skip


def test_online_event_page_carries_event_data(client, scene):
    html = client.get("/p/week/events/online/").text
    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Learning </script><b>together"
    assert data["startDate"] == "2027-07-05T10:00:00+01:00"
    assert data["endDate"] == "2027-07-05T11:30:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"].endswith("/p/week/events/online/")
    assert data["organizer"] == {
        "@type": "Organization", "name": "Northshire Council",
        "url": "https://northshire.example.org",
    }  # fmt: skip
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["performer"] == [{"@type": "Person", "name": "Amina Rahman"}]
    assert SECRET not in html
    # The title cannot close the script element early (the other is the layout's own script).
    assert html.count("</script>") == 2
    assert html.count('<script type="application/ld+json">') == 1
    assert '<meta name="description" content="A short summary.">' in html
    assert '<meta property="og:title" content="Learning &lt;/script&gt;&lt;b&gt;together">' in html


def test_a_full_event_is_sold_out(client, scene):
    make_registration(scene["online"])
    data = json_ld(client.get("/p/week/events/online/").text)
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_cancelled_in_person_event(client, scene):
    html = client.get("/p/week/events/visit/").text
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Town Hall", "address": "1 High Street"}
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert len(description) <= 160 and description.endswith("…")


def test_a_draft_event_tells_nobody_anything(client, scene, sign_in):
    sign_in("organiser@example.org")
    html = client.get("/p/week/events/draft-event/").text
    assert not JSON_LD.search(html)
    assert "og:title" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_every_page_has_a_favicon(client, scene):
    for path in ("/", "/p/week/", "/p/week/events/online/", "/practice/", "/account/sign-in"):
        assert '<link rel="icon" href="/static/favicon.svg"' in client.get(path).text, path
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and b"<svg" in icon.data


def test_robots_names_the_sitemap_and_keeps_out_of_private_areas(client, app):
    text = client.get("/robots.txt").text
    assert "Disallow: /organise/" in text and "Disallow: /account/" in text
    assert re.search(r"^Sitemap: https?://\S+/sitemap\.xml$", text, re.M)


def test_sitemap_lists_public_things_only(client, scene):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.data)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = {
        re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iterfind("s:url/s:loc", namespace)
    }
    expected = {
        "/", "/practice/", "/p/week/", "/p/week/speakers/", "/p/week/events/online/",
        "/p/week/events/visit/", "/p/week/speakers/amina-rahman/",
        f"/practice/reflections/{scene['public']}", f"/practice/write-ups/{scene['published']}",
    }  # fmt: skip
    assert paths == expected
    body = response.data.decode()
    for never in ("plans", "draft-event", "hidden-person"):
        assert never not in body
