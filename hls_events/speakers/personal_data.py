"""The speakers area's part of the register of personal data (hls_events/personal_data.py).

A speaker profile is the organisers' public record of who spoke: when the person's account
is erased it stays on the programmes, no longer linked to them (the delete page says so),
with the write-ups that belong to it. Invitations addressed to them go.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..links import NoBaseAddress, external_url
from ..models import Speaker, SpeakerInvitation, User, WriteUp
from ..personal_data import Holding


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _photo_address(name: str) -> str:
    """The photo's address: absolute from BASE_URL, or the site's own path until it is set."""
    try:
        return external_url("speakers.photo", name=name)
    except NoBaseAddress:
        return current_app.url_map.bind("").build("speakers.photo", {"name": name})


def _profile(user: User) -> dict[str, Any] | None:
    speaker = db.session.scalar(
        select(Speaker)
        .where(Speaker.user_id == user.id)
        .options(selectinload(Speaker.organisation))
    )
    if speaker is None:
        return None
    write_ups = db.session.scalars(
        select(WriteUp)
        .where(WriteUp.speaker_id == speaker.id)
        .options(selectinload(WriteUp.event))
        .order_by(WriteUp.created_at)
    )
    return {
        "name": speaker.name,
        "pronouns": speaker.pronouns,
        "job_title": speaker.job_title,
        "organisation": speaker.organisation.name if speaker.organisation else None,
        "bio": speaker.bio,
        "links": speaker.links,
        "photo": _photo_address(speaker.photo_filename) if speaker.photo_filename else None,
        "photo_updated_at": _iso(speaker.photo_updated_at),
        "write_ups": [
            {
                "event": write_up.event.title,
                "title": write_up.title,
                "body": write_up.body,
                "slides_url": write_up.slides_url,
                "recording_url": write_up.recording_url,
                "status": str(write_up.status),
                "published_at": _iso(write_up.published_at),
            }
            for write_up in write_ups
        ],
    }


def _unlink_profile(user: User, _keep_published: bool) -> None:
    for speaker in db.session.scalars(select(Speaker).where(Speaker.user_id == user.id)):
        speaker.user_id = None


def _invitations(user: User) -> list[dict[str, Any]]:
    invitations = db.session.scalars(
        select(SpeakerInvitation)
        .where(
            (SpeakerInvitation.email == user.email) | (SpeakerInvitation.accepted_by_id == user.id)
        )
        .options(selectinload(SpeakerInvitation.event))
        .order_by(SpeakerInvitation.created_at)
    )
    return [
        {
            "event": invitation.event.title,
            "sent_at": _iso(invitation.created_at),
            "accepted_at": _iso(invitation.accepted_at),
        }
        for invitation in invitations
    ]


def _delete_invitations(user: User, _keep_published: bool) -> None:
    db.session.execute(
        delete(SpeakerInvitation)
        .where(
            (SpeakerInvitation.email == user.email) | (SpeakerInvitation.accepted_by_id == user.id)
        )
        .execution_options(synchronize_session=False)
    )


HOLDINGS = (
    Holding(
        "speakers",
        "user_id",
        "speaker_profile",
        "kept on the programmes as the organisers' record of who spoke, no longer linked",
        export=_profile,
        erase=_unlink_profile,
    ),
    Holding(
        "speaker_invitations",
        "email",
        "speaker_invitations",
        "those addressed to the person deleted",
        export=_invitations,
        erase=_delete_invitations,
    ),
    Holding(
        "speaker_invitations",
        "accepted_by_id",
        "speaker_invitations",
        "deleted, as those addressed to the person",
    ),
    Holding(
        "speaker_invitations",
        "invited_by_id",
        "speaker_invitations",
        "kept for the speaker invited, without who sent it",
    ),
)
