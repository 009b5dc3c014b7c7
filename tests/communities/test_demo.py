"""The demo's four communities of 2022."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.communities.demo import load_communities
from hls_events.extensions import db
from hls_events.models import (
    Community,
    CommunityMeeting,
    CommunityMember,
    MeetingAttendance,
    MemberStatus,
    Reflection,
    utcnow,
)
from tests.factories import make_programme


def _count(*conditions, of=CommunityMember) -> int:
    return db.session.scalar(select(func.count()).select_from(of).where(*conditions))


def test_the_demo_has_four_communities_with_history_a_waiting_list_and_a_taster(app):
    programme = make_programme("hls-week-demo")
    assert load_communities(programme, utcnow().date()) == 4
    communities = list(db.session.scalars(select(Community).order_by(Community.id)))
    assert [c.name for c in communities] == [
        "Local authorities",
        "Social pedagogy practitioners",
        "The curious",
        "System stewards in civil society",
    ]
    for community in communities:
        members = _count(
            CommunityMember.community_id == community.id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
        assert 12 <= members <= 30
        assert _count(CommunityMeeting.community_id == community.id, of=CommunityMeeting) == 6
    assert _count(CommunityMember.status == MemberStatus.WAITLISTED) == 3
    assert _count(CommunityMeeting.is_taster.is_(True), of=CommunityMeeting) == 1
    assert _count(MeetingAttendance.attended.is_(True), of=MeetingAttendance) > 0
    assert _count(Reflection.visibility == "community", of=Reflection) > 0
    # Members reflect after each meeting: every demo reflection is on one, and some members
    # have reflected on several.
    assert _count(Reflection.session_id.is_(None), of=Reflection) == 0
    per_author = db.session.execute(
        select(Reflection.author_id, func.count(Reflection.id)).group_by(Reflection.author_id)
    ).all()
    assert max(count for _author, count in per_author) >= 2
    # Loading again adds nothing.
    assert load_communities(programme, utcnow().date()) == 0
