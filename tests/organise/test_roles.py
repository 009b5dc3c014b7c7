"""What hosts, speakers and the site admin see and may do in the organiser area."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import Event, EventStatus, ProgrammeStatus, SpeakerRole, utcnow
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_speaker,
    make_user,
)


@pytest.fixture
def world(app):
    organiser = make_user("olu@example.org", organiser=True, email_confirmed_at=utcnow())
    host = make_user("hana@example.org", name="Hana Host", email_confirmed_at=utcnow())
    north = make_organisation("Northshire Council")
    south = make_organisation("Southshire Trust")
    week = make_programme("week", title="HLS Week", organisers=[organiser])
    draft = make_programme(
        "plans", title="Plans", organisers=[organiser], status=ProgrammeStatus.DRAFT
    )
    make_host(week, host, north)
    make_host(draft, host, north)
    make_event(week, "north-live", title="North live", organisation=north)
    make_event(
        week, "north-draft", title="North draft", organisation=north, status=EventStatus.DRAFT
    )
    make_event(week, "south-live", title="South live", organisation=south)
    make_event(
        week, "south-draft", title="South draft", organisation=south, status=EventStatus.DRAFT
    )
    make_event(draft, "plan-north", title="Plan north", organisation=north)
    make_event(draft, "plan-south", title="Plan south", organisation=south)
    return week


def test_host_sees_the_programmes_they_host_in_and_only_their_events(client, sign_in, world):
    sign_in("hana@example.org")
    dashboard = client.get("/organise/")
    assert "Programmes you host events in" in dashboard.text
    assert "HLS Week" in dashboard.text and "Plans" in dashboard.text
    assert "Northshire Council" in dashboard.text

    page = client.get("/organise/p/week/")
    assert page.status_code == 200
    assert "North live" in page.text and "North draft" in page.text
    assert "South live" not in page.text and "South draft" not in page.text
    assert "Add an event" not in page.text and "Edit details" not in page.text
    assert '/people"' not in page.text  # no link to the people page

    assert client.get("/organise/p/plans/").status_code == 200  # a draft they host in
    assert client.get("/organise/p/plans/events/plan-north/").status_code == 200


def test_host_is_refused_others_events_by_the_visibility_rule(client, sign_in, world):
    sign_in("hana@example.org")
    assert client.get("/organise/p/week/events/north-draft/edit").status_code == 200
    assert client.get("/organise/p/week/events/south-live/").status_code == 403  # public
    assert client.get("/organise/p/week/events/south-draft/").status_code == 404  # a draft
    assert client.get("/organise/p/plans/events/plan-south/").status_code == 404  # draft programme
    assert client.get("/organise/p/week/events/no-such-event/").status_code == 404
    assert client.get("/organise/p/week/events/new").status_code == 403
    assert client.get("/organise/p/plans/edit").status_code == 403  # they know it exists


def test_host_manages_sessions_but_does_not_publish(client, sign_in, post_form, world):
    sign_in("hana@example.org")
    event_page = client.get("/organise/p/week/events/north-draft/")
    assert "Publish event" not in event_page.text
    assert "The programme's organisers publish events." in event_page.text

    added = post_form(
        "/organise/p/week/events/north-draft/sessions/new",
        {"day": world.starts_on.isoformat(), "starts_at": "14:00", "ends_at": "15:00"},
    )
    assert added.status_code == 302
    publish = client.post(
        "/organise/p/week/events/north-draft/status/published",
        data={"csrf_token": csrf_token_from(event_page.text)},
    )
    assert publish.status_code == 403
    assert client.get("/p/week/events/north-draft/").status_code == 404  # still a draft


def test_organiser_of_another_programme_gets_nothing_here(client, sign_in, world):
    make_user("otto@example.org", organiser=True, email_confirmed_at=utcnow())
    sign_in("otto@example.org")
    assert client.get("/organise/p/week/").status_code == 403
    assert client.get("/organise/p/week/events/north-live/").status_code == 403
    assert client.get("/organise/p/plans/").status_code == 404
    assert client.get("/organise/p/plans/events/plan-north/").status_code == 404


def test_site_admin_organises_every_programme(client, sign_in, post_form, world):
    make_user("ada@example.org", is_admin=True, email_confirmed_at=utcnow())
    sign_in("ada@example.org")
    dashboard = client.get("/organise/")
    assert "HLS Week" in dashboard.text and "Plans" in dashboard.text
    assert "Create a programme" in dashboard.text
    for path in ("/organise/p/plans/", "/organise/p/plans/edit", "/organise/p/week/people"):
        assert client.get(path).status_code == 200, path
    assert client.get("/p/plans/").status_code == 200  # drafts are visible to the admin

    response = post_form(
        "/organise/p/week/events/south-live/",
        {"confirm": "yes"},
        action="/organise/p/week/events/south-live/status/draft",
    )
    assert response.status_code == 302
    assert db.session.get(Event, _event_id("south-live")).status == EventStatus.DRAFT


def test_speaker_sees_where_they_speak(client, sign_in, world):
    sam = make_user("sam@example.org", email_confirmed_at=utcnow())
    speaker = make_speaker("Sam Speaker", user_id=sam.id)
    make_event(
        world,
        "talk",
        title="Listening well",
        speakers=[(speaker, SpeakerRole.SPEAKER)],
    )
    make_event(
        world,
        "hidden-talk",
        title="Not yet announced",
        status=EventStatus.DRAFT,
        speakers=[(speaker, SpeakerRole.SPEAKER)],
    )
    sign_in("sam@example.org")
    dashboard = client.get("/organise/")
    assert "You are speaking at" in dashboard.text
    assert "Listening well" in dashboard.text
    assert "Not yet announced" not in dashboard.text
    assert client.get("/organise/p/week/events/talk/").status_code == 403


def _event_id(slug: str) -> int:
    return db.session.scalar(select(Event.id).where(Event.slug == slug))
