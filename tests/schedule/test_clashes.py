"""The session form warns when a speaker would be booked twice at once, or a venue or online
room used twice, and saves only once the organiser confirms."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import EventSession, EventStatus, SessionStatus, SpeakerRole, utcnow
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_speaker,
    make_user,
)

TUESDAY_TEN = datetime(2027, 10, 5, 9, tzinfo=UTC)  # 10:00 in London


@pytest.fixture
def week(app):
    organiser = make_user("olu@example.org", email_confirmed_at=utcnow())
    return make_programme("week", organisers=[organiser], starts_on=date(2027, 10, 4))


@pytest.fixture
def sam(app):
    return make_speaker("Sam Speaker")


def _form(venue: str = "", joining_url: str = "", **extra: str) -> dict[str, str]:
    return {
        "day": "2027-10-05",
        "starts_at": "10:30",
        "ends_at": "11:30",
        "venue_name": venue,
        "joining_url": joining_url,
        **extra,
    }


def _sessions_of(event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(EventSession).where(EventSession.event_id == event.id)
    )


def test_a_speaker_booked_twice_is_warned_about_then_saved_when_confirmed(
    client, sign_in, post_form, week, sam
):
    make_event(
        week,
        "first",
        title="First talk",
        starts_at=TUESDAY_TEN,
        speakers=[(sam, SpeakerRole.SPEAKER)],
    )
    second = make_event(
        week, "second", title="Second talk", sessions=0, speakers=[(sam, SpeakerRole.HOST)]
    )
    sign_in("olu@example.org")
    url = "/organise/p/week/events/second/sessions/new"
    warned = post_form(url, _form())
    assert warned.status_code == 200
    assert "This would double-book" in warned.text
    assert (
        "Sam Speaker also speaks at “First talk” on Tuesday 5 October 2027, 10:00 to 11:30 BST."
        in warned.text
    )
    assert "Nothing has been saved." in warned.text
    assert _sessions_of(second) == 0

    saved = post_form(url, _form(confirm_clashes="y"))
    assert saved.status_code == 302
    assert _sessions_of(second) == 1


def test_times_that_only_touch_do_not_clash(client, sign_in, post_form, week, sam):
    make_event(
        week, "first", starts_at=TUESDAY_TEN, minutes=30, speakers=[(sam, SpeakerRole.SPEAKER)]
    )
    second = make_event(week, "second", sessions=0, speakers=[(sam, SpeakerRole.SPEAKER)])
    sign_in("olu@example.org")
    saved = post_form("/organise/p/week/events/second/sessions/new", _form())
    assert saved.status_code == 302
    assert _sessions_of(second) == 1


def test_a_double_booked_venue_or_online_room_is_warned_about(client, sign_in, post_form, week):
    first = make_event(week, "first", title="First talk", starts_at=TUESDAY_TEN)
    first.sessions[0].venue_name = "Civic Centre"
    first.sessions[0].joining_url = "https://meet.example.org/room"
    db.session.commit()
    make_event(week, "second", sessions=0)
    sign_in("olu@example.org")
    url = "/organise/p/week/events/second/sessions/new"
    venue = post_form(url, _form(venue=" civic centre "))
    assert "civic centre is also booked for “First talk”" in venue.text
    room = post_form(url, _form(joining_url="https://meet.example.org/room"))
    assert "The same online room (joining link) is also used by “First talk”" in room.text


def test_cancelled_sessions_and_events_do_not_clash(client, sign_in, post_form, week, sam):
    cancelled_session = make_event(
        week, "first", starts_at=TUESDAY_TEN, speakers=[(sam, SpeakerRole.SPEAKER)]
    )
    cancelled_session.sessions[0].status = SessionStatus.CANCELLED
    make_event(
        week,
        "gone",
        starts_at=TUESDAY_TEN,
        status=EventStatus.CANCELLED,
        speakers=[(sam, SpeakerRole.SPEAKER)],
    )
    db.session.commit()
    make_event(week, "second", sessions=0, speakers=[(sam, SpeakerRole.SPEAKER)])
    sign_in("olu@example.org")
    saved = post_form("/organise/p/week/events/second/sessions/new", _form())
    assert saved.status_code == 302


def test_editing_a_session_does_not_clash_with_itself(client, sign_in, post_form, week):
    event = make_event(week, "first", starts_at=TUESDAY_TEN)
    event.sessions[0].venue_name = "Civic Centre"
    db.session.commit()
    sign_in("olu@example.org")
    url = f"/organise/p/week/events/first/sessions/{event.sessions[0].id}/edit"
    saved = post_form(url, _form(venue="Civic Centre"))
    assert saved.status_code == 302


def test_a_host_is_not_told_the_title_of_a_draft_they_cannot_see(client, sign_in, post_form, week):
    north = make_organisation("North")
    secret = make_event(
        week, "secret", title="Secret plans", status=EventStatus.DRAFT, starts_at=TUESDAY_TEN
    )
    secret.sessions[0].venue_name = "Civic Centre"
    db.session.commit()
    make_event(week, "ours", organisation=north, sessions=0)
    host = make_user("hana@example.org", email_confirmed_at=utcnow())
    make_host(week, host, north)
    sign_in("hana@example.org")
    warned = post_form("/organise/p/week/events/ours/sessions/new", _form(venue="Civic Centre"))
    assert "Civic Centre is also booked for another event" in warned.text
    assert "Secret plans" not in warned.text
