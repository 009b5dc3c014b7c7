"""Setting up and running a community: the organisers create it and name its facilitators; the
facilitators edit it, invite people and step down (never the last of them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.tokens import Purpose, TokenError, make_token, read_token
from ..bilingual import apply_welsh
from ..extensions import db
from ..links import external_url
from ..mail.services import queue_email
from ..models import (
    CURRENT_MEMBER_STATUSES,
    Community,
    CommunityFacilitator,
    CommunityMember,
    CommunityStatus,
    Event,
    EventFormat,
    EventMode,
    EventStatus,
    MembershipRule,
    Programme,
    User,
    utcnow,
)
from ..registrations.errors import RegistrationError
from ..registrations.people import checked_email
from ..service_errors import Reason
from ..slugs import slugify
from ..translation import gettext
from .common import (
    CommunityError,
    community_url,
    in_transaction,
    locked_community,
    record_consent,
)
from .membership import Profile, clean_profile, fill_places

INVITATION = Purpose("community-invitation", timedelta(days=30), (30, "duration-day"))
NAME_MAX = 200
PURPOSE_MAX = 20_000
LIMIT_MAX = 10_000
COMMUNITY_WELSH = ("name", "purpose")


@dataclass(frozen=True)
class CommunityDetails:
    name: str
    purpose: str
    membership_rule: MembershipRule
    member_limit: int | None
    waitlist_open: bool
    status: CommunityStatus
    # Welsh beside the English, by English field name: {"name": ..., "purpose": ...}.
    welsh: dict[str, str] = field(default_factory=dict)


def _check(details: CommunityDetails) -> CommunityDetails:
    name = details.name.replace("\x00", "").strip()
    purpose = details.purpose.replace("\x00", "")
    if not name:
        raise CommunityError(gettext("Give the community a name."), "name", Reason.INVALID)
    if len(name) > NAME_MAX:
        raise CommunityError(
            gettext("Keep the name to %(name_max)s characters.", name_max=NAME_MAX),
            "name",
            Reason.INVALID,
        )
    if len(purpose) > PURPOSE_MAX:
        raise CommunityError(
            gettext("Keep the purpose to %(purpose_max)s characters.", purpose_max=PURPOSE_MAX),
            "purpose",
            Reason.INVALID,
        )
    limit = details.member_limit
    if limit is not None and not 1 <= limit <= LIMIT_MAX:
        raise CommunityError(
            gettext(
                "The member limit must be between 1 and %(limit_max)s, or empty for no limit.",
                limit_max=LIMIT_MAX,
            ),
            "member_limit",
            Reason.INVALID,
        )
    welsh = {key: value.replace("\x00", "") for key, value in details.welsh.items()}
    if len(welsh.get("name", "").strip()) > NAME_MAX:
        raise CommunityError(f"Keep the name to {NAME_MAX} characters.", "name_cy", Reason.INVALID)
    if len(welsh.get("purpose", "")) > PURPOSE_MAX:
        raise CommunityError(
            f"Keep the purpose to {PURPOSE_MAX} characters.", "purpose_cy", Reason.INVALID
        )
    return CommunityDetails(
        name, purpose, details.membership_rule, limit, details.waitlist_open, details.status, welsh
    )


def _user_by_email(email: str) -> User:
    try:
        address = checked_email(email)
    except RegistrationError as error:
        raise CommunityError(str(error), "email", Reason.INVALID) from error
    user = db.session.scalar(select(User).where(User.email == address))
    if user is None:
        raise CommunityError(
            gettext(
                "Nobody has an account with %(address)s yet: ask them to sign up first.",
                address=address,
            ),
            "email",
            Reason.INVALID,
        )
    return user


def _free_slug(programme_id: int, name: str) -> str:
    base = (slugify(name) or "community")[:60]
    taken = set(
        db.session.scalars(select(Community.slug).where(Community.programme_id == programme_id))
    ) | set(db.session.scalars(select(Event.slug).where(Event.programme_id == programme_id)))
    slug, number = base, 2
    while slug in taken or f"community-{slug}" in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_community(
    programme_id: int, details: CommunityDetails, facilitator_emails: list[str]
) -> Community:
    """A community and its series event (members-only, so kept out of the public programme)."""
    details = _check(details)
    facilitators = [_user_by_email(email) for email in facilitator_emails if email.strip()]
    if not facilitators:
        raise CommunityError(
            gettext("Name at least one facilitator."), "facilitators", Reason.INVALID
        )
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise CommunityError(gettext("There is no such programme."), reason=Reason.NOT_FOUND)
    slug = _free_slug(programme_id, details.name)
    event = Event(
        programme_id=programme_id,
        slug=f"community-{slug}",
        title=details.name,
        summary=f"The meetings of the {details.name} learning community (members only).",
        format=EventFormat.LEARNING_CIRCLE,
        mode=EventMode.ONLINE,
        status=EventStatus.DRAFT,
    )
    community = Community(
        programme_id=programme_id,
        event=event,
        slug=slug,
        name=details.name,
        purpose=details.purpose,
        membership_rule=details.membership_rule,
        member_limit=details.member_limit,
        waitlist_open=details.waitlist_open,
        status=details.status,
    )
    apply_welsh(community, details.welsh)
    event.title_cy = community.name_cy
    db.session.add_all([event, community])
    for user in {user.id: user for user in facilitators}.values():
        community.facilitators.append(CommunityFacilitator(user=user))
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise CommunityError(
            gettext("A community with that name was just made; try again.")
        ) from error
    return community


def update_community(community_id: int, details: CommunityDetails) -> None:
    """Change the details; a higher limit gives places to the waiting list at once."""
    details = _check(details)

    def work() -> None:
        community = locked_community(community_id)
        community.name = details.name
        community.purpose = details.purpose
        community.membership_rule = details.membership_rule
        community.member_limit = details.member_limit
        community.waitlist_open = details.waitlist_open
        community.status = details.status
        community.event.title = details.name
        apply_welsh(community, details.welsh)
        community.event.title_cy = community.name_cy
        db.session.flush()
        fill_places(community, utcnow())

    in_transaction(work)


def add_facilitator(community_id: int, email: str) -> None:
    user = _user_by_email(email)

    def work() -> None:
        community = locked_community(community_id)
        if any(f.user_id == user.id for f in community.facilitators):
            raise CommunityError(
                gettext("%(name)s already facilitates this community.", name=user.name), "email"
            )
        community.facilitators.append(CommunityFacilitator(user_id=user.id))

    in_transaction(work)


def step_down(community_id: int, user_id: int) -> None:
    """A facilitator stops facilitating. The last one cannot: a community needs someone."""

    def work() -> None:
        community = locked_community(community_id)
        mine = [f for f in community.facilitators if f.user_id == user_id]
        if not mine:
            raise CommunityError(gettext("That person does not facilitate this community."))
        if len(community.facilitators) == 1:
            raise CommunityError(
                gettext(
                    "You are this community's only facilitator, so you cannot step down. "
                    "Name another facilitator first."
                )
            )
        community.facilitators.remove(mine[0])

    in_transaction(work)


# --- Invitations ------------------------------------------------------------------------------


def invitation_token(community_id: int, email: str) -> str:
    return make_token(current_app.config["SECRET_KEY"], INVITATION, c=community_id, e=email.lower())


def read_invitation(token: str) -> tuple[int, str]:
    """(community id, email) from an invitation link; CommunityError if it cannot be used."""
    try:
        claims = read_token(current_app.config["SECRET_KEY"], INVITATION, token)
    except TokenError as error:
        message = (
            gettext("This invitation has expired: ask the facilitators for a new one.")
            if error.reason == "expired"
            else gettext("This invitation link is not valid.")
        )
        raise CommunityError(message, reason=Reason.NOT_FOUND) from error
    community_id, email = claims.get("c"), claims.get("e")
    if not isinstance(community_id, int) or not isinstance(email, str):
        raise CommunityError(gettext("This invitation link is not valid."), reason=Reason.NOT_FOUND)
    return community_id, email


def invite(community_id: int, email: str, inviter_id: int) -> None:
    """Email someone a signed link to join; it works only for that address."""
    try:
        address = checked_email(email)
    except RegistrationError as error:
        raise CommunityError(str(error), "email", Reason.INVALID) from error
    community = db.session.get(Community, community_id)
    inviter = db.session.get(User, inviter_id)
    if community is None or inviter is None:
        raise CommunityError(gettext("There is no such community."), reason=Reason.NOT_FOUND)
    queue_email(
        address,
        "community_invitation",
        {
            "community": community,
            "programme": community.programme,
            "inviter": inviter,
            "community_url": community_url(community),
            "accept_url": external_url(
                "communities.accept_invitation",
                programme_slug=community.programme.slug,
                community_slug=community.slug,
                token=invitation_token(community.id, address),
            ),
            "lifetime": INVITATION.lifetime_words,
        },
    )
    db.session.commit()


def update_profile(community_id: int, user_id: int, profile: Profile) -> None:
    """Change what a member tells the others, and their consent to show it."""
    profile = clean_profile(profile)

    def work() -> None:
        member = db.session.scalar(
            select(CommunityMember).where(
                CommunityMember.community_id == community_id,
                CommunityMember.user_id == user_id,
                CommunityMember.status.in_(CURRENT_MEMBER_STATUSES),
            )
        )
        if member is None:
            raise CommunityError(gettext("You are not a member of this community."))
        member.organisation, member.working_on = profile.organisation, profile.working_on
        record_consent(user_id, community_id, profile.show_to_members)

    return in_transaction(work)
