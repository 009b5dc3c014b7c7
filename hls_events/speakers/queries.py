"""Reading speakers: profiles, the speaker portal, and the speakers of a programme.

Each read costs a fixed number of statements, whatever the data size. Which events a viewer
sees is hls_events/visibility.py's rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.services import normalise_email
from ..extensions import db
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventSession,
    EventSpeaker,
    Programme,
    Registration,
    RegistrationStatus,
    Speaker,
    SpeakerInvitation,
    User,
    utcnow,
)
from ..pagination import PageLinks, page_window
from ..visibility import Person, Viewer, shown_events_clause
from . import photos

SPEAKERS_PER_PAGE = 48
NOT_SCHEDULED = datetime.max.replace(tzinfo=UTC)


def speaker_by_photo(name: str) -> Speaker | None:
    if not photos.is_photo_name(name):
        return None
    return db.session.scalar(select(Speaker).where(Speaker.photo_filename == name))


def speaker_of_user(user_id: int) -> Speaker | None:
    return db.session.scalar(
        select(Speaker)
        .where(Speaker.user_id == user_id)
        .options(selectinload(Speaker.organisation))
    )


def event_speaker(event: Event, speaker_id: int) -> EventSpeaker | None:
    return db.session.get(EventSpeaker, {"event_id": event.id, "speaker_id": speaker_id})


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


@dataclass
class SpeakerListing:
    speaker: Speaker
    events: list[Event]


@dataclass
class SpeakersPage(PageLinks):
    items: list[SpeakerListing]
    page: int
    pages: int
    total: int


def _events_by_speaker(
    programme: Programme, speaker_ids: list[int], shown: ColumnElement[bool]
) -> dict[int, list[Event]]:
    if not speaker_ids:
        return {}
    rows = db.session.execute(
        select(EventSpeaker.speaker_id, Event)
        .join(Event, Event.id == EventSpeaker.event_id)
        .where(
            EventSpeaker.speaker_id.in_(speaker_ids),
            Event.programme_id == programme.id,
            shown,
        )
        .options(selectinload(Event.sessions))
        .order_by(Event.title)
    )
    events: dict[int, list[Event]] = {speaker_id: [] for speaker_id in speaker_ids}
    for speaker_id, event in rows:
        # Already its programme: set without history or the backref to programme.events,
        # which would cost a list operation per event (most of a large day's build).
        set_committed_value(event, "programme", programme)
        events[speaker_id].append(event)
    return events


def _speakers_in(programme: Programme, shown: ColumnElement[bool]) -> Select[int]:
    return (
        select(EventSpeaker.speaker_id)
        .join(Event, Event.id == EventSpeaker.event_id)
        .where(Event.programme_id == programme.id, shown)
    )


def programme_speakers(programme: Programme, viewer: Person, page: int) -> SpeakersPage:
    """One page of the programme's speakers, by name, each with their events the viewer sees
    on the public pages (organisers see drafts too)."""
    shown = shown_events_clause(Viewer.of(viewer))
    in_programme = Speaker.id.in_(_speakers_in(programme, shown))
    total = db.session.scalar(select(func.count()).select_from(Speaker).where(in_programme)) or 0
    window = page_window(total, page, SPEAKERS_PER_PAGE)
    speakers = list(
        db.session.scalars(
            window.of(
                select(Speaker)
                .where(in_programme)
                .options(selectinload(Speaker.organisation))
                .order_by(func.lower(Speaker.name), Speaker.id)
            )
        )
    )
    events = _events_by_speaker(programme, [s.id for s in speakers], shown)
    return SpeakersPage(
        items=[SpeakerListing(s, events.get(s.id, [])) for s in speakers],
        page=window.page,
        pages=window.pages,
        total=total,
    )


def programme_speaker(programme: Programme, slug: str, viewer: Person) -> SpeakerListing | None:
    """A speaker's profile in a programme, if they speak at an event the viewer can see."""
    speaker = db.session.scalar(
        select(Speaker).where(Speaker.slug == slug).options(selectinload(Speaker.organisation))
    )
    if speaker is None:
        return None
    shown = shown_events_clause(Viewer.of(viewer))
    events = _events_by_speaker(programme, [speaker.id], shown)[speaker.id]
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
    speakers = list(
        db.session.scalars(
            select(Speaker)
            .where(Speaker.id.in_(_speakers_in(programme, true())))
            .options(selectinload(Speaker.organisation))
            .order_by(func.lower(Speaker.name), Speaker.id)
        )
    )
    events = _events_by_speaker(programme, [s.id for s in speakers], true())
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
