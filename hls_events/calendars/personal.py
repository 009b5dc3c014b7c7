"""A person's own feed, read as plain rows (rows.py): the sessions they have a place at or
speak at, and the entries written from them.

A personal feed is built whenever the person's registrations change, and for every person on
their own: so it reads in a fixed number of statements made once per worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

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
    EventSession,
    EventSpeaker,
    Registration,
    RegistrationStatus,
    Speaker,
    SpeakerRole,
    Theme,
    event_themes,
)
from . import ical
from .entries import EventPeople, audience_for_status, read_people
from .rows import WIDTH, EntryRow, EntrySettings, private_entry, public_sessions, row_facts


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
    sessions = public_sessions().where(EventSession.ends_at >= bindparam("since"))
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
