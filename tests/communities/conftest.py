"""Communities made through the real services, and people in them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from hls_events.communities import membership, running
from hls_events.communities.membership import Profile
from hls_events.extensions import db
from hls_events.models import (
    Community,
    CommunityStatus,
    MembershipRule,
    OutboxMessage,
    User,
)
from tests.factories import make_programme, make_user


@pytest.fixture
def organiser(app):
    return make_user("organiser@example.org", organiser=True, name="Olive Organiser")


@pytest.fixture
def facilitator(app):
    return make_user("fay@example.org", name="Fay Facilitator")


@pytest.fixture
def programme(organiser):
    return make_programme("hls-2022", title="HLS 2022", organisers=[organiser])


@pytest.fixture
def make_community(programme, facilitator) -> Callable[..., Community]:
    def _make(
        name: str = "The curious",
        *,
        rule: MembershipRule = MembershipRule.OPEN,
        limit: int | None = None,
        waitlist_open: bool = True,
        status: CommunityStatus = CommunityStatus.OPEN,
        facilitators: list[str] | None = None,
    ) -> Community:
        return running.create_community(
            programme.id,
            running.CommunityDetails(
                name=name,
                purpose="We **try** things and *tell* each other.",
                membership_rule=rule,
                member_limit=limit,
                waitlist_open=waitlist_open,
                status=status,
            ),
            facilitators or [facilitator.email],
        )

    return _make


@pytest.fixture
def community(make_community) -> Community:
    return make_community()


@pytest.fixture
def join_as() -> Callable[..., Any]:
    def _join(community: Community, user: User | None = None, **profile: Any):
        user = user or make_user()
        return user, membership.join(community.id, user.id, Profile(**profile))

    return _join


def emails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )
