"""Speaker use cases: profiles and photos, invitations to speak, the portal, public pages.

Each use case takes plain values, works in one transaction and commits once. Photo files are
written before the commit and the replaced one removed after it, so a failed save leaves the
profile pointing at a file that exists. Read-only queries cost a fixed number of statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.services import normalise_email
from ..extensions import db
from ..mail.services import cancel_pending, queue_email
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    Registration,
    RegistrationStatus,
    Speaker,
    SpeakerInvitation,
    SpeakerRole,
    User,
    utcnow,
)
from ..organise.people import Standing, claim_invitation, load_invitation
from ..organise.permissions import PUBLIC_EVENT_STATUSES, is_organiser_of
from ..organise.services import find_or_create_organisation
from ..slugs import unique_slug
from . import photos

SPEAKER_INVITATION_LIFETIME = timedelta(days=30)
SPEAKER_INVITATION_SALT = "hls-events.speaker-invitation"
MAX_LINKS = 5
SPEAKERS_PER_PAGE = 48
NOT_SCHEDULED = datetime.max.replace(tzinfo=UTC)


class SpeakerError(ValueError):
    """A request that cannot be carried out, with a message and the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class ProfileDetails:
    name: str
    pronouns: str
    job_title: str
    organisation_name: str
    bio: str
    links: list[str]


# --- Settings and photos -------------------------------------------------------------------


def photo_folder() -> Path:
    return Path(current_app.config["SPEAKER_PHOTO_FOLDER"])


def photo_url(speaker: Speaker) -> str | None:
    if not speaker.photo_filename:
        return None
    return url_for("speakers.photo", name=speaker.photo_filename)


def speaker_by_photo(name: str) -> Speaker | None:
    if not photos.is_photo_name(name):
        return None
    return db.session.scalar(select(Speaker).where(Speaker.photo_filename == name))


# --- Profiles ------------------------------------------------------------------------------


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


def speaker_of_user(user_id: int) -> Speaker | None:
    return db.session.scalar(
        select(Speaker)
        .where(Speaker.user_id == user_id)
        .options(selectinload(Speaker.organisation))
    )


def clean_links(lines: list[str]) -> list[str]:
    """Each link as typed, blank lines dropped; SpeakerError unless each is an http(s) address."""
    links = [line.strip() for line in lines if line.strip()]
    if len(links) > MAX_LINKS:
        raise SpeakerError(f"Add at most {MAX_LINKS} links.", "links")
    for link in links:
        scheme, _, rest = link.partition("://")
        if scheme.lower() not in ("http", "https") or not rest or " " in link or len(link) > 500:
            raise SpeakerError(
                f"“{link[:80]}” is not a web address. Start each link with https://", "links"
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
        raise SpeakerError("This speaker has an account and keeps their own profile.")
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


# --- Invitations to speak -----------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SPEAKER_INVITATION_SALT)


def invitation_token(invitation: SpeakerInvitation) -> str:
    return _serializer().dumps(invitation.id)


def invitation_url(invitation: SpeakerInvitation) -> str:
    return url_for("speakers.invitation", token=invitation_token(invitation), _external=True)


def invitation_email_key(invitation: SpeakerInvitation) -> str:
    return f"speaker-invitation:{invitation.id}"


def invitation_from_token(token: str) -> SpeakerInvitation:
    return load_invitation(
        SpeakerInvitation, token, SPEAKER_INVITATION_SALT, SPEAKER_INVITATION_LIFETIME
    )


def invitation_standing(invitation: SpeakerInvitation, user: Any) -> Standing:
    if invitation.accepted_at is not None:
        return Standing.ALREADY_ACCEPTED
    if invitation.expires_at <= utcnow():
        return Standing.EXPIRED
    if not getattr(user, "is_authenticated", False):
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
) -> SpeakerInvitation:
    """Put someone on an event as a speaker and queue their invitation; no commit.

    Someone whose account already has a profile appears with it at once; otherwise a new
    profile is made from the name and organisation given, for them to claim and complete.
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
        raise SpeakerError("They have already been invited to speak at this event.", "email")
    user = db.session.scalar(select(User).where(User.email == email))
    speaker = speaker_of_user(user.id) if user is not None else None
    if speaker is not None and any(role.speaker_id == speaker.id for role in event.speaker_roles):
        raise SpeakerError("They already speak at this event.", "email")
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


def event_speaker(event: Event, speaker_id: int) -> EventSpeaker | None:
    return db.session.get(EventSpeaker, {"event_id": event.id, "speaker_id": speaker_id})


def remove_speaker(event: Event, speaker_id: int) -> Speaker:
    """Take a speaker off an event, withdrawing any invitation for it still waiting."""
    role = event_speaker(event, speaker_id)
    if role is None:
        raise SpeakerError("They do not speak at this event.")
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


def pending_invitations_for_event(event: Event) -> dict[int, SpeakerInvitation]:
    """The waiting invitation of each speaker on the event, by speaker id."""
    rows = db.session.scalars(
        select(SpeakerInvitation).where(
            SpeakerInvitation.event_id == event.id, SpeakerInvitation.accepted_at.is_(None)
        )
    )
    return {invitation.speaker_id: invitation for invitation in rows}


# --- The speaker portal -------------------------------------------------------------------


@dataclass
class PortalEvent:
    role: EventSpeaker
    event: Event
    sessions: list[EventSession]
    places_held: int
    waiting: int


@dataclass
class Portal:
    speaker: Speaker | None
    events: list[PortalEvent] = field(default_factory=list)
    invitations: list[SpeakerInvitation] = field(default_factory=list)


def registration_counts(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(places held, on the waiting list) per event, in one query."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, Registration.status, func.count())
        .where(Registration.event_id.in_(event_ids))
        .group_by(Registration.event_id, Registration.status)
    )
    counts: dict[int, list[int]] = {event_id: [0, 0] for event_id in event_ids}
    for event_id, status, number in rows:
        if status in PLACE_HOLDING_STATUSES:
            counts[event_id][0] += number
        elif status == RegistrationStatus.WAITLISTED:
            counts[event_id][1] += number
    return {event_id: (held, waiting) for event_id, (held, waiting) in counts.items()}


def portal(user: User) -> Portal:
    speaker = speaker_of_user(user.id)
    invitations = list(
        db.session.scalars(
            select(SpeakerInvitation)
            .where(
                SpeakerInvitation.email == normalise_email(user.email),
                SpeakerInvitation.accepted_at.is_(None),
                SpeakerInvitation.expires_at > utcnow(),
            )
            .options(
                selectinload(SpeakerInvitation.event).selectinload(Event.programme),
            )
            .order_by(SpeakerInvitation.created_at)
        )
    )
    if speaker is None:
        return Portal(None, [], invitations)
    roles = list(
        db.session.scalars(
            select(EventSpeaker)
            .join(Event, Event.id == EventSpeaker.event_id)
            .where(EventSpeaker.speaker_id == speaker.id)
            .options(
                selectinload(EventSpeaker.event).selectinload(Event.programme),
                selectinload(EventSpeaker.event).selectinload(Event.sessions),
            )
        )
    )
    counts = registration_counts([role.event_id for role in roles])

    def soonest_first(role: EventSpeaker) -> tuple[datetime, str]:
        # Events by their first session; those still to be scheduled last.
        starts = [session.starts_at for session in role.event.sessions]
        return (min(starts) if starts else NOT_SCHEDULED, role.event.title.lower())

    roles.sort(key=soonest_first)
    events = [
        PortalEvent(
            role=role,
            event=role.event,
            sessions=list(role.event.sessions),
            places_held=counts.get(role.event_id, (0, 0))[0],
            waiting=counts.get(role.event_id, (0, 0))[1],
        )
        for role in roles
    ]
    return Portal(speaker, events, invitations)


# --- Public and organiser lists -----------------------------------------------------------


def visible_event_statuses(programme: Programme, viewer: Any) -> list[Any]:
    """Organisers see the speakers of every event; everyone else those of public events."""
    if is_organiser_of(viewer, programme):
        return list(EventStatus)
    return list(PUBLIC_EVENT_STATUSES)


@dataclass
class SpeakerListing:
    speaker: Speaker
    events: list[Event]


@dataclass
class SpeakersPage:
    items: list[SpeakerListing]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _events_by_speaker(
    programme: Programme, speaker_ids: list[int], statuses: list[Any]
) -> dict[int, list[Event]]:
    if not speaker_ids:
        return {}
    rows = db.session.execute(
        select(EventSpeaker.speaker_id, Event)
        .join(Event, Event.id == EventSpeaker.event_id)
        .where(
            EventSpeaker.speaker_id.in_(speaker_ids),
            Event.programme_id == programme.id,
            Event.status.in_(statuses),
        )
        .options(selectinload(Event.sessions))
        .order_by(Event.title)
    )
    events: dict[int, list[Event]] = {speaker_id: [] for speaker_id in speaker_ids}
    for speaker_id, event in rows:
        event.programme = programme
        events[speaker_id].append(event)
    return events


def _speakers_in(programme: Programme, statuses: list[Any]):
    return (
        select(EventSpeaker.speaker_id)
        .join(Event, Event.id == EventSpeaker.event_id)
        .where(Event.programme_id == programme.id, Event.status.in_(statuses))
    )


def programme_speakers(programme: Programme, viewer: Any, page: int) -> SpeakersPage:
    """One page of the programme's speakers, by name, each with their events in it."""
    statuses = visible_event_statuses(programme, viewer)
    in_programme = Speaker.id.in_(_speakers_in(programme, statuses))
    total = db.session.scalar(select(func.count()).select_from(Speaker).where(in_programme)) or 0
    pages = max((total + SPEAKERS_PER_PAGE - 1) // SPEAKERS_PER_PAGE, 1)
    page = min(max(page, 1), pages)
    speakers = list(
        db.session.scalars(
            select(Speaker)
            .where(in_programme)
            .options(selectinload(Speaker.organisation))
            .order_by(func.lower(Speaker.name), Speaker.id)
            .offset((page - 1) * SPEAKERS_PER_PAGE)
            .limit(SPEAKERS_PER_PAGE)
        )
    )
    events = _events_by_speaker(programme, [s.id for s in speakers], statuses)
    return SpeakersPage(
        items=[SpeakerListing(s, events.get(s.id, [])) for s in speakers],
        page=page,
        pages=pages,
        total=total,
    )


def programme_speaker(programme: Programme, slug: str, viewer: Any) -> SpeakerListing | None:
    """A speaker's profile in a programme, if they speak at an event the viewer can see."""
    speaker = db.session.scalar(
        select(Speaker).where(Speaker.slug == slug).options(selectinload(Speaker.organisation))
    )
    if speaker is None:
        return None
    statuses = visible_event_statuses(programme, viewer)
    events = _events_by_speaker(programme, [speaker.id], statuses)[speaker.id]
    if not events:
        return None
    return SpeakerListing(speaker, events)


@dataclass
class OrganiserSpeakerRow:
    speaker: Speaker
    events: list[Event]
    has_account: bool


def speakers_for_organisers(programme: Programme) -> list[OrganiserSpeakerRow]:
    """Every speaker on any event of the programme, drafts included."""
    statuses = list(EventStatus)
    speakers = list(
        db.session.scalars(
            select(Speaker)
            .where(Speaker.id.in_(_speakers_in(programme, statuses)))
            .options(selectinload(Speaker.organisation))
            .order_by(func.lower(Speaker.name), Speaker.id)
        )
    )
    events = _events_by_speaker(programme, [s.id for s in speakers], statuses)
    return [OrganiserSpeakerRow(s, events.get(s.id, []), s.user_id is not None) for s in speakers]


def speaker_in_programme(programme: Programme, slug: str) -> Speaker | None:
    """A speaker on any event of the programme (for its organisers)."""
    return db.session.scalar(
        select(Speaker)
        .where(
            Speaker.slug == slug,
            Speaker.id.in_(
                select(EventSpeaker.speaker_id)
                .join(Event, Event.id == EventSpeaker.event_id)
                .where(Event.programme_id == programme.id)
            ),
        )
        .options(selectinload(Speaker.organisation))
    )
