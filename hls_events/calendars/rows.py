"""Calendar entries from plain rows: the columns an entry shows of its session, event,
programme and host, read in one statement for a whole feed, and the entries written from them.

A feed of thousands of sessions (a large programme's) or built for every person on their own
(a personal feed) reads these columns rather than loading model objects, builds the same facts
as ``entries.session_facts`` from them, and keeps each entry it writes (for the same facts, in
the same language) for the next feed that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from babel.support import NullTranslations
from flask import current_app
from sqlalchemy import Select, select

from ..models import (
    Event,
    EventMode,
    EventSession,
    EventStatus,
    Organisation,
    Programme,
    SessionStatus,
)
from ..translation import translations
from ..visibility import public_event_clause
from . import ical
from .entries import EventPeople, event_url_at, organizer_email, uid_domain


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


def public_entry(
    facts: ical.SessionFacts, organisation_name: str | None, settings: EntrySettings
) -> ical.CalendarEntry:
    """``entries.calendar_entry``'s entry for a public feed, written once per worker for the
    same facts and settings: a programme's feed is mostly the same entries as last time."""
    return _public_entry(facts, organisation_name, settings)


# About 1 KB an entry, as many as ical.py keeps written; apart, so that a large programme's
# feed does not push out the entries of people's own feeds.
@lru_cache(maxsize=8192)
def _private_entry(
    facts: ical.SessionFacts,
    audience: ical.Audience,
    organisation_name: str | None,
    settings: EntrySettings,
    organizer: bool,
) -> ical.CalendarEntry:
    entry = _write_entry(facts, audience, organisation_name, settings, organizer)
    return replace(entry, private=True)


@lru_cache(maxsize=8192)
def _public_entry(
    facts: ical.SessionFacts, organisation_name: str | None, settings: EntrySettings
) -> ical.CalendarEntry:
    return _write_entry(facts, ical.Audience.PUBLIC, organisation_name, settings, True)


def _write_entry(
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
    return ical.session_entry(
        facts, uid_domain=settings.uid_domain, audience=audience, organizer=host
    )


def public_sessions() -> Select[*tuple[Any, ...]]:
    """EntryRow's columns for the sessions of public events, joined to what they show: the
    statement each feed narrows with its own conditions."""
    return (
        select(*ENTRY_COLUMNS)
        .select_from(EventSession)
        .join(Event, Event.id == EventSession.event_id)
        .join(Programme, Programme.id == Event.programme_id)
        .outerjoin(Organisation, Organisation.id == Event.organisation_id)
        .where(public_event_clause())
    )
