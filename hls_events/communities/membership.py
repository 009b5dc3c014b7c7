"""Joining and leaving a community: one transaction each, under the community's write lock.

Every change to who holds a community's places starts its transaction with an UPDATE of the
community's row (``locked_community``), exactly as registrations lock an event's row: then the
members are counted and the waiting list is read and written, then it commits. So a community
never has more members than its limit, its waiting list is numbered 1..N without gaps, and a
freed place goes to the first in line at once (and they are emailed). The unique constraints
on community_members are the second line behind the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..mail.services import queue_email
from ..models import (
    CURRENT_MEMBER_STATUSES,
    Community,
    CommunityMember,
    CommunityStatus,
    MembershipRule,
    MemberStatus,
    User,
    utcnow,
)
from ..registrations.locking import close_waitlist_gap
from ..service_errors import Reason
from ..translation import gettext
from .common import (
    CommunityError,
    community_url,
    facilitator_ids,
    facilitator_users,
    in_transaction,
    locked_community,
    record_consent,
)

ORGANISATION_MAX = 200
WORKING_ON_MAX = 500


@dataclass(frozen=True)
class Profile:
    """What a member tells the others, and whether the others may see it."""

    organisation: str = ""
    working_on: str = ""
    show_to_members: bool = False


@dataclass(frozen=True)
class JoinOutcome:
    member_id: int
    status: MemberStatus
    waitlist_position: int | None


def clean_profile(profile: Profile) -> Profile:
    organisation = profile.organisation.replace("\x00", "").strip()
    working_on = profile.working_on.replace("\x00", "").strip()
    if len(organisation) > ORGANISATION_MAX:
        raise CommunityError(
            gettext(
                "Keep your organisation to %(organisation_max)s characters.",
                organisation_max=ORGANISATION_MAX,
            ),
            "organisation",
        )
    if len(working_on) > WORKING_ON_MAX:
        raise CommunityError(
            gettext(
                "Keep what you are working on to %(working_on_max)s characters.",
                working_on_max=WORKING_ON_MAX,
            ),
            "working_on",
        )
    return Profile(organisation, working_on, profile.show_to_members)


# --- Counting, inside the lock ------------------------------------------------------------------


def members_count(community_id: int) -> int:
    return cast(
        int,
        db.session.scalar(
            select(func.count())
            .select_from(CommunityMember)
            .where(
                CommunityMember.community_id == community_id,
                CommunityMember.status == MemberStatus.MEMBER,
            )
        ),
    )


def waitlist_length(community_id: int) -> int:
    return cast(
        int,
        db.session.scalar(
            select(func.count())
            .select_from(CommunityMember)
            .where(
                CommunityMember.community_id == community_id,
                CommunityMember.status == MemberStatus.WAITLISTED,
            )
        ),
    )


def _has_place(community: Community) -> bool:
    return community.member_limit is None or members_count(community.id) < community.member_limit


def _email_member(member: CommunityMember, community: Community, template: str) -> None:
    queue_email(
        member.user.email,
        template,
        {
            "person": member.user,
            "community": community,
            "programme": community.programme,
            "member": member,
            "community_url": community_url(community),
        },
        key=f"community-member:{member.id}:{template}",
    )


def fill_places(community: Community, now: datetime) -> list[CommunityMember]:
    """Give free places to the waiting list, first in line first. Call with the lock held."""
    query = (
        select(CommunityMember)
        .where(
            CommunityMember.community_id == community.id,
            CommunityMember.status == MemberStatus.WAITLISTED,
        )
        .order_by(CommunityMember.waitlist_position)
    )
    if community.member_limit is not None:
        free = community.member_limit - members_count(community.id)
        if free <= 0:
            return []
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for member in promoted:
        member.status = MemberStatus.MEMBER
        member.waitlist_position = None
        member.joined_at = now
    db.session.flush()
    close_waitlist_gap(
        CommunityMember, CommunityMember.community_id, community.id, len(promoted), len(promoted)
    )
    for member in promoted:
        _email_member(member, community, "community_promoted")
    return promoted


def _leave_waitlist(member: CommunityMember) -> None:
    position = member.waitlist_position
    member.waitlist_position = None
    db.session.flush()
    if position is not None:
        close_waitlist_gap(
            CommunityMember, CommunityMember.community_id, member.community_id, position, 1
        )


# --- Taking a place ------------------------------------------------------------------------------


def _membership_row(community: Community, user: User) -> CommunityMember:
    member = db.session.scalar(
        select(CommunityMember).where(
            CommunityMember.community_id == community.id, CommunityMember.user_id == user.id
        )
    )
    if member is not None and member.status in CURRENT_MEMBER_STATUSES:
        raise CommunityError(_already_message(member), reason=Reason.CONFLICT)
    if member is None:
        # Added to the session once its status is decided (_flush_place), so that counting
        # the places never flushes a half-made row.
        member = CommunityMember(community_id=community.id, user_id=user.id)
    member.user = user
    member.left_at = None
    return member


def _already_message(member: CommunityMember) -> str:
    if member.status == MemberStatus.MEMBER:
        return gettext("You are already a member of this community.")
    if member.status == MemberStatus.REQUESTED:
        return gettext("You have already asked to join; the facilitators will reply.")
    return gettext(
        "You are already on the waiting list, at number %(waitlist_position)s.",
        waitlist_position=member.waitlist_position,
    )


def _take_place(community: Community, member: CommunityMember, now: datetime) -> None:
    """A member if there is a place, else the end of the waiting list if it is open."""
    if _has_place(community):
        member.status, member.waitlist_position, member.joined_at = MemberStatus.MEMBER, None, now
    elif community.waitlist_open:
        # Counted before the member changes: the count would flush a waiting member who has no
        # place in the list yet, which the table refuses.
        position = waitlist_length(community.id) + 1
        member.status, member.waitlist_position = MemberStatus.WAITLISTED, position
        member.joined_at = None
    else:
        raise CommunityError(gettext("This community is full, and its waiting list is closed."))


def _flush_place(member: CommunityMember) -> None:
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Only reachable if the lock were bypassed: the constraint still refuses a second row.
        raise CommunityError(gettext("You are already in this community.")) from error


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise CommunityError(gettext("That account no longer exists."), reason=Reason.NOT_FOUND)
    return user


def join(
    community_id: int, user_id: int, profile: Profile, *, now: datetime | None = None
) -> JoinOutcome:
    """Join an open community, or ask to join one by request. Raises CommunityError, changing
    nothing, if the person is already in it, it takes no members, or it is full and closed."""
    now = now or utcnow()
    profile = clean_profile(profile)

    def work() -> JoinOutcome:
        community = locked_community(community_id)
        if community.status != CommunityStatus.OPEN:
            raise CommunityError(gettext("This community is not taking new members."))
        if community.membership_rule == MembershipRule.INVITATION:
            raise CommunityError(
                gettext("This community is by invitation only: ask its facilitators."),
                reason=Reason.FORBIDDEN,
            )
        user = _person(user_id)
        member = _membership_row(community, user)
        member.organisation, member.working_on = profile.organisation, profile.working_on
        if community.membership_rule == MembershipRule.REQUEST:
            member.status, member.waitlist_position, member.joined_at = (
                MemberStatus.REQUESTED,
                None,
                None,
            )
        else:
            _take_place(community, member, now)
        _flush_place(member)
        record_consent(user.id, community.id, profile.show_to_members)
        if member.status == MemberStatus.REQUESTED:
            for facilitator in facilitator_users(community.id):
                queue_email(
                    facilitator.email,
                    "community_request",
                    {
                        "person": facilitator,
                        "applicant": user,
                        "member": member,
                        "community": community,
                        "programme": community.programme,
                        "community_url": community_url(community),
                    },
                )
        else:
            _email_member(member, community, f"community_{member.status.value}")
        return JoinOutcome(member.id, member.status, member.waitlist_position)

    return in_transaction(work)


def accept_invitation(
    community_id: int, user_id: int, email: str, profile: Profile, *, now: datetime | None = None
) -> JoinOutcome:
    """Join by an invitation sent to ``email``, which must be the person's own address."""
    now = now or utcnow()
    profile = clean_profile(profile)

    def work() -> JoinOutcome:
        community = locked_community(community_id)
        if community.status == CommunityStatus.DRAFT:
            raise CommunityError(gettext("This community is not taking new members yet."))
        user = _person(user_id)
        if user.email.lower() != email.lower():
            raise CommunityError(
                gettext(
                    "This invitation was sent to %(email)s. Sign in with that address to accept it.",
                    email=email,
                ),
                reason=Reason.FORBIDDEN,
            )
        member = _membership_row(community, user)
        member.organisation, member.working_on = profile.organisation, profile.working_on
        _take_place(community, member, now)
        _flush_place(member)
        record_consent(user.id, community.id, profile.show_to_members)
        _email_member(member, community, f"community_{member.status.value}")
        return JoinOutcome(member.id, member.status, member.waitlist_position)

    return in_transaction(work)


def decide_request(
    community_id: int, member_id: int, accept: bool, *, now: datetime | None = None
) -> JoinOutcome:
    """A facilitator accepts (a place, or the waiting list) or declines a request to join."""
    now = now or utcnow()

    def work() -> JoinOutcome:
        community = locked_community(community_id)
        member = db.session.get(CommunityMember, member_id, populate_existing=True)
        if member is None or member.community_id != community.id:
            raise CommunityError(gettext("There is no such request."), reason=Reason.NOT_FOUND)
        if member.status != MemberStatus.REQUESTED:
            raise CommunityError(gettext("That request has already been answered."))
        if accept:
            _take_place(community, member, now)
            template = f"community_{member.status.value}"
        else:
            member.status = MemberStatus.DECLINED
            template = "community_declined"
        db.session.flush()
        _email_member(member, community, template)
        return JoinOutcome(member.id, member.status, member.waitlist_position)

    return in_transaction(work)


def release_member(
    community: Community, member: CommunityMember, status: MemberStatus, now: datetime
) -> list[CommunityMember]:
    """The member's place (or request, or waiting position) given up, in the caller's
    transaction: a freed place goes to the first waiting."""
    held_place = member.status == MemberStatus.MEMBER
    member.status = status
    member.left_at = now
    _leave_waitlist(member)
    return fill_places(community, now) if held_place else []


def leave(community_id: int, user_id: int, *, now: datetime | None = None) -> list[int]:
    """Leave a community (or its waiting list, or withdraw a request). The place goes to the
    first waiting at once. Returns the ids of the members promoted."""
    now = now or utcnow()

    def work() -> list[int]:
        community = locked_community(community_id)
        member = db.session.scalar(
            select(CommunityMember).where(
                CommunityMember.community_id == community.id,
                CommunityMember.user_id == user_id,
            )
        )
        if member is None or member.status not in CURRENT_MEMBER_STATUSES:
            raise CommunityError(gettext("You are not a member of this community."))
        return [m.id for m in release_member(community, member, MemberStatus.LEFT, now)]

    return in_transaction(work)


def remove_member(community_id: int, member_id: int, *, now: datetime | None = None) -> list[int]:
    """A facilitator removes a member (or someone waiting); they are told by email."""
    now = now or utcnow()

    def work() -> list[int]:
        community = locked_community(community_id)
        member = db.session.get(CommunityMember, member_id, populate_existing=True)
        if member is None or member.community_id != community.id:
            raise CommunityError(gettext("There is no such member."), reason=Reason.NOT_FOUND)
        if member.status not in (MemberStatus.MEMBER, MemberStatus.WAITLISTED):
            raise CommunityError(gettext("That person is not a member now."))
        if member.user_id in facilitator_ids(community.id):
            raise CommunityError(gettext("A facilitator cannot be removed as a member here."))
        promoted = release_member(community, member, MemberStatus.REMOVED, now)
        _email_member(member, community, "community_removed")
        return [m.id for m in promoted]

    return in_transaction(work)
