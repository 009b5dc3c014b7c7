"""A programme's people: organisers and hosts, and invitations by email to join them.

An invitation is accepted by whoever is signed in with a confirmed email address equal to the
one it was sent to, once. The emailed link carries a signed token over the invitation's id;
withdrawing an invitation deletes it, so its link stops working.
Each use case takes plain values, works in one transaction and commits once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar, cast

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import selectinload

from ..accounts.services import normalise_email
from ..extensions import db
from ..links import external_url
from ..mail.services import Recipient, cancel_pending, queue_email
from ..models import (
    Invitation,
    Organisation,
    Programme,
    ProgrammeHost,
    ProgrammeRole,
    SpeakerInvitation,
    User,
    programme_organisers,
    utcnow,
)
from ..service_errors import Reason, ServiceError
from ..translation import gettext
from ..visibility import Person
from .organisation_names import near_duplicate_warning
from .services import OrganiseError, find_or_create_organisation

INVITATION_LIFETIME = timedelta(days=14)

InvitationT = TypeVar("InvitationT")
INVITATION_SALT = "hls-events.invitation"


class InvitationProblem(ServiceError):
    """An invitation link that cannot be used, with a message for the person holding it."""

    default_reason = Reason.NOT_FOUND


class Standing(enum.Enum):
    """Where the person looking at an invitation stands towards it."""

    SIGNED_OUT = "signed_out"
    CAN_ACCEPT = "can_accept"
    EMAIL_UNCONFIRMED = "email_unconfirmed"
    DIFFERENT_EMAIL = "different_email"
    ALREADY_ACCEPTED = "already_accepted"
    EXPIRED = "expired"
    # Only from accept_invitation: accepted by this very request.
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class People:
    organisers: list[User]
    hosts: list[ProgrammeHost]
    invitations: list[Invitation]


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def signed_token(salt: str, invitation_id: int) -> str:
    """The token an emailed invitation link of any kind carries (``load_invitation`` reads it)."""
    return _serializer(salt).dumps(invitation_id)


def invitation_token(invitation: Invitation) -> str:
    return signed_token(INVITATION_SALT, invitation.id)


def invitation_url(invitation: Invitation) -> str:
    return external_url("invitations.respond", token=invitation_token(invitation))


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names, or InvitationProblem saying why the link cannot be used."""
    return load_invitation(Invitation, token, INVITATION_SALT, INVITATION_LIFETIME)


def load_invitation(
    model: type[InvitationT], token: str, salt: str, lifetime: timedelta
) -> InvitationT:
    """Read an emailed invitation link of any kind, with one wording for what went wrong."""
    try:
        invitation_id = _serializer(salt).loads(token, max_age=int(lifetime.total_seconds()))
    except SignatureExpired as error:
        raise InvitationProblem(
            gettext(
                "This invitation has expired. Ask the organiser who invited you to send a new one."
            ),
            reason=Reason.GONE,
        ) from error
    except BadSignature as error:
        raise InvitationProblem(
            gettext(
                "This invitation link is not valid. Check that you used the whole link from the "
                "email, or ask the organiser who invited you to send a new one."
            )
        ) from error
    invitation = db.session.get(model, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None:
        raise InvitationProblem(
            gettext(
                "This invitation has been withdrawn. If you think that is a mistake, ask the "
                "organiser who invited you."
            )
        )
    return invitation


def is_expired(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.expires_at <= utcnow()


def standing(invitation: Invitation, user: Person) -> Standing:
    if invitation.accepted_at is not None:
        return Standing.ALREADY_ACCEPTED
    if is_expired(invitation):
        return Standing.EXPIRED
    if not isinstance(user, User) or not user.is_authenticated:
        return Standing.SIGNED_OUT
    if normalise_email(user.email) != normalise_email(invitation.email):
        return Standing.DIFFERENT_EMAIL
    if not user.email_confirmed:
        return Standing.EMAIL_UNCONFIRMED
    return Standing.CAN_ACCEPT


def people_of(programme: Programme) -> People:
    hosts = list(
        db.session.scalars(
            select(ProgrammeHost)
            .where(ProgrammeHost.programme_id == programme.id)
            .options(selectinload(ProgrammeHost.user), selectinload(ProgrammeHost.organisation))
        )
    )
    hosts.sort(key=lambda host: (host.organisation.name.lower(), host.user.name.lower()))
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.programme_id == programme.id, Invitation.accepted_at.is_(None))
            .options(selectinload(Invitation.organisation))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )
    organisers = sorted(programme.organisers, key=lambda user: user.name.lower())
    return People(organisers=organisers, hosts=hosts, invitations=invitations)


def _is_host(programme: Programme, user_id: int, organisation_id: int) -> bool:
    return (
        db.session.get(
            ProgrammeHost,
            {"programme_id": programme.id, "user_id": user_id, "organisation_id": organisation_id},
        )
        is not None
    )


def invite(
    programme: Programme,
    inviter: User,
    email: str,
    role: ProgrammeRole,
    organisation_id: int | None = None,
    new_organisation: str = "",
    new_organisation_is_different: bool = False,
) -> Invitation:
    """Invite someone by email to organise, or to host an organisation's events; queue the email."""
    email = normalise_email(email)
    organisation: Organisation | None = None
    if role == ProgrammeRole.HOST:
        if new_organisation.strip():
            if warning := near_duplicate_warning(new_organisation, new_organisation_is_different):
                raise OrganiseError(warning, "new_organisation")
            organisation = find_or_create_organisation(new_organisation)
        elif organisation_id:
            organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            raise OrganiseError(
                gettext("Choose the organisation whose events they will host, or type its name."),
                "organisation_id",
            )
    existing_user = db.session.scalar(select(User).where(User.email == email))
    if existing_user is not None:
        if role == ProgrammeRole.ORGANISER and existing_user in programme.organisers:
            raise OrganiseError(gettext("They already organise this programme."), "email")
        if (
            role == ProgrammeRole.HOST
            and organisation is not None
            and _is_host(programme, existing_user.id, organisation.id)
        ):
            raise OrganiseError(
                gettext(
                    "They already host the events of %(organisation)s in this programme.",
                    organisation=organisation.name,
                ),
                "email",
            )
    same_organisation = (
        Invitation.organisation_id == organisation.id
        if organisation is not None
        else Invitation.organisation_id.is_(None)
    )
    pending = db.session.scalar(
        select(Invitation.id)
        .where(
            Invitation.programme_id == programme.id,
            Invitation.email == email,
            Invitation.role == role,
            same_organisation,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .limit(1)
    )
    if pending is not None:
        raise OrganiseError(
            gettext(
                "They already have an invitation waiting for this. Withdraw it first to send a new one."
            ),
            "email",
        )
    now = utcnow()
    invitation = Invitation(
        programme=programme,
        email=email,
        role=role,
        organisation=organisation,
        invited_by_id=inviter.id,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    queue_email(
        Recipient.of(existing_user) if existing_user is not None else email,
        "invitation",
        {
            "programme": programme,
            "inviter": inviter,
            "invitation": invitation,
            "organisation": organisation,
            "role": role.value,
            "url": invitation_url(invitation),
            "expires_on": (invitation.expires_at.astimezone(programme.zone)).date(),
        },
        key=_email_key(invitation),
    )
    db.session.commit()
    return invitation


def _email_key(invitation: Invitation) -> str:
    return f"invitation:{invitation.id}"


def find_invitation(programme: Programme, invitation_id: int) -> Invitation | None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.programme_id != programme.id:
        return None
    return invitation


def withdraw_invitation(invitation: Invitation) -> None:
    """Delete a pending invitation, so its link stops working, and any unsent email about it."""
    if invitation.accepted_at is not None:
        raise OrganiseError(gettext("That invitation has already been accepted."))
    cancel_pending(_email_key(invitation))
    db.session.delete(invitation)
    db.session.commit()


def claim_invitation(
    model: type[Invitation] | type[SpeakerInvitation], invitation_id: int, user_id: int
) -> bool:
    """Mark an invitation of any kind accepted, once; False (and rolled back) if it already was.

    One conditional UPDATE decides, so two tabs or two servers cannot both accept.
    """
    # An UPDATE's result is a cursor's, which counts the rows it changed.
    claimed = cast(
        CursorResult[Any],
        db.session.execute(
            update(model)
            .where(model.id == invitation_id, model.accepted_at.is_(None))
            .values(accepted_at=utcnow(), accepted_by_id=user_id),
            execution_options={"synchronize_session": False},
        ),
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    return True


def accept_invitation(invitation: Invitation, user: User) -> Standing:
    """Give the invited role to the person, once. Returns ACCEPTED, or why nothing changed."""
    before = standing(invitation, user)
    if before != Standing.CAN_ACCEPT:
        return before
    if not claim_invitation(Invitation, invitation.id, user.id):
        return Standing.ALREADY_ACCEPTED
    programme = invitation.programme
    if invitation.role == ProgrammeRole.ORGANISER:
        if not _organises(programme, user.id):
            db.session.execute(
                programme_organisers.insert().values(programme_id=programme.id, user_id=user.id)
            )
    elif invitation.organisation_id is not None and not _is_host(
        programme, user.id, invitation.organisation_id
    ):
        db.session.add(
            ProgrammeHost(
                programme_id=programme.id,
                user_id=user.id,
                organisation_id=invitation.organisation_id,
            )
        )
    db.session.commit()
    db.session.expire_all()
    return Standing.ACCEPTED


def _organises(programme: Programme, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(programme_organisers.c.user_id).where(
                programme_organisers.c.programme_id == programme.id,
                programme_organisers.c.user_id == user_id,
            )
        )
        is not None
    )


def remove_organiser(programme: Programme, user_id: int) -> User:
    organiser = next((user for user in programme.organisers if user.id == user_id), None)
    if organiser is None:
        raise OrganiseError(gettext("They do not organise this programme."))
    if len(programme.organisers) == 1:
        raise OrganiseError(
            gettext("A programme needs at least one organiser. Invite another organiser first.")
        )
    programme.organisers.remove(organiser)
    db.session.commit()
    return organiser


def remove_host(programme: Programme, user_id: int, organisation_id: int) -> None:
    host = db.session.get(
        ProgrammeHost,
        {"programme_id": programme.id, "user_id": user_id, "organisation_id": organisation_id},
    )
    if host is None:
        raise OrganiseError(gettext("They do not host those events in this programme."))
    db.session.delete(host)
    db.session.commit()
