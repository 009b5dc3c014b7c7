"""Speaker profiles and their photos: the person's own, and those organisers keep for speakers
who have no account yet.

Each use case takes plain values, works in one transaction and commits once. Photo files are
written before the commit and the replaced one removed after it, so a failed save leaves the
profile pointing at a file that exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Speaker, User, utcnow
from ..organise.services import find_or_create_organisation
from ..service_errors import Reason
from ..slugs import unique_slug
from ..translation import gettext
from . import photos
from .errors import SpeakerError
from .queries import speaker_of_user

MAX_LINKS = 5


@dataclass
class ProfileDetails:
    name: str
    pronouns: str
    job_title: str
    organisation_name: str
    bio: str
    links: list[str]


def photo_folder() -> Path:
    return Path(current_app.config["SPEAKER_PHOTO_FOLDER"])


def _slug_taken(candidate: str) -> bool:
    return (
        db.session.scalar(select(Speaker.id).where(Speaker.slug == candidate).limit(1)) is not None
    )


def new_speaker(name: str, organisation_name: str = "", user_id: int | None = None) -> Speaker:
    """A profile added to the current transaction (not committed)."""
    speaker = Speaker(
        slug=unique_slug(name, _slug_taken),
        name=name.strip(),
        pronouns="",
        job_title="",
        bio="",
        links_text="",
        user_id=user_id,
    )
    if organisation_name.strip():
        speaker.organisation = find_or_create_organisation(organisation_name)
    db.session.add(speaker)
    db.session.flush()
    return speaker


def clean_links(lines: list[str]) -> list[str]:
    """Each link as typed, blank lines dropped; SpeakerError unless each is an http(s) address."""
    links = [line.strip() for line in lines if line.strip()]
    if len(links) > MAX_LINKS:
        raise SpeakerError(gettext("Add at most %(count)s links.", count=MAX_LINKS), "links")
    for link in links:
        scheme, _, rest = link.partition("://")
        if scheme.lower() not in ("http", "https") or not rest or " " in link or len(link) > 500:
            raise SpeakerError(
                gettext(
                    "“%(link)s” is not a web address. Start each link with https://",
                    link=link[:80],
                ),
                "links",
            )
    return links


def _processed_photo(photo: bytes | None) -> bytes | None:
    if photo is None:
        return None
    try:
        return photos.process_photo(photo)
    except photos.PhotoError as error:
        raise SpeakerError(str(error), "photo") from error


def _save(
    speaker: Speaker,
    details: ProfileDetails,
    links: list[str],
    processed: bytes | None,
    remove_photo: bool,
) -> None:
    """Apply checked details and a processed photo, commit, then remove the replaced file."""
    folder = photo_folder()
    old_photo = speaker.photo_filename
    new_photo = photos.store_photo(folder, processed) if processed is not None else None
    try:
        speaker.name = details.name.strip()
        speaker.pronouns = details.pronouns.strip()
        speaker.job_title = details.job_title.strip()
        speaker.bio = details.bio.strip()
        speaker.links_text = "\n".join(links)
        organisation_name = details.organisation_name.strip()
        speaker.organisation = (
            find_or_create_organisation(organisation_name) if organisation_name else None
        )
        if new_photo is not None:
            speaker.photo_filename = new_photo
            speaker.photo_updated_at = utcnow()
        elif remove_photo:
            speaker.photo_filename = None
            speaker.photo_updated_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        photos.delete_photo(folder, new_photo)
        raise
    if old_photo and old_photo != speaker.photo_filename:
        photos.delete_photo(folder, old_photo)


def save_own_profile(
    user: User, details: ProfileDetails, photo: bytes | None = None, remove_photo: bool = False
) -> Speaker:
    """The person's own profile, made on first save."""
    links = clean_links(details.links)
    processed = _processed_photo(photo)
    speaker = speaker_of_user(user.id)
    if speaker is None:
        speaker = new_speaker(details.name or user.name, user_id=user.id)
    _save(speaker, details, links, processed, remove_photo)
    return speaker


def save_profile(
    speaker: Speaker,
    details: ProfileDetails,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> None:
    """An organiser's edit of a profile nobody has claimed yet."""
    if speaker.user_id is not None:
        raise SpeakerError(
            gettext("This speaker has an account and keeps their own profile."),
            reason=Reason.FORBIDDEN,
        )
    _save(speaker, details, clean_links(details.links), _processed_photo(photo), remove_photo)


def profile_details_of(speaker: Speaker | None, user: User | None = None) -> ProfileDetails:
    if speaker is None:
        return ProfileDetails(user.name if user else "", "", "", "", "", [])
    return ProfileDetails(
        name=speaker.name,
        pronouns=speaker.pronouns,
        job_title=speaker.job_title,
        organisation_name=speaker.organisation.name if speaker.organisation else "",
        bio=speaker.bio,
        links=speaker.links,
    )
