"""Organiser use cases: each takes plain values, works in one transaction and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..bilingual import apply_welsh
from ..calendars.shown import ShownOfEvent, session_retitled
from ..domain_events import (
    EventCancelled,
    EventPublished,
    EventUnpublished,
    PlacesAdded,
    ProgrammePublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    announce,
)
from ..extensions import db
from ..localtime import to_utc
from ..models import (
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Organisation,
    Programme,
    ProgrammeHost,
    ProgrammeStatus,
    SessionStatus,
    Speaker,
    User,
)
from ..programmes.themes import find_or_create_themes
from ..registrations.availability import more_places
from ..service_errors import ServiceError
from ..slugs import unique_slug
from ..translation import gettext
from ..visibility import is_one_of, public_programme_clause
from .details import EventDetails, ProgrammeDetails, SessionDetails
from .organisation_names import near_duplicate_warning
from .permissions import (
    PUBLIC_EVENT_STATUSES,
    hosted_organisation_ids,
    is_organiser_of,
)


class OrganiseError(ServiceError):
    """A request that cannot be carried out, with a message for the organiser."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _exists(statement: Any) -> bool:
    return db.session.scalar(statement.limit(1)) is not None


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def programmes_organised_by(user: User) -> list[Programme]:
    """The programmes this person organises; for a site admin, every programme."""
    query = select(Programme).order_by(Programme.starts_on.desc(), Programme.title)
    if not user.is_admin:
        query = query.where(Programme.organisers.any(User.id == user.id))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class HostedProgramme:
    programme: Programme
    organisations: list[Organisation]


def programmes_hosted_by(user: User) -> list[HostedProgramme]:
    """The programmes in which this person hosts events, with the organisations they host for."""
    rows = db.session.execute(
        select(Programme, Organisation)
        .join(ProgrammeHost, ProgrammeHost.programme_id == Programme.id)
        .join(Organisation, Organisation.id == ProgrammeHost.organisation_id)
        .where(ProgrammeHost.user_id == user.id)
        .order_by(Programme.starts_on.desc(), Programme.title, Organisation.name)
    )
    hosted: dict[int, HostedProgramme] = {}
    for programme, organisation in rows:
        hosted.setdefault(programme.id, HostedProgramme(programme, [])).organisations.append(
            organisation
        )
    return list(hosted.values())


def events_managed_by(user: User, programme: Programme) -> list[Event]:
    """The events this person may open in the organiser area: all of them for an organiser,
    their organisations' for a host."""
    query = (
        select(Event)
        .where(Event.programme_id == programme.id)
        .options(selectinload(Event.sessions), selectinload(Event.organisation))
        .order_by(Event.title)
    )
    if not is_organiser_of(user, programme):
        query = query.where(Event.organisation_id.in_(hosted_organisation_ids(user, programme)))
    return list(db.session.scalars(query))


def sessions_spoken_at(user: User) -> list[EventSession]:
    """Sessions of public events on which this person's speaker profile appears."""
    return list(
        db.session.scalars(
            select(EventSession)
            .join(Event, Event.id == EventSession.event_id)
            .join(Programme, Programme.id == Event.programme_id)
            .join(EventSpeaker, EventSpeaker.event_id == Event.id)
            .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
            .where(
                Speaker.user_id == user.id,
                is_one_of(Event.status, PUBLIC_EVENT_STATUSES),
                public_programme_clause(),
            )
            .options(selectinload(EventSession.event).selectinload(Event.programme))
            .order_by(EventSession.starts_at)
        )
    )


def find_or_create_organisation(name: str) -> Organisation:
    name = name.strip()
    existing = db.session.scalar(
        select(Organisation).where(db.func.lower(Organisation.name) == name.lower())
    )
    if existing is not None:
        return existing
    organisation = Organisation(
        name=name,
        slug=unique_slug(
            name, lambda s: _exists(select(Organisation.id).where(Organisation.slug == s))
        ),
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_programme(organiser: User, details: ProgrammeDetails, slug: str | None) -> Programme:
    if slug:
        if _exists(select(Programme.id).where(Programme.slug == slug)):
            raise OrganiseError(
                gettext("Another programme already uses this web address name."), "slug"
            )
    else:
        slug = unique_slug(
            details.title, lambda s: _exists(select(Programme.id).where(Programme.slug == s))
        )
    programme = Programme(slug=slug, status=ProgrammeStatus.DRAFT)
    db.session.add(programme)
    _apply_programme_details(programme, details)
    programme.organisers.append(organiser)
    db.session.commit()
    return programme


def update_programme(programme: Programme, details: ProgrammeDetails) -> None:
    _apply_programme_details(programme, details)
    db.session.commit()


def _apply_programme_details(programme: Programme, details: ProgrammeDetails) -> None:
    programme.title = details.title.strip()
    programme.summary = details.summary.strip()
    programme.description = details.description.strip()
    apply_welsh(programme, details.welsh)
    programme.timezone = details.timezone.strip()
    programme.starts_on = details.starts_on
    programme.ends_on = details.ends_on
    db.session.flush()  # a new programme's id: the themes it adds are its own
    programme.themes = find_or_create_themes(
        details.theme_ids, details.new_theme_names, owner_id=programme.id
    )


def set_programme_status(programme: Programme, status: ProgrammeStatus) -> None:
    published = status == ProgrammeStatus.PUBLISHED and programme.status != status
    programme.status = status
    if published:
        announce(ProgrammePublished(programme))
    db.session.commit()


def create_event(programme: Programme, details: EventDetails, slug: str | None) -> Event:
    def taken(candidate: str) -> bool:
        return _exists(
            select(Event.id).where(Event.programme_id == programme.id, Event.slug == candidate)
        )

    if slug:
        if taken(slug):
            raise OrganiseError(
                gettext("Another event in this programme uses this web address name."), "slug"
            )
    else:
        slug = unique_slug(details.title, taken)
    _refuse_near_duplicate(details)
    event = Event(programme=programme, slug=slug, status=EventStatus.DRAFT)
    db.session.add(event)
    _apply_event_details(event, details)
    db.session.commit()
    return event


def update_event(event: Event, details: EventDetails) -> None:
    _refuse_near_duplicate(details)
    shown_before, capacity_before = ShownOfEvent.of(event), event.capacity
    _apply_event_details(event, details)
    if (details_changed := shown_before.follow(event)) is not None:
        announce(details_changed)
    if more_places(capacity_before, event.capacity):
        announce(PlacesAdded(event))
    db.session.commit()


def _refuse_near_duplicate(details: EventDetails) -> None:
    if warning := near_duplicate_warning(
        details.new_organisation, details.new_organisation_is_different
    ):
        raise OrganiseError(warning, "new_organisation")


def _apply_event_details(event: Event, details: EventDetails) -> None:
    event.title = details.title.strip()
    event.summary = details.summary.strip()
    event.description = details.description.strip()
    apply_welsh(event, details.welsh)
    event.format = details.format
    event.mode = details.mode
    if details.new_organisation.strip():
        event.organisation = find_or_create_organisation(details.new_organisation)
    elif details.organisation_id:
        event.organisation = db.session.get(Organisation, details.organisation_id)
    event.capacity = details.capacity
    event.registration_opens_at = details.registration_opens_at
    event.registration_closes_at = details.registration_closes_at
    event.is_recorded = details.is_recorded
    event.access_arrangements = details.access_arrangements.strip()
    event.themes = find_or_create_themes(details.theme_ids, [])


STATUS_CHANGES: dict[
    EventStatus, type[EventPublished] | type[EventUnpublished] | type[EventCancelled]
] = {
    EventStatus.PUBLISHED: EventPublished,
    EventStatus.DRAFT: EventUnpublished,
    EventStatus.CANCELLED: EventCancelled,
}


def set_event_status(event: Event, status: EventStatus) -> None:
    previous = event.status
    if status == previous:
        return
    event.status = status
    for session in event.sessions:
        # Calendar clients need a higher SEQUENCE whenever what they show changes.
        session.sequence += 1
    announce(STATUS_CHANGES[status](event, previous))
    db.session.commit()


def add_session(event: Event, details: SessionDetails) -> EventSession:
    session = EventSession(event=event, sequence=0, status=SessionStatus.SCHEDULED)
    db.session.add(session)
    _apply_session_details(session, details)
    db.session.flush()
    announce(SessionAdded(session))
    db.session.commit()
    return session


def update_session(session: EventSession, details: SessionDetails) -> bool:
    """Apply changes; returns whether time or place moved (so attendees must hear of it)."""
    title_before = session.title
    before = (
        session.starts_at,
        session.ends_at,
        session.venue_name,
        session.venue_address,
        session.joining_url,
    )
    _apply_session_details(session, details)
    after = (
        session.starts_at,
        session.ends_at,
        session.venue_name,
        session.venue_address,
        session.joining_url,
    )
    moved = before != after
    if not moved and (retitled := session_retitled(session, title_before)) is not None:
        announce(retitled)
    if moved:
        session.sequence += 1
        old_starts_at, old_ends_at, old_venue_name, old_venue_address, old_joining_url = before
        announce(
            SessionMoved(
                session,
                old_starts_at=old_starts_at,
                old_ends_at=old_ends_at,
                old_venue_name=old_venue_name,
                old_venue_address=old_venue_address,
                joining_changed=old_joining_url != session.joining_url,
            )
        )
    db.session.commit()
    return moved


def _apply_session_details(session: EventSession, details: SessionDetails) -> None:
    zone = session.event.programme.zone
    session.title = details.title.strip()
    apply_welsh(session, details.welsh)
    session.starts_at = to_utc(details.day, details.starts_at, zone)
    session.ends_at = to_utc(details.day, details.ends_at, zone)
    session.venue_name = details.venue_name.strip()
    session.venue_address = details.venue_address.strip()
    session.joining_url = details.joining_url.strip()


def remove_session(session: EventSession) -> None:
    """A draft's session is deleted; a published one is kept as cancelled so calendars drop it."""
    event = session.event
    if event.status == EventStatus.DRAFT:
        db.session.delete(session)
        db.session.flush()
        db.session.expire(event, ["sessions"])
        announce(SessionCancelled(session))
    elif session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        announce(SessionCancelled(session))
    db.session.commit()


def local_registration_bound(value: datetime | None, zone: Any) -> datetime | None:
    """A form's naive local date-time as an aware UTC instant."""
    if value is None:
        return None
    return to_utc(value.date(), value.time(), zone)
