"""The conference schedule formats from plain data: facts in, a document out. No Flask here.

Conference apps (Giggity, ConfClerk, EventFahrplan, info-beamer) and recording teams read a
programme as the c3voc schedule JSON or the frab schedule XML that pretalx and frab write:
days, each with rooms, each with its events (here: sessions) in order.

What this module decides, so that both documents say the same:

- One entry per session. Its ``guid`` is a UUID5 of the session's calendar UID, so it never
  changes while the session lives, and its integer ``id`` is the session's id.
- Rooms are venues by name. Online sessions (and hybrid ones without a venue) share numbered
  rooms, "Online", "Online 2", ..., so that two sessions never overlap in one room; their
  joining links are private and never reach these documents (the facts do not even carry them).
- A day is a calendar day in the programme's time zone; times carry the zone's offset.
- A cancelled session stays, titled "Cancelled: ...", as it stays in the calendar feeds, so
  that apps holding it show the change rather than a session that quietly disappeared.
- ``version`` is a fingerprint of the rest of the document, so it moves when anything does.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
ONLINE_ROOM = "Online"
NO_VENUE_ROOM = "Venue to be announced"
CANCELLED_PREFIX = "Cancelled: "
TIMESLOT = "00:15"
LANGUAGE = "en"
# time_zone_name is written only when it has the Area/Location (or UTC) shape readers expect.
_ZONE_SHAPE = re.compile(r"^(?:[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?|UTC)$")
# XML 1.0 cannot hold these at all, even escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Person:
    speaker_id: int
    name: str
    biography: str = ""


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class SessionFacts:
    session_id: int
    calendar_uid: str
    event_slug: str
    event_title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    format_label: str
    mode: str  # "online", "in_person" or "hybrid"
    session_title: str = ""
    summary: str = ""
    description: str = ""
    venue_name: str = ""
    themes: tuple[str, ...] = ()
    persons: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    cancelled: bool = False
    is_recorded: bool = False


@dataclass(frozen=True)
class ScheduleInfo:
    slug: str
    title: str
    timezone: str
    starts_on: date
    ends_on: date
    url: str
    uid_domain: str
    summary: str = ""
    themes: tuple[str, ...] = ()
    generator_version: str = ""


@dataclass
class _Day:
    index: int
    day: date
    start: datetime
    end: datetime
    rooms: dict[str, list[SessionFacts]] = field(default_factory=dict)


def session_guid(calendar_uid: str) -> str:
    """The session's stable identity in these documents: a UUID5 of its calendar UID."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, calendar_uid))


def _person_guid(person: Person, domain: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"speaker-{person.speaker_id}@{domain}"))


def _room_guid(info: ScheduleInfo, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"room:{info.slug}:{name}@{info.uid_domain}"))


def acronym(slug: str) -> str:
    """A programme's slug in the shape the formats want: letters, digits and underscores."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    return cleaned.ljust(4, "_")


def _entry_slug(info: ScheduleInfo, session: SessionFacts) -> str:
    event = re.sub(r"[^a-z0-9_-]", "-", session.event_slug.lower())
    return re.sub(r"[-_]+$", "", f"{acronym(info.slug)}-{session.session_id}-{event}")


def _clock(value: datetime) -> str:
    return value.strftime("%H:%M")


def _duration(session: SessionFacts) -> str:
    minutes = max(0, int((session.ends_at - session.starts_at).total_seconds() // 60))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room_of(session: SessionFacts) -> str | None:
    """The venue's name, or None when the session belongs in an online room."""
    venue = " ".join(session.venue_name.split())
    if venue:
        return venue
    if session.mode in ("online", "hybrid"):
        return None
    return NO_VENUE_ROOM


def assign_rooms(sessions: Sequence[SessionFacts]) -> dict[int, str]:
    """Each session's room name, online sessions spread over as few numbered rooms as keep
    them from overlapping (earliest first, into the first room free by then)."""
    rooms: dict[int, str] = {}
    online_free_at: list[datetime] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.session_id)):
        venue = _room_of(session)
        if venue is not None:
            rooms[session.session_id] = venue
            continue
        for number, free_at in enumerate(online_free_at):
            if free_at <= session.starts_at:
                online_free_at[number] = session.ends_at
                break
        else:
            online_free_at.append(session.ends_at)
            number = len(online_free_at) - 1
        rooms[session.session_id] = ONLINE_ROOM if number == 0 else f"{ONLINE_ROOM} {number + 1}"
    return rooms


def _days(info: ScheduleInfo, sessions: Sequence[SessionFacts], zone: ZoneInfo) -> list[_Day]:
    local_days = [session.starts_at.astimezone(zone).date() for session in sessions]
    first = min([info.starts_on, *local_days])
    last = max([info.ends_on, *local_days])
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        start = datetime.combine(day, time(0, 0), tzinfo=zone)
        end = datetime.combine(day, time(23, 59), tzinfo=zone)
        days.append(_Day(offset + 1, day, start, end))
    return days


def _plan(info: ScheduleInfo, sessions: Iterable[SessionFacts]) -> tuple[list[_Day], list[str]]:
    """The days, each with its rooms in the document's room order, and that order."""
    zone = ZoneInfo(info.timezone)
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.session_id))
    rooms = assign_rooms(ordered)
    room_order = sorted(set(rooms.values()), key=lambda name: (name.startswith(ONLINE_ROOM), name))
    days = _days(info, ordered, zone)
    by_date = {day.day: day for day in days}
    for session in ordered:
        day = by_date[session.starts_at.astimezone(zone).date()]
        day.rooms.setdefault(rooms[session.session_id], []).append(session)
    for day in days:
        day.rooms = {name: day.rooms[name] for name in room_order if name in day.rooms}
    return days, room_order


def _title(session: SessionFacts) -> str:
    return (CANCELLED_PREFIX if session.cancelled else "") + session.event_title


# --- JSON ----------------------------------------------------------------------------------


def _json_entry(
    info: ScheduleInfo, session: SessionFacts, room: str, zone: ZoneInfo
) -> dict[str, Any]:
    local = session.starts_at.astimezone(zone)
    return {
        "id": session.session_id,
        "guid": session_guid(session.calendar_uid),
        "date": local.isoformat(),
        "start": _clock(local),
        "duration": _duration(session),
        "room": room,
        "slug": _entry_slug(info, session),
        "url": session.url,
        "title": _title(session),
        "subtitle": session.session_title,
        "track": session.themes[0] if session.themes else None,
        "type": session.format_label,
        "language": LANGUAGE,
        "abstract": session.summary,
        "description": session.description,
        "recording_license": "",
        "persons": [
            {
                "guid": _person_guid(person, info.uid_domain),
                "name": person.name,
                "public_name": person.name,
                "biography": person.biography,
            }
            for person in session.persons
        ],
        "links": [{"title": link.title, "url": link.url} for link in session.links],
        "attachments": [],
        "answers": [],
    }


def build_json(info: ScheduleInfo, sessions: Iterable[SessionFacts]) -> dict[str, Any]:
    """The c3voc schedule JSON, as a dictionary ready for ``json.dumps``."""
    zone = ZoneInfo(info.timezone)
    days, room_order = _plan(info, sessions)
    conference: dict[str, Any] = {
        "acronym": acronym(info.slug),
        "title": info.title,
        "description": info.summary,
        "start": info.starts_on.isoformat(),
        "end": info.ends_on.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
        "url": info.url,
        "tracks": [{"name": name} for name in _tracks(info, days)],
        "rooms": [{"name": name, "guid": _room_guid(info, name)} for name in room_order],
        "days": [
            {
                "index": day.index,
                "date": day.day.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": {
                    name: [_json_entry(info, session, name, zone) for session in entries]
                    for name, entries in day.rooms.items()
                },
            }
            for day in days
        ],
    }
    if _ZONE_SHAPE.match(info.timezone):
        conference["time_zone_name"] = info.timezone
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "HLS Events", "version": info.generator_version},
        "schedule": {
            "version": _fingerprint(conference),
            "base_url": info.url,
            "conference": conference,
        },
    }


def _tracks(info: ScheduleInfo, days: list[_Day]) -> list[str]:
    """The programme's themes, then any other theme its events carry."""
    names = dict.fromkeys(info.themes)
    for day in days:
        for entries in day.rooms.values():
            for session in entries:
                names.update(dict.fromkeys(session.themes))
    return list(names)


def json_document(info: ScheduleInfo, sessions: Iterable[SessionFacts]) -> bytes:
    return json.dumps(build_json(info, sessions), ensure_ascii=False, indent=2).encode()


def _fingerprint(conference: dict[str, Any]) -> str:
    canonical = json.dumps(conference, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()[:12]


# --- XML -----------------------------------------------------------------------------------


def _text(parent: ElementTree.Element, tag: str, value: str, **attributes: str) -> None:
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = _XML_FORBIDDEN.sub("", value)


def _xml_entry(parent: ElementTree.Element, entry: dict[str, Any], recorded: bool) -> None:
    event = ElementTree.SubElement(parent, "event", {"id": str(entry["id"]), "guid": entry["guid"]})
    for tag in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract"):
        _text(event, tag, entry[tag])
    _text(event, "slug", entry["slug"])
    _text(event, "track", entry["track"] or "")
    _text(event, "language", entry["language"])
    _text(event, "description", entry["description"])
    _text(event, "url", entry["url"])
    recording = ElementTree.SubElement(event, "recording")
    _text(recording, "license", "")
    _text(recording, "optout", "false" if recorded else "true")
    persons = ElementTree.SubElement(event, "persons")
    for person, speaker_id in zip(entry["persons"], entry["_speaker_ids"], strict=True):
        _text(persons, "person", person["name"], id=str(speaker_id))
    links = ElementTree.SubElement(event, "links")
    for link in entry["links"]:
        _text(links, "link", link["title"], href=link["url"])


def xml_document(info: ScheduleInfo, sessions: Iterable[SessionFacts]) -> bytes:
    """The frab schedule XML."""
    sessions = list(sessions)
    document = build_json(info, sessions)
    by_id = {session.session_id: session for session in sessions}
    schedule, conference = document["schedule"], document["schedule"]["conference"]
    root = ElementTree.Element("schedule")
    _text(root, "version", schedule["version"])
    head = ElementTree.SubElement(root, "conference")
    _text(head, "title", conference["title"])
    _text(head, "acronym", conference["acronym"])
    _text(head, "start", conference["start"])
    _text(head, "end", conference["end"])
    _text(head, "days", str(conference["daysCount"]))
    _text(head, "timeslot_duration", conference["timeslot_duration"])
    _text(head, "base_url", schedule["base_url"])
    if "time_zone_name" in conference:
        _text(head, "time_zone_name", conference["time_zone_name"])
    for day in conference["days"]:
        day_element = ElementTree.SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            },
        )
        for name, entries in day["rooms"].items():
            room = ElementTree.SubElement(day_element, "room", {"name": name})
            for entry in entries:
                session = by_id[entry["id"]]
                entry["_speaker_ids"] = [person.speaker_id for person in session.persons]
                _xml_entry(room, entry, session.is_recorded)
    ElementTree.indent(root)
    return cast(bytes, ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
