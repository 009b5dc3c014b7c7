"""A schedule's session times and event facts, written once per worker rather than per session.

A day of a large programme shows about 150 sessions, and writing each one's times and its
event's facts (format, mode, host, whether recorded) was a large part of rendering the day:
sessions share a few start times, and events share formats, modes and hosts. The HTML stays
in the macros of ``templates/_macros/events.html``; each distinct piece is written once per
worker for each language and reader's own time zone, which is all the macros read besides
what they are passed (the same way as ``registrations.pages.blank_fields``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import get_template_attribute
from markupsafe import Markup

from ..i18n import current_language, reader_zone
from ..models import Event, EventFormat, EventMode, EventSession


class _Times(NamedTuple):
    """What the ``session_time`` macro reads of a session."""

    starts_at: datetime
    ends_at: datetime


class _Host(NamedTuple):
    name: str


class _Facts(NamedTuple):
    """What the ``event_facts`` macro reads of an event."""

    format: EventFormat
    mode: EventMode
    organisation: _Host | None
    is_recorded: bool


def session_times(sessions: Iterable[EventSession], zone: ZoneInfo) -> dict[int, Markup]:
    """Each session's times as the ``session_time`` macro writes them, by session id."""
    language, own_zone = current_language(), reader_zone()
    return {
        session.id: _session_time(
            _Times(session.starts_at, session.ends_at), zone, language, own_zone
        )
        for session in sessions
    }


def event_facts(events: Iterable[Event]) -> dict[int, Markup]:
    """Each event's facts as the ``event_facts`` macro writes them, by event id."""
    language = current_language()
    return {
        event.id: _event_facts(
            _Facts(
                event.format,
                event.mode,
                _Host(event.organisation.name) if event.organisation else None,
                event.is_recorded,
            ),
            language,
        )
        for event in events
    }


# ``language`` and ``own_zone`` are not passed to the macros, which read them from the request:
# they are here to keep a piece apart for each.
@lru_cache(maxsize=4096)
def _session_time(
    times: _Times, zone: ZoneInfo, language: str, own_zone: ZoneInfo | None
) -> Markup:
    return Markup(get_template_attribute("_macros/events.html", "session_time")(times, zone))


@lru_cache(maxsize=4096)
def _event_facts(facts: _Facts, language: str) -> Markup:
    return Markup(get_template_attribute("_macros/events.html", "event_facts")(facts))
