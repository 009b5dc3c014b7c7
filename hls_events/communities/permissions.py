"""Who may do what with a community. Every community route is guarded here, and nowhere else.

- The programme's organisers (and site admins) create communities, name facilitators, and have
  every facilitator's power over every community of the programme.
- A facilitator: organisers' powers over their community only (edit it, answer requests,
  invite, remove members, run meetings and attendance). They always see it, even as a draft.
- A member: the member list (as its members agreed), joining links, apologies, their own
  attendance, the community calendar.
- Anyone else: the community's page once it is public (not a draft) in a programme everyone
  can see: its purpose, facilitators, meeting times and how to join.

Refusals follow the organiser area's rule: not signed in, sent to sign in; signed in and able
to see the community but not allowed to do this, 403; not able to see it, 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..models import (
    Community,
    CommunityFacilitator,
    CommunityMember,
    MemberStatus,
    Programme,
)
from ..organise.permissions import can_see_programme, is_organiser_of


@dataclass(frozen=True)
class Standing:
    """Where the reader stands in one community."""

    organiser: bool = False
    facilitator: bool = False
    membership: CommunityMember | None = None

    @property
    def runs(self) -> bool:
        """Has a facilitator's powers: a facilitator, or an organiser of the programme."""
        return self.organiser or self.facilitator

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.status == MemberStatus.MEMBER


def standing(user: Any, community: Community) -> Standing:
    if user is None or not getattr(user, "is_authenticated", False):
        return Standing()
    facilitator = db.session.get(CommunityFacilitator, (community.id, user.id)) is not None
    membership = db.session.scalar(
        select(CommunityMember).where(
            CommunityMember.community_id == community.id, CommunityMember.user_id == user.id
        )
    )
    return Standing(is_organiser_of(user, community.programme), facilitator, membership)


def can_see(user: Any, community: Community, where: Standing) -> bool:
    if where.runs:
        return True
    return community.is_public and can_see_programme(user, community.programme)


def _load(programme_slug: str, community_slug: str) -> tuple[Programme, Community]:
    programme = db.session.scalar(select(Programme).where(Programme.slug == programme_slug))
    if programme is None:
        abort(404)
    community = db.session.scalar(
        select(Community).where(
            Community.programme_id == programme.id, Community.slug == community_slug
        )
    )
    if community is None:
        abort(404)
    return programme, community


def _guarded(
    allowed: Callable[[Standing], bool], *, sign_in: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """For views under /p/<programme_slug>/communities/<community_slug>/: loads both, applies
    ``allowed`` and calls the view with ``community`` and ``where`` instead of the slugs."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(programme_slug: str, community_slug: str, **kwargs: Any) -> Any:
            if sign_in and not current_user.is_authenticated:
                return login_manager.unauthorized()
            _programme, community = _load(programme_slug, community_slug)
            where = standing(current_user, community)
            if not can_see(current_user, community, where):
                abort(404)
            if not allowed(where):
                abort(403)
            return view(community=community, where=where, **kwargs)

        return wrapped

    return decorator


def community_visible(view: Callable[..., Any]) -> Callable[..., Any]:
    """Anyone who may see the community, signed in or not."""
    return _guarded(lambda where: True, sign_in=False)(view)


def signed_in_visible(view: Callable[..., Any]) -> Callable[..., Any]:
    """Anyone signed in who may see the community (to join, or to accept an invitation)."""
    return _guarded(lambda where: True)(view)


def member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Current members (and those who run the community)."""
    return _guarded(lambda where: where.is_member or where.runs)(view)


def membership_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Anyone with a current place, request or waiting-list place (to leave or edit it)."""
    return _guarded(lambda where: where.membership is not None)(view)


def facilitator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """The community's facilitators and the programme's organisers."""
    return _guarded(lambda where: where.runs)(view)
