"""Joining, asking, inviting, leaving: places, the waiting list, and clear refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hls_events.communities import membership, running
from hls_events.communities.common import CommunityError, consent_purpose
from hls_events.communities.membership import Profile
from hls_events.extensions import db
from hls_events.models import (
    CommunityMember,
    CommunityStatus,
    ConsentRecord,
    MembershipRule,
    MemberStatus,
)
from tests.communities.conftest import emails_to
from tests.factories import make_user


def _statuses(community_id: int) -> dict[int, tuple[MemberStatus, int | None]]:
    db.session.expire_all()
    return {
        m.user_id: (m.status, m.waitlist_position)
        for m in db.session.scalars(
            select(CommunityMember).where(CommunityMember.community_id == community_id)
        )
    }


def test_an_open_community_takes_members_at_once_and_emails_them(community, join_as):
    user, outcome = join_as(community, organisation="Gateshead Council", show_to_members=True)
    assert outcome.status == MemberStatus.MEMBER
    assert [m.subject for m in emails_to(user.email)] == [f"You are a member of {community.name}"]
    consent = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.purpose == consent_purpose(community.id))
    )
    assert consent is not None and consent.given and consent.user_id == user.id


def test_joining_twice_is_refused_and_changes_nothing(community, join_as):
    user, _ = join_as(community)
    with pytest.raises(CommunityError, match="already a member"):
        membership.join(community.id, user.id, Profile())
    assert db.session.scalar(select(func.count()).select_from(CommunityMember)) == 1
    assert len(emails_to(user.email)) == 1


def test_a_full_community_fills_its_waiting_list_in_order_and_closes_it_up(make_community, join_as):
    community = make_community(limit=2)
    people = [join_as(community)[0] for _ in range(5)]
    statuses = _statuses(community.id)
    assert [statuses[p.id] for p in people] == [
        (MemberStatus.MEMBER, None),
        (MemberStatus.MEMBER, None),
        (MemberStatus.WAITLISTED, 1),
        (MemberStatus.WAITLISTED, 2),
        (MemberStatus.WAITLISTED, 3),
    ]
    # Someone waiting leaves: the list closes up.
    membership.leave(community.id, people[3].id)
    statuses = _statuses(community.id)
    assert statuses[people[4].id] == (MemberStatus.WAITLISTED, 2)
    # A member leaves: the first waiting gets the place at once and is emailed.
    promoted = membership.leave(community.id, people[0].id)
    statuses = _statuses(community.id)
    assert statuses[people[2].id] == (MemberStatus.MEMBER, None)
    assert statuses[people[4].id] == (MemberStatus.WAITLISTED, 1)
    assert statuses[people[0].id] == (MemberStatus.LEFT, None)
    assert len(promoted) == 1
    assert emails_to(people[2].email)[-1].subject == f"A place is yours: {community.name}"


def test_a_full_community_with_its_waiting_list_closed_refuses(make_community, join_as):
    community = make_community(limit=1, waitlist_open=False)
    join_as(community)
    late = make_user()
    with pytest.raises(CommunityError, match="waiting list is closed"):
        membership.join(community.id, late.id, Profile())
    assert late.id not in _statuses(community.id)


def test_a_raised_limit_gives_places_to_those_waiting(make_community, join_as):
    community = make_community(limit=1)
    join_as(community)
    waiting, _ = join_as(community)
    running.update_community(
        community.id,
        running.CommunityDetails(
            community.name, "", MembershipRule.OPEN, 3, True, CommunityStatus.OPEN
        ),
    )
    assert _statuses(community.id)[waiting.id] == (MemberStatus.MEMBER, None)


def test_by_request_the_facilitators_accept_or_decline(make_community, join_as, facilitator):
    community = make_community(rule=MembershipRule.REQUEST, limit=1)
    first, outcome = join_as(community, working_on="Relational contracts")
    second, _ = join_as(community)
    assert outcome.status == MemberStatus.REQUESTED
    assert any("asks to join" in m.subject for m in emails_to(facilitator.email))
    membership.decide_request(community.id, outcome.member_id, True)
    assert _statuses(community.id)[first.id] == (MemberStatus.MEMBER, None)
    second_id = db.session.scalar(
        select(CommunityMember.id).where(CommunityMember.user_id == second.id)
    )
    membership.decide_request(community.id, second_id, False)
    assert _statuses(community.id)[second.id] == (MemberStatus.DECLINED, None)
    with pytest.raises(CommunityError, match="already been answered"):
        membership.decide_request(community.id, second_id, True)


def test_by_invitation_only_a_signed_link_for_that_address_lets_people_in(
    make_community, facilitator
):
    community = make_community(rule=MembershipRule.INVITATION)
    invited = make_user("ivy@example.org")
    stranger = make_user()
    with pytest.raises(CommunityError, match="invitation only"):
        membership.join(community.id, invited.id, Profile())
    running.invite(community.id, "Ivy@Example.org", facilitator.id)
    message = emails_to("ivy@example.org")[-1]
    token = message.body_text.split("/invitation/", 1)[1].split()[0]
    assert running.read_invitation(token) == (community.id, "ivy@example.org")
    with pytest.raises(CommunityError, match=r"sent to ivy@example\.org"):
        membership.accept_invitation(community.id, stranger.id, "ivy@example.org", Profile())
    outcome = membership.accept_invitation(community.id, invited.id, "ivy@example.org", Profile())
    assert outcome.status == MemberStatus.MEMBER
    with pytest.raises(CommunityError):
        running.read_invitation(token[:-3] + "xyz")


def test_removing_a_member_frees_their_place_and_tells_them(make_community, join_as):
    community = make_community(limit=1)
    member, outcome = join_as(community)
    waiting, _ = join_as(community)
    membership.remove_member(community.id, outcome.member_id)
    statuses = _statuses(community.id)
    assert statuses[member.id] == (MemberStatus.REMOVED, None)
    assert statuses[waiting.id] == (MemberStatus.MEMBER, None)
    assert "no longer a member" in emails_to(member.email)[-1].subject


def test_the_last_facilitator_cannot_step_down(make_community, facilitator):
    other = make_user("otto@example.org")
    community = make_community()
    with pytest.raises(CommunityError, match="only facilitator"):
        running.step_down(community.id, facilitator.id)
    db.session.expire_all()
    assert [f.user_id for f in community.facilitators] == [facilitator.id]
    running.add_facilitator(community.id, other.email)
    running.step_down(community.id, facilitator.id)
    db.session.expire_all()
    assert [f.user_id for f in community.facilitators] == [other.id]


def test_a_draft_community_takes_nobody(make_community):
    community = make_community(status=CommunityStatus.DRAFT)
    with pytest.raises(CommunityError, match="not taking new members"):
        membership.join(community.id, make_user().id, Profile())


def test_bad_profile_input_is_refused_with_a_message(community):
    user = make_user()
    with pytest.raises(CommunityError, match="500 characters"):
        membership.join(community.id, user.id, Profile(working_on="x" * 501))
    profile = Profile(organisation="Gates\x00head")
    membership.join(community.id, user.id, profile)
    assert db.session.scalar(select(CommunityMember.organisation)) == "Gateshead"


def test_a_request_accepted_when_the_community_is_full_waits_at_the_end_of_the_list(
    make_community, join_as
):
    community = make_community(rule=MembershipRule.REQUEST, limit=1)
    _, first = join_as(community)
    second, asked = join_as(community)
    membership.decide_request(community.id, first.member_id, True)
    membership.decide_request(community.id, asked.member_id, True)
    assert _statuses(community.id)[second.id] == (MemberStatus.WAITLISTED, 1)


def test_someone_who_left_a_full_community_and_joins_again_waits(make_community, join_as):
    community = make_community(limit=1)
    leaver, _ = join_as(community)
    membership.leave(community.id, leaver.id)
    join_as(community)  # takes the place
    outcome = membership.join(community.id, leaver.id, Profile())
    assert outcome.status == MemberStatus.WAITLISTED
    assert _statuses(community.id)[leaver.id] == (MemberStatus.WAITLISTED, 1)
