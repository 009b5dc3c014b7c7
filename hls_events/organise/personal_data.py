"""The organiser area's part of the register of personal data (hls_events/personal_data.py):
the programmes a person organises or hosts, invitations to them, and the activity log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Invitation, Programme, ProgrammeHost, User, programme_organisers
from ..models.desk_message import DeskMessage
from ..personal_data import Holding
from .activity import activities_by


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _organised(user: User) -> list[dict[str, Any]]:
    programmes = db.session.scalars(
        select(Programme)
        .join(programme_organisers, programme_organisers.c.programme_id == Programme.id)
        .where(programme_organisers.c.user_id == user.id)
        .order_by(Programme.starts_on)
    )
    return [{"programme": programme.title, "slug": programme.slug} for programme in programmes]


def _hosted(user: User) -> list[dict[str, Any]]:
    hosting = db.session.scalars(
        select(ProgrammeHost)
        .where(ProgrammeHost.user_id == user.id)
        .options(selectinload(ProgrammeHost.programme), selectinload(ProgrammeHost.organisation))
    )
    return [
        {"programme": host.programme.title, "organisation": host.organisation.name}
        for host in hosting
    ]


def _theirs(user: User) -> Any:
    return or_(Invitation.email == user.email, Invitation.accepted_by_id == user.id)


def _invitations(user: User) -> list[dict[str, Any]]:
    invitations = db.session.scalars(
        select(Invitation)
        .where(_theirs(user))
        .options(selectinload(Invitation.programme))
        .order_by(Invitation.created_at)
    )
    return [
        {
            "programme": invitation.programme.title,
            "role": str(invitation.role),
            "sent_at": _iso(invitation.created_at),
            "accepted_at": _iso(invitation.accepted_at),
        }
        for invitation in invitations
    ]


def _delete_invitations(user: User, _keep_published: bool) -> None:
    db.session.execute(
        delete(Invitation).where(_theirs(user)).execution_options(synchronize_session=False)
    )


def _activity(user: User) -> list[dict[str, str]]:
    return activities_by(user)


def _messages_sent(user: User) -> list[dict[str, Any]]:
    messages = db.session.scalars(
        select(DeskMessage).where(DeskMessage.sender_id == user.id).order_by(DeskMessage.id)
    )
    return [
        {
            "sent_at": _iso(message.created_at),
            "audience": message.audience,
            "subject": message.subject,
            "body": message.body,
            "recipients": message.recipients,
        }
        for message in messages
    ]


def _forget_sender(user: User, _keep_published: bool) -> None:
    db.session.execute(
        update(DeskMessage)
        .where(DeskMessage.sender_id == user.id)
        .values(sender_name="")
        .execution_options(synchronize_session=False)
    )


HOLDINGS = (
    Holding(
        "programme_organisers",
        "user_id",
        "programmes_organised",
        "deleted with the account",
        export=_organised,
    ),
    Holding(
        "programme_hosts",
        "user_id",
        "programmes_hosted",
        "deleted with the account",
        export=_hosted,
    ),
    Holding(
        "invitations",
        "email",
        "invitations",
        "those addressed to the person deleted",
        export=_invitations,
        erase=_delete_invitations,
    ),
    Holding(
        "invitations",
        "accepted_by_id",
        "invitations",
        "deleted, as those addressed to the person",
    ),
    Holding(
        "invitations",
        "invited_by_id",
        "invitations",
        "kept for the person invited, without who sent it",
    ),
    Holding(
        "activities",
        "actor_id",
        "programme_activity",
        "kept as the programme's log, without who did it (summaries name nobody)",
        export=_activity,
    ),
    Holding(
        "desk_messages",
        "sender_id",
        "messages_sent",
        "kept in the programme's list of messages sent, without who sent them",
        export=_messages_sent,
        erase=_forget_sender,
    ),
)
