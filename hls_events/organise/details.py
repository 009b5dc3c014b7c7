"""What an organiser sends when creating or changing a programme, event or session: plain
values, made by the routes from their forms and taken by ``services``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from ..models import EventFormat, EventMode

# The fields written in Welsh too (``<field>_cy`` on the model and the form).
PROGRAMME_WELSH = ("title", "summary", "description")
EVENT_WELSH = ("title", "summary", "description")
SESSION_WELSH = ("title",)


@dataclass
class ProgrammeDetails:
    title: str
    summary: str
    description: str
    timezone: str
    starts_on: date
    ends_on: date
    theme_ids: list[int]
    new_theme_names: list[str]
    # Welsh beside the English, by English field name: {"title": ..., "summary": ...}.
    welsh: dict[str, str] = field(default_factory=dict)


@dataclass
class EventDetails:
    title: str
    summary: str
    description: str
    format: EventFormat
    mode: EventMode
    organisation_id: int | None
    new_organisation: str
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    is_recorded: bool
    access_arrangements: str
    theme_ids: list[int]
    new_organisation_is_different: bool = False
    welsh: dict[str, str] = field(default_factory=dict)


@dataclass
class SessionDetails:
    title: str
    day: date
    starts_at: time
    ends_at: time
    venue_name: str
    venue_address: str
    joining_url: str
    welsh: dict[str, str] = field(default_factory=dict)
