"""A person's own feed, read as plain rows: the sessions they have a place at or speak at,
and the entries written from them.

A personal feed is built whenever the person's registrations change, and for every person on
their own: so it reads the columns its entries show in a fixed number of statements made once
per worker, builds the same facts as ``entries.session_facts`` from them, and keeps each entry
it writes (for the same facts, in the same language) for the next feed that shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

from babel.support import NullTranslations
from flask import current_app
from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Select,
    and_,
    bindparam,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)

from ..extensions import db
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Organisation,
    Programme,
    Registration,
    RegistrationStatus,
    SessionStatus,
    Speaker,
    SpeakerRole,
    Theme,
    event_themes,
)
from ..translation import translations
from ..visibility import public_event_clause
from . import ical
from .entries import (
    EventPeople,
    audience_for_status,
    event_url_at,
    organizer_email,
    read_people,
    uid_domain,
)


class EntryRow(NamedTuple):
    """What ``session_facts`` reads from the models, as the plain values of one row."""

    session_id: int
    event_id: int
    session_title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    joining_url: str
    session_status: SessionStatus
    sequence: int
    created_at: datetime
    updated_at: datetime
    event_slug: str
    event_title: str
    event_summary: str
    mode: EventMode
    event_status: EventStatus
    programme_slug: str
    timezone: str
    organisation_name: str | None


# EntryRow's columns, in its order and under its names.
ENTRY_COLUMNS = tuple(
    column.label(name)
    for name, column in zip(
        EntryRow._fields,
        (
            EventSession.id,
            EventSession.event_id,
            EventSession.title,
            EventSession.starts_at,
            EventSession.ends_at,
            EventSession.venue_name,
            EventSession.venue_address,
            EventSession.joining_url,
            EventSession.status,
            EventSession.sequence,
            EventSession.created_at,
            EventSession.updated_at,
            Event.slug,
            Event.title,
            Event.summary,
            Event.mode,
            Event.status,
            Programme.slug,
            Programme.timezone,
            Organisation.name,
        ),
        strict=True,
    )
)
WIDTH = len(ENTRY_COLUMNS)


@dataclass(frozen=True)
class EntrySettings:
    """What every entry of a feed shares, read once for the feed rather than for each entry."""

    base_url: str
    uid_domain: str
    organizer_email: str | None
    site_name: str
    # The reader's words (ical.py writes in the current language).
    catalogue: NullTranslations

    @classmethod
    def current(cls) -> EntrySettings:
        config = current_app.config
        return cls(
            base_url=config.get("BASE_URL") or "",
            uid_domain=uid_domain(),
            organizer_email=organizer_email(),
            site_name=config["SITE_NAME"],
            catalogue=translations(),
        )


def personal_entries(
    user_id: int, includes_waitlisted: bool, since: datetime, given_up_since: datetime
) -> dict[int, ical.CalendarEntry]:
    """Session id to entry, for what the person speaks at or has a place at in public events
    ending after ``since``: a place given up since ``given_up_since`` shows as cancelled, a
    waiting-list place only if they asked. Two statements, whatever their number."""
    values = {"user_id": user_id, "since": since, "given_up_since": given_up_since}
    # Plain rows need none of the ORM's loading: run on the session's connection.
    connection = db.session.connection()
    rows = connection.execute(_sessions_statement(includes_waitlisted), values).all()
    if not rows:
        return {}
    people = _people(connection.execute(_people_statement(), values).all())
    settings = EntrySettings.current()
    entries: dict[int, ical.CalendarEntry] = {}
    for row in rows:
        entry_row = EntryRow._make(row[:WIDTH])
        status, registration_changed_at, calendar_sequence = row[WIDTH:]
        if status is None:  # they speak: a speaker's own entry says more than a registration
            entries[entry_row.session_id] = private_entry(
                row_facts(entry_row, people, settings),
                ical.Audience.ATTENDING,
                entry_row.organisation_name,
                settings,
            )
        elif entry_row.session_id not in entries:
            entries[entry_row.session_id] = private_entry(
                row_facts(entry_row, people, settings, registration_changed_at, calendar_sequence),
                audience_for_status(status),
                entry_row.organisation_name,
                settings,
            )
    return entries


def row_facts(
    row: EntryRow,
    people: EventPeople,
    settings: EntrySettings,
    registration_changed_at: datetime | None = None,
    calendar_sequence: int | None = None,
) -> ical.SessionFacts:
    """``entries.session_facts`` from plain values, with the registration's last change and
    calendar sequence if the entry is the person's registration."""
    changed_at = row.updated_at
    sequence = row.sequence
    if registration_changed_at is not None:
        changed_at = max(changed_at, registration_changed_at)
        sequence += calendar_sequence or 0
    return ical.SessionFacts(
        session_id=row.session_id,
        event_title=row.event_title,
        event_url=event_url_at(settings.base_url, row.programme_slug, row.event_slug),
        timezone=row.timezone,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        sequence=sequence,
        changed_at=changed_at,
        created_at=row.created_at,
        session_title=row.session_title,
        event_summary=row.event_summary,
        mode=row.mode.value,
        venue_name=row.venue_name,
        venue_address=row.venue_address,
        joining_url=row.joining_url,
        speakers=people.speakers.get(row.event_id, ()),
        host_organisation=row.organisation_name or "",
        themes=people.themes.get(row.event_id, ()),
        event_cancelled=row.event_status == EventStatus.CANCELLED,
        session_cancelled=row.session_status == SessionStatus.CANCELLED,
    )


def private_entry(
    facts: ical.SessionFacts,
    audience: ical.Audience,
    organisation_name: str | None,
    settings: EntrySettings,
    *,
    organizer: bool = True,
) -> ical.CalendarEntry:
    """``entries.calendar_entry``'s entry for these facts, marked private (CLASS:PRIVATE), with
    the host organisation as organiser unless ``organizer`` is False; written once per worker
    for the same facts and settings: a person's feed is mostly the same entries again."""
    return _private_entry(facts, audience, organisation_name, settings, organizer)


# About 1 KB an entry, as many as ical.py keeps written.
@lru_cache(maxsize=8192)
def _private_entry(
    facts: ical.SessionFacts,
    audience: ical.Audience,
    organisation_name: str | None,
    settings: EntrySettings,
    organizer: bool,
) -> ical.CalendarEntry:
    # ical.py writes its words in the current language, which is the settings' catalogue.
    if audience != ical.Audience.ATTENDING:
        facts = replace(facts, joining_url="")
    host = None
    if organizer and settings.organizer_email is not None:
        name = organisation_name if organisation_name is not None else settings.site_name
        host = ical.Organizer(name=name, email=settings.organizer_email)
    entry = ical.session_entry(
        facts, uid_domain=settings.uid_domain, audience=audience, organizer=host
    )
    return replace(entry, private=True)


# --- The statements, made once per worker with their values bound when run -----------------


@cache
def _sessions_statement(includes_waitlisted: bool) -> CompoundSelect[*tuple[Any, ...]]:
    """EntryRow's values and the registration's status, last change and calendar sequence for
    the sessions the person (``user_id``) has a place at, and EntryRow's values and nothing
    else for those they speak at, in public events ending after ``since``."""
    given_up = [
        Registration.status == RegistrationStatus.CANCELLED,
        Registration.cancelled_at >= bindparam("given_up_since"),
    ]
    if not includes_waitlisted:
        # A waiting-list place the feed never showed needs no cancelling either.
        given_up.append(Registration.confirmed_at.is_not(None))
    shown = [Registration.status.in_(PLACE_HOLDING_STATUSES), and_(*given_up)]
    if includes_waitlisted:
        shown.append(Registration.status == RegistrationStatus.WAITLISTED)
    user_id: BindParameter[int] = bindparam("user_id")
    sessions = (
        select(*ENTRY_COLUMNS)
        .select_from(EventSession)
        .join(Event, Event.id == EventSession.event_id)
        .join(Programme, Programme.id == Event.programme_id)
        .outerjoin(Organisation, Organisation.id == Event.organisation_id)
        .where(public_event_clause(), EventSession.ends_at >= bindparam("since"))
    )
    registered = sessions.add_columns(
        Registration.status, Registration.updated_at, Registration.calendar_sequence
    ).join(
        Registration,
        and_(Registration.event_id == Event.id, Registration.user_id == user_id, or_(*shown)),
    )
    spoken = sessions.add_columns(null(), null(), null()).where(Event.id.in_(_spoken_at(user_id)))
    # The registered part first: the union's columns take their types from it.
    return union_all(registered, spoken)


def _spoken_at(user_id: BindParameter[int]) -> Select[int]:
    return (
        select(EventSpeaker.event_id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id)
    )


@cache
def _people_statement() -> CompoundSelect[*tuple[Any, ...]]:
    """The speakers ("speaker", name, role) and themes ("theme", name, nothing) of every event
    the person (``user_id``) registered for or speaks at, by event, in the order of
    ``entries.event_people``: a few more events than the feed shows, but one statement and no
    list of ids to bind."""
    user_id: BindParameter[int] = bindparam("user_id")
    events = union(
        select(Registration.event_id).where(Registration.user_id == user_id), _spoken_at(user_id)
    )
    speakers = (
        select(
            EventSpeaker.event_id,
            literal("speaker").label("kind"),
            Speaker.name,
            EventSpeaker.role,
            EventSpeaker.position,
            EventSpeaker.speaker_id,
        )
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(EventSpeaker.event_id.in_(events))
    )
    themes = (
        select(event_themes.c.event_id, literal("theme"), Theme.name, null(), null(), null())
        .join(Theme, Theme.id == event_themes.c.theme_id)
        .where(event_themes.c.event_id.in_(events))
    )
    # Speakers first: the union's columns take their types from them.
    columns = speakers.selected_columns
    return union_all(speakers, themes).order_by(
        columns.event_id, columns.kind, columns.position, columns.speaker_id, columns.name
    )


def _people(rows: Iterable[Any]) -> EventPeople:
    speakers: list[tuple[int, str, SpeakerRole]] = []
    themes: list[tuple[int, str]] = []
    for event_id, kind, name, role, _position, _speaker in rows:
        if kind == "speaker":
            speakers.append((event_id, name, role))
        else:
            themes.append((event_id, name))
    return read_people(speakers, themes)
