"""Meeting changes go through the domain events (hls_events/subscribers.py): members are emailed
with the calendar entry (SEQUENCE raised, or STATUS:CANCELLED), once for a batch of new
meetings; a taster's registrants are told as for any event; the programme's logs follow."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from hls_events.communities import meetings
from hls_events.communities.common import CommunityError
from hls_events.communities.meetings import RepeatRule
from hls_events.domain_events import MeetingsAdded, SessionCancelled, SessionMoved
from hls_events.extensions import db
from hls_events.models import Activity, EventSession, OutboxMessage, ScheduleChange
from hls_events.registrations.services import register
from hls_events.subscribers import SUBSCRIBERS
from tests.communities.conftest import emails_to
from tests.factories import make_user


def _future(community, times: int = 3) -> list[int]:
    first = (datetime.now(UTC) + timedelta(days=10)).date()
    return meetings.add_meetings(
        community.id, RepeatRule(1, first.weekday(), time(10), time(11, 30), times, first)
    )


def _calendar(message: OutboxMessage) -> str:
    return json.dumps(message.attachments)


def test_the_subscribers_table_names_the_members_for_each_meeting_change():
    kinds = {kind for kind, subscriber in SUBSCRIBERS if subscriber.__module__.endswith("notices")}
    assert {SessionMoved, SessionCancelled, MeetingsAdded} <= kinds


def test_new_meetings_reach_each_member_in_one_email_with_every_date(community, join_as):
    first, _ = join_as(community)
    second, _ = join_as(community)
    welsh, _ = join_as(community, make_user("cymro@example.org"))
    welsh.language = "cy"
    db.session.commit()
    ids = _future(community)
    (in_welsh,) = emails_to(welsh.email)[-1:]
    assert in_welsh.subject == f"Cyfarfodydd newydd: {community.name}"
    assert "Mae gan The curious 3 cyfarfod newydd:" in in_welsh.body_text
    for member in (first, second):
        added = [m for m in emails_to(member.email) if m.subject.startswith("New meetings:")]
        assert len(added) == 1
        message = added[0]
        assert message.subject == f"New meetings: {community.name}"
        sessions = [db.session.get(EventSession, i) for i in ids]
        zone = community.programme.zone
        for session in sessions:
            assert f"{session.starts_at.astimezone(zone).day} " in message.body_text
        assert _calendar(message).count("BEGIN:VEVENT") == 3
    # The programme's activity log has a line for each; the public schedule log nothing, since
    # the meetings are members-only.
    actions = list(db.session.scalars(select(Activity.action)))
    assert actions.count("session_added") == 3
    assert db.session.scalar(select(ScheduleChange.id)) is None
    # One meeting more: one email more, for one meeting.
    one = meetings.add_meetings(
        community.id,
        RepeatRule(1, 0, time(9), time(10), 1, (datetime.now(UTC) + timedelta(days=60)).date()),
    )
    newest = emails_to(first.email)[-1]
    assert newest.subject == f"A new meeting: {community.name}"
    assert f"session-{one[0]}@" in _calendar(newest)


def test_moving_or_cancelling_a_meeting_emails_members_and_calendars_follow(
    client, community, join_as
):
    member, _ = join_as(community)
    ids = _future(community)
    meetings.move_meeting(
        community.id,
        ids[0],
        (datetime.now(UTC) + timedelta(days=12)).date(),
        time(14),
        time(15),
    )
    moved = emails_to(member.email)[-1]
    assert moved.subject.startswith(f"Moved: {community.name}")
    assert f"session-{ids[0]}@" in _calendar(moved) and "SEQUENCE:1" in _calendar(moved)
    meetings.cancel_meeting(community.id, ids[1])
    cancelled = emails_to(member.email)[-1]
    assert cancelled.subject.startswith(f"Cancelled: {community.name}")
    assert "STATUS:CANCELLED" in _calendar(cancelled)
    feed = client.get(
        f"/p/{community.programme.slug}/communities/{community.slug}/calendar/"
        f"{member.calendar_token}.ics"
    ).text
    assert feed.count("SEQUENCE:1") == 2 and feed.count("STATUS:CANCELLED") == 1
    # Moving it to the same time changes nothing and tells nobody.
    before = len(emails_to(member.email))
    session = db.session.get(EventSession, ids[2])
    local = session.starts_at.astimezone(community.programme.zone)
    meetings.move_meeting(
        community.id,
        ids[2],
        local.date(),
        local.time(),
        session.ends_at.astimezone(community.programme.zone).time(),
    )
    assert len(emails_to(member.email)) == before
    assert db.session.get(EventSession, ids[2]).sequence == 0


def test_a_move_into_the_hour_the_clocks_skip_is_refused_and_nobody_is_told(community, join_as):
    member, _ = join_as(community)
    (meeting,) = meetings.add_meetings(
        community.id,
        RepeatRule(1, 0, time(10), time(11), 1, datetime(2025, 3, 24).date()),
        now=datetime(2024, 1, 1, tzinfo=UTC),
    )
    before = len(emails_to(member.email))
    with pytest.raises(CommunityError, match="clocks go forward"):
        meetings.move_meeting(
            community.id, meeting, datetime(2025, 3, 30).date(), time(1, 15), time(2, 30)
        )
    session = db.session.get(EventSession, meeting)
    assert session.sequence == 0 and session.starts_at.hour == 10
    assert len(emails_to(member.email)) == before


def test_a_tasters_registrants_and_the_members_both_hear_of_its_changes(community, join_as):
    member, _ = join_as(community)
    ids = _future(community, times=2)
    taster = meetings.open_as_taster(community.id, ids[0], places=5)
    newcomer = make_user("new.comer@example.org", name="New Comer")
    register(taster, email=newcomer.email, name=newcomer.name)
    meetings.move_meeting(
        community.id, ids[0], (datetime.now(UTC) + timedelta(days=11)).date(), time(9), time(10)
    )
    assert emails_to(newcomer.email)[-1].subject.startswith("Changed")
    assert emails_to(member.email)[-1].subject.startswith("Moved:")
    # The taster is on the public programme, so the schedule log says it moved.
    change = db.session.scalar(select(ScheduleChange))
    assert change is not None and change.session_id == ids[0]
    meetings.cancel_meeting(community.id, ids[0])
    assert "cancelled" in emails_to(newcomer.email)[-1].body_text.lower()
    assert emails_to(member.email)[-1].subject.startswith("Cancelled:")
