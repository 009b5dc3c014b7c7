"""From models to calendar entries: the plain facts the pure writer (``ical.py``) needs, the
settings every entry carries, and the feeds' addresses.

Links name the site by ``BASE_URL`` only (hls_events/links.py), so an entry reads the same
whichever worker, request or email built it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from ..extensions import db
from ..links import external_url
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    Registration,
    RegistrationStatus,
    SessionStatus,
    Speaker,
    SpeakerRole,
    Theme,
    User,
    event_themes,
)
from . import ical

DEFAULT_UID_DOMAIN = "hls-events"


def uid_domain() -> str:
    """The right-hand side of every UID. It must never change once calendars hold our UIDs."""
    return current_app.config.get("CALENDAR_UID_DOMAIN") or DEFAULT_UID_DOMAIN


def organizer_email() -> str | None:
    """The public address calendar entries name as organiser: never a person's own."""
    configured = current_app.config.get("CALENDAR_ORGANIZER_EMAIL")
    if configured:
        return str(configured)
    return _address_in(current_app.config.get("MAIL_SENDER") or "")


@lru_cache(maxsize=16)
def _address_in(sender: str) -> str | None:
    # Parsed once, not for each of a feed's thousands of entries.
    return parseaddr(sender)[1] or None


def _organizer(event: Event) -> ical.Organizer | None:
    email = organizer_email()
    if email is None:
        return None
    name = event.organisation.name if event.organisation else current_app.config["SITE_NAME"]
    return ical.Organizer(name=name, email=email)


# --- From models to plain facts ------------------------------------------------------------


def event_url(event: Event, programme: Programme) -> str:
    return event_url_at(current_app.config.get("BASE_URL") or "", programme.slug, event.slug)


@lru_cache(maxsize=8192)
def event_url_at(base_url: str, programme_slug: str, event_slug: str) -> str:
    # Links depend on BASE_URL alone (links.py): built once per event, not per feed entry.
    del base_url  # part of the key only
    return external_url("programmes.event", programme_slug=programme_slug, event_slug=event_slug)


@dataclass(frozen=True)
class EventPeople:
    """Each event's speakers ("Name (role)") and theme names, read as plain rows for a whole
    feed: the same words as the event's speaker_roles and themes, without loading thousands of
    model objects for a large programme's feed."""

    speakers: dict[int, tuple[str, ...]]
    themes: dict[int, tuple[str, ...]]


def event_people(event_ids: Any) -> EventPeople:
    """``event_ids``: a select of event ids. Two statements, whatever the number of events."""
    speakers, themes = people_statements(event_ids)
    return read_people(db.session.execute(speakers).all(), db.session.execute(themes))


def people_statements(event_ids: Any) -> tuple[Select[int, str, SpeakerRole], Select[int, str]]:
    """The two statements of ``event_people``, for ``read_people``."""
    return (
        select(EventSpeaker.event_id, Speaker.name, EventSpeaker.role)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(EventSpeaker.event_id.in_(event_ids))
        .order_by(EventSpeaker.event_id, EventSpeaker.position, EventSpeaker.speaker_id),
        select(event_themes.c.event_id, Theme.name)
        .join(Theme, Theme.id == event_themes.c.theme_id)
        .where(event_themes.c.event_id.in_(event_ids))
        .order_by(event_themes.c.event_id, Theme.name),
    )


def read_people(
    speaker_rows: Iterable[tuple[int, str, SpeakerRole]], theme_rows: Iterable[tuple[int, str]]
) -> EventPeople:
    """EventPeople from the rows of ``people_statements``, in their order."""
    speakers: dict[int, list[str]] = defaultdict(list)
    # Each role's word once, not once for each of a feed's speakers.
    labels: dict[SpeakerRole, str] = {}
    for event_id, name, role in speaker_rows:
        label = labels.get(role)
        if label is None:
            label = labels[role] = role.label.lower()
        speakers[event_id].append(f"{name} ({label})")
    themes: dict[int, list[str]] = defaultdict(list)
    for event_id, name in theme_rows:
        themes[event_id].append(name)
    return EventPeople(
        {key: tuple(value) for key, value in speakers.items()},
        {key: tuple(value) for key, value in themes.items()},
    )


def session_facts(
    session: EventSession,
    programme: Programme,
    registration: Registration | None = None,
    people: EventPeople | None = None,
) -> ical.SessionFacts:
    """Plain values for the pure calendar builder. Reads only what is already loaded (or lazily
    loads it, outside the feeds); a feed passes ``people`` read for all its events at once."""
    event = session.event
    # Not the event's own stamp: it moves for edits no calendar shows (capacity alone), and an
    # unchanged feed must stay byte-identical. Changes to what an entry shows about its event
    # touch the event's sessions (organise/services.py).
    changes = [session.updated_at]
    sequence = session.sequence
    if registration is not None:
        changes.append(registration.updated_at)
        # The person's own copy moves on with their place as well as with the session.
        sequence += registration.calendar_sequence or 0
    return ical.SessionFacts(
        session_id=session.id,
        event_title=event.title,
        event_url=event_url(event, programme),
        timezone=programme.timezone,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=sequence,
        changed_at=max(changes),
        created_at=session.created_at,
        session_title=session.title,
        event_summary=event.summary,
        mode=event.mode.value,
        venue_name=session.venue_name,
        venue_address=session.venue_address,
        joining_url=session.joining_url,
        speakers=(
            people.speakers.get(event.id, ())
            if people is not None
            else tuple(
                f"{role.speaker.name} ({role.role.label.lower()})" for role in event.speaker_roles
            )
        ),
        host_organisation=event.organisation.name if event.organisation else "",
        themes=(
            people.themes.get(event.id, ())
            if people is not None
            else tuple(theme.name for theme in event.themes)
        ),
        event_cancelled=event.status == EventStatus.CANCELLED,
        session_cancelled=session.status == SessionStatus.CANCELLED,
    )


def calendar_entry(
    session: EventSession,
    programme: Programme,
    audience: ical.Audience = ical.Audience.PUBLIC,
    registration: Registration | None = None,
    people: EventPeople | None = None,
) -> ical.CalendarEntry:
    facts = session_facts(session, programme, registration, people)
    if audience != ical.Audience.ATTENDING:
        # ical.session_entry leaves it out too; it should not even reach it.
        facts = replace(facts, joining_url="")
    return ical.session_entry(
        facts,
        uid_domain=uid_domain(),
        audience=audience,
        organizer=_organizer(session.event),
    )


def programme_feed_url(programme: Programme, **params: Any) -> str:
    return external_url("calendars.programme_feed", programme_slug=programme.slug, **params)


def event_feed_url(event: Event, programme: Programme, **params: Any) -> str:
    return external_url(
        "calendars.event_feed", programme_slug=programme.slug, event_slug=event.slug, **params
    )


def personal_feed_url(user: User, **params: Any) -> str:
    return personal_feed_url_for(user.calendar_token, **params)


def personal_feed_url_for(token: str, **params: Any) -> str:
    return external_url("calendars.personal_feed", token=token, **params)


def audience_for(registration: Registration | None) -> ical.Audience:
    if registration is None:
        return ical.Audience.PUBLIC
    return audience_for_status(registration.status)


def audience_for_status(status: RegistrationStatus) -> ical.Audience:
    """Who a registration's entry is written for, by the registration's status."""
    if status in PLACE_HOLDING_STATUSES:
        return ical.Audience.ATTENDING
    if status == RegistrationStatus.WAITLISTED:
        return ical.Audience.WAITLISTED
    return ical.Audience.NOT_ATTENDING
