"""Publishing or changing a published schedule records what changed; the 'what changed' page
and Atom feed list new, moved and cancelled events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import (
    ChangeKind,
    EventStatus,
    ProgrammeStatus,
    ScheduleChange,
)
from tests.factories import make_event, make_programme, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def organiser(app):
    from hls_events.models import utcnow

    return make_user("olu@example.org", email_confirmed_at=utcnow())


@pytest.fixture
def week(organiser):
    # Monday 4 October 2027, London in summer time (UTC+1).
    return make_programme(
        "week", title="HLS Week", organisers=[organiser], starts_on=date(2027, 10, 4)
    )


def _changes() -> list[tuple[ChangeKind, str, str]]:
    return [
        (change.kind, change.event_title, change.description)
        for change in db.session.scalars(select(ScheduleChange).order_by(ScheduleChange.id))
    ]


def _session_form(day: str, starts: str, ends: str, venue: str = "") -> dict[str, str]:
    return {"day": day, "starts_at": starts, "ends_at": ends, "venue_name": venue}


def test_nothing_is_recorded_while_the_programme_is_a_draft(client, sign_in, post_form, organiser):
    plans = make_programme("plans", organisers=[organiser], status=ProgrammeStatus.DRAFT)
    make_event(plans, "circle", status=EventStatus.DRAFT)
    sign_in("olu@example.org")
    event_page = "/organise/p/plans/events/circle/"
    post_form(event_page, {}, action=event_page + "status/published")
    post_form(
        event_page + "sessions/new", _session_form(plans.starts_on.isoformat(), "10:00", "11:00")
    )
    assert _changes() == []


def test_changes_to_a_published_schedule_are_recorded(client, sign_in, post_form, week):
    circle = make_event(
        week,
        "circle",
        title="Learning circle",
        status=EventStatus.DRAFT,
        starts_at=datetime(2027, 10, 5, 9, tzinfo=UTC),
    )
    sign_in("olu@example.org")
    event_page = "/organise/p/week/events/circle/"

    post_form(event_page, {}, action=event_page + "status/published")
    session_id = circle.sessions[0].id
    post_form(
        event_page + f"sessions/{session_id}/edit",
        _session_form("2027-10-06", "14:00", "15:30", "Civic Centre"),
    )
    post_form(event_page + "sessions/new", _session_form("2027-10-07", "10:00", "11:00", "Library"))
    post_form(event_page, {"confirm": "yes"}, action=event_page + f"sessions/{session_id}/remove")
    post_form(event_page, {"confirm": "yes"}, action=event_page + "status/draft")

    assert _changes() == [
        (
            ChangeKind.NEW,
            "Learning circle",
            "Added: Tuesday 5 October 2027, 10:00 to 11:30 BST.",
        ),
        (
            ChangeKind.MOVED,
            "Learning circle",
            "Moved from Tuesday 5 October 2027, 10:00 to 11:30 BST to Wednesday 6 October 2027, "
            "14:00 to 15:30 BST, now at Civic Centre.",
        ),
        (
            ChangeKind.NEW,
            "Learning circle",
            "A new session: Thursday 7 October 2027, 10:00 to 11:00 BST, Library.",
        ),
        (
            ChangeKind.CANCELLED,
            "Learning circle",
            "The session on Wednesday 6 October 2027, 14:00 to 15:30 BST is cancelled.",
        ),
        (ChangeKind.CANCELLED, "Learning circle", "Taken off the programme."),
    ]


def test_publishing_the_programme_starts_the_log_and_a_new_place_is_noted(
    client, sign_in, post_form, week
):
    week.status = ProgrammeStatus.DRAFT
    db.session.commit()
    circle = make_event(
        week, "circle", title="Circle", starts_at=datetime(2027, 10, 5, 9, tzinfo=UTC)
    )
    sign_in("olu@example.org")
    post_form("/organise/p/week/", {}, action="/organise/p/week/status/published")
    session_id = circle.sessions[0].id
    page = f"/organise/p/week/events/circle/sessions/{session_id}/edit"
    post_form(page, _session_form("2027-10-05", "10:00", "11:30", "Town Hall"))
    # Only the joining link changes: private, so nothing public to record.
    post_form(
        page,
        {
            **_session_form("2027-10-05", "10:00", "11:30", "Town Hall"),
            "joining_url": "https://x.org/r",
        },
    )
    assert _changes() == [
        (ChangeKind.PUBLISHED, "", "The programme was published with 1 event."),
        (
            ChangeKind.MOVED,
            "Circle",
            "The session on Tuesday 5 October 2027, 10:00 to 11:30 BST is now at Town Hall.",
        ),
    ]


def test_the_changes_page_and_feed(client, sign_in, post_form, week):
    circle = make_event(
        week, "circle", title="Circle", starts_at=datetime(2027, 10, 5, 9, tzinfo=UTC)
    )
    sign_in("olu@example.org")
    event_page = "/organise/p/week/events/circle/"
    post_form(
        event_page + f"sessions/{circle.sessions[0].id}/edit",
        _session_form("2027-10-06", "10:00", "11:30"),
    )
    client.post("/account/sign-out", data={"csrf_token": _token(client)})

    page = client.get("/p/week/changes/")
    assert page.status_code == 200
    assert "Moved" in page.text
    assert 'href="/p/week/events/circle/"' in page.text
    assert "Wednesday 6 October 2027, 10:00 to 11:30 BST" in page.text
    assert 'type="application/atom+xml"' in page.text

    programme_page = client.get("/p/week/").text
    assert "The schedule has changed once in the last two weeks" in programme_page
    event_page_text = client.get("/p/week/events/circle/").text
    assert "Moved from Tuesday 5 October 2027" in event_page_text

    feed = client.get("/p/week/changes.atom")
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(feed.data)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "HLS Week: what changed"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Moved: Circle"
    assert entry.find(f"{ATOM}link").get("href") == "http://localhost/p/week/events/circle/"
    assert "Wednesday 6 October 2027" in entry.findtext(f"{ATOM}summary")
    assert entry.findtext(f"{ATOM}id").startswith("http://localhost/p/week/changes/#change-")
    cached = client.get("/p/week/changes.atom", headers={"If-None-Match": feed.headers["ETag"]})
    assert cached.status_code == 304


def test_a_draft_programmes_changes_are_not_found(client, organiser):
    make_programme("plans", organisers=[organiser], status=ProgrammeStatus.DRAFT)
    assert client.get("/p/plans/changes/").status_code == 404
    assert client.get("/p/plans/changes.atom").status_code == 404


def _token(client) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/privacy").text)
