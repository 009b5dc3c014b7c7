"""What the communities' services share: their refusal, the transaction shape, the lock, links
and the member-list consent. No request and no url_for here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import select

from ..extensions import db
from ..links import external_url
from ..models import (
    Community,
    CommunityFacilitator,
    CommunityMember,
    ConsentRecord,
    MemberStatus,
    User,
)
from ..registrations.locking import lock_row, start_transaction
from ..service_errors import Reason, ServiceError
from ..translation import gettext

T = TypeVar("T")

CONSENT_WORDING = (
    "Show my name, organisation and what I am working on to the other members of this community."
)


class CommunityError(ServiceError):
    """A change to a community that cannot be made, with a message for the person."""


def consent_purpose(community_id: int) -> str:
    return f"community:{community_id}:member-list"


def in_transaction(work: Callable[[], T]) -> T:
    """Run ``work`` as one transaction of its own, committed once; roll back on any error."""
    start_transaction()
    try:
        result = work()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def locked_community(community_id: int) -> Community:
    """Take the community's write lock (the transaction's first statement) and read it afresh."""
    if not lock_row(Community, community_id):
        raise CommunityError(gettext("There is no such community."), reason=Reason.NOT_FOUND)
    community = db.session.get(Community, community_id, populate_existing=True)
    assert community is not None
    return community


def community_url(community: Community) -> str:
    return external_url(
        "communities.community",
        programme_slug=community.programme.slug,
        community_slug=community.slug,
    )


def facilitator_ids(community_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(CommunityFacilitator.user_id).where(
                CommunityFacilitator.community_id == community_id
            )
        )
    )


def facilitator_users(community_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CommunityFacilitator, CommunityFacilitator.user_id == User.id)
            .where(CommunityFacilitator.community_id == community_id)
            .order_by(User.name)
        )
    )


def current_members(community_id: int) -> list[CommunityMember]:
    return list(
        db.session.scalars(
            select(CommunityMember)
            .where(
                CommunityMember.community_id == community_id,
                CommunityMember.status == MemberStatus.MEMBER,
            )
            .order_by(CommunityMember.joined_at, CommunityMember.id)
        )
    )


def record_consent(user_id: int, community_id: int, given: bool) -> None:
    """Add a consent record when the person's choice differs from their newest one."""
    purpose = consent_purpose(community_id)
    newest = db.session.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user_id, ConsentRecord.purpose == purpose)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    if newest is not None and newest.given == given and newest.wording == CONSENT_WORDING:
        return
    if newest is None and not given:
        return  # never given: nothing to withdraw
    db.session.add(
        ConsentRecord(user_id=user_id, purpose=purpose, wording=CONSENT_WORDING, given=given)
    )


def consenting(community_id: int, user_ids: Iterable[int]) -> set[int]:
    """The people whose newest member-list consent for this community is given, in one query."""
    ids = list(user_ids)
    if not ids:
        return set()
    records = db.session.execute(
        select(ConsentRecord.user_id, ConsentRecord.given)
        .where(
            ConsentRecord.purpose == consent_purpose(community_id),
            ConsentRecord.user_id.in_(ids),
        )
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    newest: dict[int, bool] = {}
    for user_id, given in records:
        newest[user_id] = given
    return {user_id for user_id, given in newest.items() if given}
