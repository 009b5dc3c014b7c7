"""Meetings: repeat rules across clock changes, one meeting moved or cancelled, apologies,
attendance and continuity, tasters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from hls_events.communities import meetings, membership, queries
from hls_events.communities.common import CommunityError
from hls_events.communities.meetings import MeetingPlace, RepeatRule
from hls_events.extensions import db
from hls_events.models import (
    CommunityMeeting,
    EventSession,
    EventStatus,
    MeetingApology,
    SessionStatus,
)
from hls_events.registrations.services import register
from tests.communities.conftest import emails_to
from tests.factories import make_user

PAST = datetime(2024, 1, 1, tzinfo=UTC)
TUESDAY = 1


def _rule(**changes) -> RepeatRule:
    values = dict(
        every_weeks=2,
        weekday=TUESDAY,
        starts=time(10, 0),
        ends=time(11, 30),
        times=6,
        first_day=date(2025, 1, 14),
    )
    values.update(changes)
    return RepeatRule(**values)


def _sessions(community_id: int) -> list[EventSession]:
    db.session.expire_all()
    return [session for _m, session in queries.meetings(community_id)]


def test_every_second_tuesday_six_times_keeps_local_time_across_the_clock_change(community):
    # 14 January to 25 March 2025: the clocks go forward on 30 March... so start in March.
    ids = meetings.add_meetings(
        community.id,
        _rule(first_day=date(2025, 3, 4)),
        MeetingPlace(joining_url="https://meet.example.org/curious"),
        now=PAST,
    )
    sessions = _sessions(community.id)
    assert [s.id for s in sessions] == ids
    zone = community.programme.zone
    local = [s.starts_at.astimezone(zone) for s in sessions]
    assert [d.date() for d in local] == [
        date(2025, 3, 4) + timedelta(weeks=2 * n) for n in range(6)
    ]
    assert {(d.hour, d.minute) for d in local} == {(10, 0)}
    # Before the change 10:00 is 10:00 UTC; after it, 09:00 UTC.
    assert sessions[0].starts_at.hour == 10 and sessions[-1].starts_at.hour == 9
    assert all(s.weekday() == TUESDAY for s in (d.date() for d in local))
    assert {s.event_id for s in sessions} == {community.event_id}


def test_a_rule_that_makes_no_meetings_is_refused(community):
    with pytest.raises(CommunityError, match="makes no meetings"):
        meetings.add_meetings(community.id, _rule(times=0), now=PAST)
    assert _sessions(community.id) == []


def test_a_time_the_clocks_skip_is_refused_and_nothing_is_added(community):
    # 30 March 2025 is a Sunday; 01:30 does not happen in London that day.
    rule = _rule(
        weekday=6,
        starts=time(1, 30),
        ends=time(2, 45),
        every_weeks=1,
        times=3,
        first_day=date(2025, 3, 23),
    )
    with pytest.raises(CommunityError, match="clocks go forward"):
        meetings.add_meetings(community.id, rule, now=PAST)
    assert _sessions(community.id) == []


def test_a_first_meeting_in_the_past_and_other_bad_rules_are_refused(community):
    with pytest.raises(CommunityError, match="in the past"):
        meetings.add_meetings(community.id, _rule(first_day=date(2001, 1, 1)))
    with pytest.raises(CommunityError, match="end after it starts"):
        meetings.add_meetings(community.id, _rule(ends=time(9, 0)), now=PAST)
    with pytest.raises(CommunityError, match="at most 52"):
        meetings.add_meetings(community.id, _rule(times=10**9), now=PAST)
    with pytest.raises(CommunityError, match="https"):
        meetings.add_meetings(community.id, _rule(), MeetingPlace("javascript:alert(1)"), now=PAST)
    assert _sessions(community.id) == []


def _future_series(community, times: int = 3) -> list[int]:
    first = (datetime.now(UTC) + timedelta(days=10)).date()
    return meetings.add_meetings(community.id, _rule(first_day=first, times=times))


def test_one_meeting_moves_or_is_cancelled_without_touching_the_rest(community, join_as):
    member, _ = join_as(community)
    ids = _future_series(community)
    before = {s.id: (s.starts_at, s.sequence) for s in _sessions(community.id)}
    day = before[ids[1]][0].astimezone(community.programme.zone).date() + timedelta(days=1)
    meetings.move_meeting(community.id, ids[1], day, time(14, 0), time(15, 0))
    meetings.cancel_meeting(community.id, ids[2])
    after = {s.id: s for s in _sessions(community.id)}
    assert (after[ids[0]].starts_at, after[ids[0]].sequence) == before[ids[0]]
    moved = after[ids[1]].starts_at.astimezone(community.programme.zone)
    assert (moved.date(), moved.hour) == (day, 14) and after[ids[1]].sequence == 1
    assert after[ids[2]].status == SessionStatus.CANCELLED and after[ids[2]].sequence == 1
    subjects = [m.subject for m in emails_to(member.email)]
    assert any(s.startswith("Moved:") for s in subjects)
    assert any(s.startswith("Cancelled:") for s in subjects)
    with pytest.raises(CommunityError, match="already cancelled"):
        meetings.cancel_meeting(community.id, ids[2])


def test_an_apology_frees_nothing_and_emails_the_facilitators(community, join_as, facilitator):
    member, _ = join_as(community)
    ids = _future_series(community, times=1)
    meetings.send_apology(community.id, ids[0], member.id, "At a funeral")
    assert db.session.get(MeetingApology, (ids[0], member.id)) is not None
    message = emails_to(facilitator.email)[-1]
    assert message.subject.startswith(f"Apologies from {member.name}")
    assert "At a funeral" in message.body_text and message.body_html
    with pytest.raises(CommunityError, match="already sent"):
        meetings.send_apology(community.id, ids[0], member.id)
    outsider = make_user()
    with pytest.raises(CommunityError, match="Only members"):
        meetings.send_apology(community.id, ids[0], outsider.id)


def test_attendance_and_continuity(community, join_as):
    regular, _ = join_as(community)
    faded, _ = join_as(community)
    ids = meetings.add_meetings(community.id, _rule(first_day=date(2025, 1, 14), times=3), now=PAST)
    for session_id in ids:
        meetings.mark_attendance(
            community.id,
            session_id,
            [regular.id] if session_id != ids[0] else [regular.id, faded.id],
        )
    marked, rows = queries.continuity(community)
    assert len(marked) == 3
    by_name = {row.member.user_id: row for row in rows}
    assert (by_name[regular.id].attended, by_name[regular.id].dropped_away) == (3, False)
    assert (by_name[faded.id].attended, by_name[faded.id].dropped_away) == (1, True)
    mine = queries.my_attendance(community.id, faded.id)
    assert [row.attended for row in mine] == [True, False, False]
    with pytest.raises(CommunityError, match="members"):
        meetings.mark_attendance(community.id, ids[0], [make_user().id])


def test_a_taster_takes_ordinary_registrations_and_stays_a_meeting(community, join_as):
    ids = _future_series(community, times=2)
    event_id = meetings.open_as_taster(community.id, ids[0], places=5)
    session = db.session.get(EventSession, ids[0])
    assert session.event_id == event_id and session.event.status == EventStatus.PUBLISHED
    assert db.session.get(CommunityMeeting, ids[0]).is_taster
    outcome = register(event_id, email="newcomer@example.org", name="New Comer")
    assert outcome.status.value == "confirmed"
    # The other meeting stays members-only, on the series event.
    assert db.session.get(EventSession, ids[1]).event_id == community.event_id
    with pytest.raises(CommunityError, match="already open"):
        meetings.open_as_taster(community.id, ids[0], places=5)


def test_members_have_every_meeting_in_their_feeds(app, community, join_as, client):
    member, _ = join_as(community)
    ids = _future_series(community, times=2)
    meetings.cancel_meeting(community.id, ids[1])
    url = f"/p/{community.programme.slug}/communities/{community.slug}/calendar/{member.calendar_token}.ics"
    first = client.get(url)
    body = first.text
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert body.count("BEGIN:VEVENT") == 2
    assert "https://meet.example.org" not in body  # no joining link was given
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body
    personal = client.get(f"/calendar/{member.calendar_token}.ics").text
    assert f"session-{ids[0]}@" in personal
    outsider = make_user()
    assert (
        client.get(url.replace(member.calendar_token, outsider.calendar_token)).status_code == 404
    )
    membership.leave(community.id, member.id)
    assert client.get(url).status_code == 404


def test_a_welsh_members_community_calendar_is_in_welsh(app, community, join_as, client):
    member, _ = join_as(community, make_user(language="cy"))
    _future_series(community, times=1)
    url = f"/p/{community.programme.slug}/communities/{community.slug}/calendar/{member.calendar_token}.ics"
    # A calendar app asks in English, without the member's session: their account decides.
    body = client.get(url, headers={"Accept-Language": "en-GB"}).text
    unfolded = body.replace("\r\n ", "")
    assert "Cyfarfodydd " in unfolded and "peidiwch â'i rannu" in unfolded
    assert "Cyfarfod o gymuned ddysgu" in unfolded
    assert "private to you" not in unfolded
