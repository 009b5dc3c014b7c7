"""The communities area's part of the register of personal data (hls_events/personal_data.py).

Erasing an account first gives up its places and waiting positions, so that those waiting
move up and the waiting list stays without gaps; the rows then go with the account.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import (
    CURRENT_MEMBER_STATUSES,
    Community,
    CommunityFacilitator,
    CommunityMember,
    EventSession,
    MeetingApology,
    MeetingAttendance,
    MemberStatus,
    User,
    utcnow,
)
from ..personal_data import Holding
from .common import locked_community
from .membership import release_member


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _memberships(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(CommunityMember, Community.name)
        .join(Community, Community.id == CommunityMember.community_id)
        .where(CommunityMember.user_id == user.id)
        .order_by(CommunityMember.created_at)
    )
    return [
        {
            "community": name,
            "status": str(member.status),
            "waitlist_position": member.waitlist_position,
            "organisation": member.organisation,
            "working_on": member.working_on,
            "joined_at": _iso(member.joined_at),
            "left_at": _iso(member.left_at),
        }
        for member, name in rows
    ]


def _give_up_places(user: User, _keep_published: bool) -> None:
    release_all_of(user.id, utcnow())


def _facilitating(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Community.name, CommunityFacilitator.created_at)
        .join(Community, Community.id == CommunityFacilitator.community_id)
        .where(CommunityFacilitator.user_id == user.id)
        .order_by(CommunityFacilitator.created_at)
    )
    return [{"community": name, "since": _iso(since)} for name, since in rows]


def _apologies(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(MeetingApology, EventSession.starts_at)
        .join(EventSession, EventSession.id == MeetingApology.session_id)
        .where(MeetingApology.user_id == user.id)
        .order_by(EventSession.starts_at)
    )
    return [
        {
            "meeting_starts_at": _iso(starts_at),
            "note": apology.note,
            "sent_at": _iso(apology.created_at),
        }
        for apology, starts_at in rows
    ]


def _attendance(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(MeetingAttendance, EventSession.starts_at)
        .join(EventSession, EventSession.id == MeetingAttendance.session_id)
        .where(MeetingAttendance.user_id == user.id)
        .order_by(EventSession.starts_at)
    )
    return [
        {"meeting_starts_at": _iso(starts_at), "attended": mark.attended}
        for mark, starts_at in rows
    ]


def release_all_of(user_id: int, now: datetime) -> None:
    """Give up every place, request and waiting position a person holds, in the caller's
    transaction (their account is being erased; no commit): freed places go to those waiting
    at once, and waiting positions close up."""
    community_ids = sorted(
        db.session.scalars(
            select(CommunityMember.community_id).where(
                CommunityMember.user_id == user_id,
                CommunityMember.status.in_(CURRENT_MEMBER_STATUSES),
            )
        )
    )
    for community_id in community_ids:
        community = locked_community(community_id)
        member = db.session.scalar(
            select(CommunityMember).where(
                CommunityMember.community_id == community_id, CommunityMember.user_id == user_id
            )
        )
        if member is not None and member.status in CURRENT_MEMBER_STATUSES:
            release_member(community, member, MemberStatus.LEFT, now)


HOLDINGS = (
    Holding(
        "community_members",
        "user_id",
        "community_memberships",
        "places given up, then deleted with the account",
        export=_memberships,
        erase=_give_up_places,
    ),
    Holding(
        "community_facilitators",
        "user_id",
        "communities_facilitated",
        "deleted with the account",
        export=_facilitating,
    ),
    Holding(
        "meeting_apologies",
        "user_id",
        "meeting_apologies",
        "deleted with the account",
        export=_apologies,
    ),
    Holding(
        "meeting_attendance",
        "user_id",
        "meeting_attendance",
        "deleted with the account",
        export=_attendance,
    ),
)
