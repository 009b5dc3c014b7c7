"""What the app holds about one person: the download of it, and erasing it when they delete
their account. Each use case works in one transaction and commits once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select

from ..api.tokens import api_token_data
from ..domain_events import PlacesReleased, announce
from ..extensions import db
from ..models import (
    ConsentRecord,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Programme,
    ProgrammeHost,
    Speaker,
    User,
    programme_organisers,
    utcnow,
)
from ..organise.activity import activities_by
from ..reflections.personal_data import personal_data as reflection_data
from ..reflections.personal_data import settle_reflections_of
from ..registrations.personal_data import personal_data as registration_data
from ..registrations.personal_data import withdraw_registrations_of
from .services import get_user


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _messages_to(email: str) -> Any:
    return or_(OutboxMessage.to_address == email, OutboxMessage.to_address.endswith(f"<{email}>"))


# Secrets are left out of the download: they are not about the person, and the file may travel.
_NOT_EXPORTED = {"id", "password_hash", "calendar_token"}


def _account_fields(user: User) -> dict[str, Any]:
    """Every column of the account, so that a column added later is exported without asking."""
    fields: dict[str, Any] = {}
    for column in User.__table__.columns:
        if column.key in _NOT_EXPORTED:
            continue
        value = getattr(user, column.key)
        fields[column.key] = _iso(value) if isinstance(value, datetime) else value
    fields["has_password"] = user.password_hash is not None
    return fields


def export_personal_data(user_id: int) -> dict[str, Any]:
    """Everything the app holds about a person, as plain JSON-ready values."""
    user = get_user(user_id)
    speaker = db.session.scalar(select(Speaker).where(Speaker.user_id == user.id))
    organised = db.session.scalars(
        select(Programme)
        .join(programme_organisers, programme_organisers.c.programme_id == Programme.id)
        .where(programme_organisers.c.user_id == user.id)
        .order_by(Programme.starts_on)
    )
    hosting = db.session.scalars(select(ProgrammeHost).where(ProgrammeHost.user_id == user.id))
    invitations = db.session.scalars(
        select(Invitation)
        .where(or_(Invitation.email == user.email, Invitation.accepted_by_id == user.id))
        .order_by(Invitation.created_at)
    )
    consents = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    emails = db.session.scalars(
        select(OutboxMessage).where(_messages_to(user.email)).order_by(OutboxMessage.created_at)
    )
    return {
        "exported_at": utcnow().isoformat(),
        "account": _account_fields(user),
        "consents": [
            {
                "purpose": record.purpose,
                "wording": record.wording,
                "given": record.given,
                "recorded_at": _iso(record.recorded_at),
            }
            for record in consents
        ],
        "speaker_profile": None
        if speaker is None
        else {
            "name": speaker.name,
            "pronouns": speaker.pronouns,
            "job_title": speaker.job_title,
            "organisation": speaker.organisation.name if speaker.organisation else None,
            "bio": speaker.bio,
        },
        "registrations": registration_data(user.id),
        "reflections": reflection_data(user.id),
        "api_tokens": api_token_data(user.id),
        "programme_activity": activities_by(user),
        "programmes_organised": [
            {"programme": programme.title, "slug": programme.slug} for programme in organised
        ],
        "programmes_hosted": [
            {"programme": host.programme.title, "organisation": host.organisation.name}
            for host in hosting
        ],
        "invitations": [
            {
                "programme": invitation.programme.title,
                "role": str(invitation.role),
                "sent_at": _iso(invitation.created_at),
                "accepted_at": _iso(invitation.accepted_at),
            }
            for invitation in invitations
        ],
        # Subjects only: the bodies of sign-in emails held links that must not travel further.
        "emails": [
            {
                "subject": message.subject,
                "status": str(message.status),
                "queued_at": _iso(message.created_at),
                "sent_at": _iso(message.sent_at),
            }
            for message in emails
        ],
    }


def cancel_registrations_of(user: User) -> None:
    """Cancel every registration the person holds, freeing places for the waiting lists."""
    announce(PlacesReleased(withdraw_registrations_of(user.id)))


def settle_published_content(user: User, *, keep_anonymously: bool) -> None:
    """Keep what the person published, without their name, or remove it, as they chose.

    The speaker profile is the organisers' record of who spoke, so it is kept and only unlinked.
    """
    settle_reflections_of(user.id, keep_anonymously=keep_anonymously)
    for speaker in db.session.scalars(select(Speaker).where(Speaker.user_id == user.id)):
        speaker.user_id = None


def delete_account(user_id: int, *, keep_published_anonymously: bool) -> None:
    """Erase a person: registrations cancelled, published content settled, private data gone."""
    user = get_user(user_id)
    cancel_registrations_of(user)
    settle_published_content(user, keep_anonymously=keep_published_anonymously)
    # Emails to them, sent or waiting, hold their address and name. A message a worker is
    # sending at this moment is left to finish rather than pulled from under it.
    db.session.execute(
        delete(OutboxMessage)
        .where(_messages_to(user.email), OutboxMessage.status != OutboxStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    # Consents, organiser and host roles go with the account (ON DELETE CASCADE); invitations
    # and site pages they touched keep their own record without them (ON DELETE SET NULL).
    db.session.delete(user)
    db.session.commit()
