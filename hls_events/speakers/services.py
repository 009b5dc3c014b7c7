"""Who speaks at an event: invitations to speak, accepting them, and taking speakers off.

Each use case takes plain values, works in one transaction and commits once (``add_invited_speaker``
is the exception: other areas call it inside their own transaction).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..accounts.services import normalise_email
from ..extensions import db
from ..links import external_url
from ..mail.services import cancel_pending, queue_email
from ..models import (
    Event,
    EventSpeaker,
    Speaker,
    SpeakerInvitation,
    SpeakerRole,
    User,
    utcnow,
)
from ..organise.people import Standing, claim_invitation, load_invitation, signed_token
from ..translation import gettext
from ..visibility import Person
from . import photos
from .errors import SpeakerError
from .profiles import new_speaker, photo_folder
from .queries import event_speaker, speaker_of_user

__all__ = ["SpeakerError", "add_invited_speaker", "invitation_token", "invite_speaker"]

SPEAKER_INVITATION_LIFETIME = timedelta(days=30)
SPEAKER_INVITATION_SALT = "hls-events.speaker-invitation"


def invitation_token(invitation: SpeakerInvitation) -> str:
    return signed_token(SPEAKER_INVITATION_SALT, invitation.id)


def invitation_url(invitation: SpeakerInvitation) -> str:
    return external_url("speakers.invitation", token=invitation_token(invitation))


def invitation_email_key(invitation: SpeakerInvitation) -> str:
    return f"speaker-invitation:{invitation.id}"


def invitation_from_token(token: str) -> SpeakerInvitation:
    return load_invitation(
        SpeakerInvitation, token, SPEAKER_INVITATION_SALT, SPEAKER_INVITATION_LIFETIME
    )


def invitation_standing(invitation: SpeakerInvitation, user: Person) -> Standing:
    if invitation.accepted_at is not None:
        return Standing.ALREADY_ACCEPTED
    if invitation.expires_at <= utcnow():
        return Standing.EXPIRED
    if not isinstance(user, User) or not user.is_authenticated:
        return Standing.SIGNED_OUT
    if normalise_email(user.email) != normalise_email(invitation.email):
        return Standing.DIFFERENT_EMAIL
    if not user.email_confirmed:
        return Standing.EMAIL_UNCONFIRMED
    return Standing.CAN_ACCEPT


def add_invited_speaker(
    event: Event,
    inviter: User | None,
    name: str,
    email: str,
    organisation_name: str = "",
    role: SpeakerRole = SpeakerRole.SPEAKER,
    brief: str = "",
    speaker: Speaker | None = None,
) -> SpeakerInvitation:
    """Put someone on an event as a speaker and queue their invitation; no commit.

    Someone whose account already has a profile appears with it at once; otherwise a new
    profile is made from the name and organisation given, for them to claim and complete.
    A ``speaker`` given (a copied programme's speaker, invited again) keeps their profile.
    """
    email = normalise_email(email)
    pending = db.session.scalar(
        select(SpeakerInvitation.id)
        .where(
            SpeakerInvitation.event_id == event.id,
            SpeakerInvitation.email == email,
            SpeakerInvitation.accepted_at.is_(None),
            SpeakerInvitation.expires_at > utcnow(),
        )
        .limit(1)
    )
    if pending is not None:
        raise SpeakerError(
            gettext("They have already been invited to speak at this event."), "email"
        )
    if speaker is None:
        user = db.session.scalar(select(User).where(User.email == email))
        speaker = speaker_of_user(user.id) if user is not None else None
    if speaker is not None and any(role.speaker_id == speaker.id for role in event.speaker_roles):
        raise SpeakerError(gettext("They already speak at this event."), "email")
    if speaker is None:
        speaker = new_speaker(name, organisation_name)
    position = max((r.position for r in event.speaker_roles), default=-1) + 1
    event.speaker_roles.append(
        EventSpeaker(speaker=speaker, role=role, position=position, brief=brief.strip())
    )
    now = utcnow()
    invitation = SpeakerInvitation(
        speaker=speaker,
        event=event,
        email=email,
        invited_by_id=inviter.id if inviter is not None else None,
        created_at=now,
        expires_at=now + SPEAKER_INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    programme = event.programme
    queue_email(
        email,
        "speaker_invitation",
        {
            "name": name.strip() or speaker.name,
            "inviter": inviter,
            "event": event,
            "programme": programme,
            "role": role,
            "brief": brief.strip(),
            "url": invitation_url(invitation),
            "expires_on": invitation.expires_at.astimezone(programme.zone).date(),
        },
        key=invitation_email_key(invitation),
    )
    return invitation


def invite_speaker(
    event: Event,
    inviter: User,
    name: str,
    email: str,
    organisation_name: str = "",
    role: SpeakerRole = SpeakerRole.SPEAKER,
    brief: str = "",
) -> SpeakerInvitation:
    invitation = add_invited_speaker(event, inviter, name, email, organisation_name, role, brief)
    db.session.commit()
    return invitation


def accept_speaker_invitation(invitation: SpeakerInvitation, user: User) -> Standing:
    """Link the invited profile to the person, once. Returns ACCEPTED, or why nothing changed.

    If the person already has a profile of their own, it takes the invited one's place on the
    event, and the invited one is removed once nothing else needs it.
    """
    before = invitation_standing(invitation, user)
    if before != Standing.CAN_ACCEPT:
        return before
    if not claim_invitation(SpeakerInvitation, invitation.id, user.id):
        return Standing.ALREADY_ACCEPTED
    invited = invitation.speaker
    own = speaker_of_user(user.id)
    removed_photo: str | None = None
    if own is None and invited.user_id is None:
        invited.user_id = user.id
    elif own is None or own.id != invited.id:
        if own is None:
            own = new_speaker(user.name, user_id=user.id)
        role = db.session.get(
            EventSpeaker, {"event_id": invitation.event_id, "speaker_id": invited.id}
        )
        already = db.session.get(
            EventSpeaker, {"event_id": invitation.event_id, "speaker_id": own.id}
        )
        if role is not None:
            if already is None:
                db.session.add(
                    EventSpeaker(
                        event_id=role.event_id,
                        speaker_id=own.id,
                        role=role.role,
                        position=role.position,
                        brief=role.brief,
                    )
                )
            db.session.delete(role)
        db.session.flush()
        invitation.speaker_id = own.id
        if invited.user_id is None and _unneeded(invited):
            removed_photo = invited.photo_filename
            db.session.delete(invited)
    db.session.commit()
    db.session.expire_all()
    photos.delete_photo(photo_folder(), removed_photo)
    return Standing.ACCEPTED


def _unneeded(speaker: Speaker) -> bool:
    """A profile nobody claimed that is on no event and awaits no invitation."""
    on_events = db.session.scalar(
        select(func.count()).select_from(EventSpeaker).where(EventSpeaker.speaker_id == speaker.id)
    )
    waiting = db.session.scalar(
        select(func.count())
        .select_from(SpeakerInvitation)
        .where(SpeakerInvitation.speaker_id == speaker.id, SpeakerInvitation.accepted_at.is_(None))
    )
    return not on_events and not waiting


def remove_speaker(event: Event, speaker_id: int) -> Speaker:
    """Take a speaker off an event, withdrawing any invitation for it still waiting."""
    role = event_speaker(event, speaker_id)
    if role is None:
        raise SpeakerError(gettext("They do not speak at this event."))
    speaker = role.speaker
    for invitation in db.session.scalars(
        select(SpeakerInvitation).where(
            SpeakerInvitation.event_id == event.id,
            SpeakerInvitation.speaker_id == speaker_id,
            SpeakerInvitation.accepted_at.is_(None),
        )
    ):
        cancel_pending(invitation_email_key(invitation))
        db.session.delete(invitation)
    db.session.delete(role)
    db.session.flush()
    removed_photo = None
    if speaker.user_id is None and _unneeded(speaker):
        removed_photo = speaker.photo_filename
        db.session.delete(speaker)
    db.session.commit()
    photos.delete_photo(photo_folder(), removed_photo)
    return speaker


def update_brief(role: EventSpeaker, speaker_role: SpeakerRole, brief: str) -> None:
    role.role = speaker_role
    role.brief = brief.strip()
    db.session.commit()
