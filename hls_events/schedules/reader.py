"""Reading a c3voc/frab ``schedule.json`` (as pretalx and frab export it) into a plan of what
an import would make. No Flask, no database: bytes in, a plan or a list of problems out.

Every problem names where it is in the file, as a path such as
``schedule.conference.days[1].rooms["Hall A"][3].start``, and what is wrong. The file is checked
against this module's own description of what an import needs (jsonschema), then item by item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from jsonschema import Draft202012Validator

from ..localtime import NonexistentLocalTime, is_valid_timezone, to_utc

MAX_BYTES = 5 * 1024 * 1024
MAX_SESSIONS = 5000
TITLE_LENGTH = 200
# Sessions of a real programme: its days within these years, each at most a week long.
FIRST_YEAR, LAST_YEAR = 2000, 2200
LONGEST_SESSION_MINUTES = 7 * 24 * 60
THEME_LENGTH = 120
_TEXT = {"type": ["string", "null"]}
_PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "public_name": {"type": "string"},
        "biography": _TEXT,
        "guid": {"type": "string"},
        "code": {"type": "string"},
        "id": {"type": "integer"},
    },
    "anyOf": [{"required": ["name"]}, {"required": ["public_name"]}],
}
_ENTRY = {
    "type": "object",
    "required": ["title", "date", "duration"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "date": {"type": "string"},
        "start": {"type": "string", "pattern": r"^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"},
        "duration": {"type": "string", "pattern": r"^[0-9]{1,3}:[0-5][0-9](:[0-5][0-9])?$"},
        "room": {"type": "string"},
        "subtitle": _TEXT,
        "track": _TEXT,
        "type": _TEXT,
        "abstract": _TEXT,
        "description": _TEXT,
        "persons": {"type": "array", "items": _PERSON},
    },
}
IMPORT_SCHEMA = {
    "type": "object",
    "required": ["schedule"],
    "properties": {
        "schedule": {
            "type": "object",
            "required": ["conference"],
            "properties": {
                "conference": {
                    "type": "object",
                    "required": ["title", "days"],
                    "properties": {
                        "title": {"type": "string", "minLength": 1},
                        "acronym": {"type": "string"},
                        "start": {"type": "string"},
                        "end": {"type": "string"},
                        "time_zone_name": {"type": "string"},
                        "days": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["rooms"],
                                "properties": {
                                    "rooms": {
                                        "type": "object",
                                        "additionalProperties": {"type": "array", "items": _ENTRY},
                                    }
                                },
                            },
                        },
                    },
                }
            },
        }
    },
}
_VALIDATOR = Draft202012Validator(IMPORT_SCHEMA)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ONLINE_ROOM = re.compile(r"\b(online|virtual|remote|stream|zoom)\b", re.IGNORECASE)
_FORMATS = (
    ("workshop", "workshop"), ("hands-on", "workshop"), ("panel", "panel"),
    ("discussion", "conversation"), ("conversation", "conversation"),
    ("circle", "learning_circle"), ("meeting", "learning_circle"), ("visit", "site_visit"),
    ("network", "networking"), ("social", "networking"), ("story", "story_session"),
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ScheduleFileError(ValueError):
    """The file cannot be imported; ``problems`` says every reason found, with where."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class SpeakerPlan:
    key: str
    name: str
    biography: str


@dataclass(frozen=True)
class EventPlan:
    where: str
    title: str
    session_title: str
    summary: str
    description: str
    format: str
    mode: str
    venue_name: str
    starts_at: datetime
    ends_at: datetime
    themes: tuple[str, ...]
    speaker_keys: tuple[str, ...]


@dataclass
class SchedulePlan:
    title: str
    acronym: str
    timezone: str
    starts_on: date
    ends_on: date
    themes: list[str] = field(default_factory=list)
    speakers: list[SpeakerPlan] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def path_text(parts: Iterable[Any]) -> str:
    """``schedule.conference.days[1].rooms["Hall A"][3].start`` from its parts."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            text += f".{part}" if text else str(part)
        else:
            # Written as escapes where it holds what no page can (half of a UTF-16 pair).
            name = str(part)
            text += f"[{json.dumps(name, ensure_ascii=not _is_unicode_text(name))}]"
    return text


def decode_upload(raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a ScheduleFileError saying why it is not a text file we can read."""
    if len(raw) > max_bytes:
        raise ScheduleFileError([Problem("", f"The file is larger than {max_bytes // 1024 // 1024} MB.")])  # fmt: skip
    if b"\x00" in raw:
        raise ScheduleFileError([Problem("", "The file holds NUL characters: it is not a text file.")])  # fmt: skip
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScheduleFileError(
            [Problem("", f"The file is not UTF-8 text (byte {error.start + 1} is not).")]
        ) from None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"This is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        raise ScheduleFileError([Problem("", message)]) from None
    except RecursionError:
        raise ScheduleFileError([Problem("", "The file is nested too deeply.")]) from None


def _strings_that_are_not_text(value: Any, parts: tuple[Any, ...] = ()) -> Iterable[Problem]:
    """Strings no page can hold: with a NUL (PostgreSQL refuses it), or with half of a UTF-16
    pair (JSON's "\\ud800", which no page can be written in UTF-8 with). Keys too: a room's
    name is its key."""
    if isinstance(value, str):
        if "\x00" in value:
            yield Problem(path_text(parts), "holds a NUL character")
        elif not _is_unicode_text(value):
            yield Problem(path_text(parts), "holds half of a UTF-16 pair (\\ud800 to \\udfff)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_that_are_not_text(key, (*parts, key))
            yield from _strings_that_are_not_text(item, (*parts, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_that_are_not_text(item, (*parts, index))


def _is_unicode_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean(value: Any) -> str:
    return str(value or "").strip()


def _format_of(kind: str) -> str:
    lowered = kind.lower()
    return next((fmt for word, fmt in _FORMATS if word in lowered), "webinar")


def _minutes(duration: str) -> int:
    hours, minutes = duration.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _start(entry: dict[str, Any], zone: ZoneInfo) -> datetime:
    """The entry's instant: its ``date`` with offset, or a wall-clock time in the zone."""
    text = entry["date"].strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time such as 2027-10-04T10:00:00+01:00") from None  # fmt: skip
    if len(text) == 10 and entry.get("start"):
        hours, minutes = entry["start"].split(":")[:2]
        moment = moment.replace(hour=int(hours), minute=int(minutes))
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    return to_utc(moment.date(), moment.time(), zone)


def parse_schedule(raw: bytes, default_timezone: str = "Europe/London") -> SchedulePlan:
    """The plan for a new programme from a schedule.json, or ScheduleFileError."""
    document = _parse_json(decode_upload(raw))
    try:
        problems = [
            Problem(path_text(error.absolute_path), error.message)
            for error in sorted(
                _VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))
            )
        ]
        problems.extend(_strings_that_are_not_text(document))
    except RecursionError:
        raise ScheduleFileError([Problem("", "The file is nested too deeply.")]) from None
    if problems:
        raise ScheduleFileError(problems[:200])
    return _plan(document["schedule"]["conference"], default_timezone)


def _plan(conference: dict[str, Any], default_timezone: str) -> SchedulePlan:
    problems: list[Problem] = []
    base = ("schedule", "conference")
    zone_name = _clean(conference.get("time_zone_name"))
    notes = []
    if zone_name and not is_valid_timezone(zone_name):
        problems.append(Problem(path_text((*base, "time_zone_name")), f"{zone_name!r} is not a time zone"))  # fmt: skip
    elif not zone_name:
        zone_name = default_timezone
        notes.append(f"The file names no time zone: the programme will be in {zone_name}.")
    zone = ZoneInfo(zone_name if is_valid_timezone(zone_name) else default_timezone)
    title = _clean(conference["title"])
    if len(title) > TITLE_LENGTH:
        problems.append(Problem(path_text((*base, "title")), f"longer than {TITLE_LENGTH} characters"))  # fmt: skip
    speakers: dict[str, SpeakerPlan] = {}
    themes: dict[str, None] = {}
    events: list[EventPlan] = []
    for day_index, day in enumerate(conference["days"]):
        for room, entries in day["rooms"].items():
            for index, entry in enumerate(entries):
                where = (*base, "days", day_index, "rooms", room, index)
                if len(events) >= MAX_SESSIONS:
                    problems.append(Problem(path_text(where), f"more than {MAX_SESSIONS} sessions"))
                    raise ScheduleFileError(problems)
                event = _event(entry, room, where, zone, speakers, problems)
                if event is not None:
                    events.append(event)
                    themes.update(dict.fromkeys(event.themes))
    starts_on, ends_on = _dates(conference, events, zone, problems)
    if problems:
        raise ScheduleFileError(problems[:200])
    return SchedulePlan(
        title=title, acronym=_clean(conference.get("acronym")), timezone=zone.key,
        starts_on=starts_on, ends_on=ends_on, themes=list(themes),
        speakers=list(speakers.values()), events=events, notes=notes,
    )  # fmt: skip


def _event(
    entry: dict[str, Any],
    room: str,
    where: tuple[Any, ...],
    zone: ZoneInfo,
    speakers: dict[str, SpeakerPlan],
    problems: list[Problem],
) -> EventPlan | None:
    count = len(problems)
    title = _clean(entry["title"])
    if len(title) > TITLE_LENGTH:
        problems.append(Problem(path_text((*where, "title")), f"longer than {TITLE_LENGTH} characters"))  # fmt: skip
    try:
        starts_at = _start(entry, zone)
    except NonexistentLocalTime as error:
        problems.append(Problem(path_text((*where, "date")), str(error)))
    except (ValueError, OverflowError) as error:
        problems.append(Problem(path_text((*where, "date")), str(error)))
    else:
        if not FIRST_YEAR <= starts_at.year <= LAST_YEAR:
            problems.append(Problem(path_text((*where, "date")), f"a session must be in the years {FIRST_YEAR} to {LAST_YEAR}"))  # fmt: skip
    minutes = _minutes(entry["duration"])
    if not 0 < minutes <= LONGEST_SESSION_MINUTES:
        problems.append(Problem(path_text((*where, "duration")), f"a session lasts from a minute to {LONGEST_SESSION_MINUTES // 60} hours"))  # fmt: skip
    room_name = _clean(entry.get("room")) or room.strip()
    if len(room_name) > TITLE_LENGTH:
        problems.append(Problem(path_text((*where, "room")), f"longer than {TITLE_LENGTH} characters"))  # fmt: skip
    track = _clean(entry.get("track"))
    if len(track) > THEME_LENGTH:
        problems.append(Problem(path_text((*where, "track")), f"longer than {THEME_LENGTH} characters"))  # fmt: skip
    keys = []
    for number, person in enumerate(entry.get("persons") or []):
        name = _clean(person.get("name") or person.get("public_name"))
        if not name or len(name) > TITLE_LENGTH:
            problems.append(Problem(path_text((*where, "persons", number, "name")), f"a name of 1 to {TITLE_LENGTH} characters is needed"))  # fmt: skip
            continue
        key = _clean(person.get("guid") or person.get("code") or person.get("id") or name.lower())
        speakers.setdefault(key, SpeakerPlan(key, name, _clean(person.get("biography"))))
        keys.append(key)
    if len(problems) > count:
        return None
    online = bool(_ONLINE_ROOM.search(room_name))
    return EventPlan(
        where=path_text(where), title=title, session_title=_clean(entry.get("subtitle"))[:TITLE_LENGTH],
        summary=_clean(entry.get("abstract")), description=_clean(entry.get("description")),
        format=_format_of(_clean(entry.get("type"))), mode="online" if online else "in_person",
        venue_name="" if online else room_name, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes), themes=(track,) if track else (),
        speaker_keys=tuple(dict.fromkeys(keys)),
    )  # fmt: skip


def _dates(
    conference: dict[str, Any], events: list[EventPlan], zone: ZoneInfo, problems: list[Problem]
) -> tuple[date, date]:
    days = [event.starts_at.astimezone(zone).date() for event in events]
    found: dict[str, date] = {}
    for key in ("start", "end"):
        text = _clean(conference.get(key))[:10]
        if text:
            try:
                found[key] = date.fromisoformat(text)
            except ValueError:
                problems.append(Problem(path_text(("schedule", "conference", key)), f"{text!r} is not a date"))  # fmt: skip
                continue
            if not FIRST_YEAR <= found[key].year <= LAST_YEAR:
                problems.append(Problem(path_text(("schedule", "conference", key)), f"a programme must be in the years {FIRST_YEAR} to {LAST_YEAR}"))  # fmt: skip
                del found[key]
    today = datetime.now(UTC).date()
    starts_on = min([*days, found.get("start", today if not days else min(days))])
    ends_on = max([*days, found.get("end", starts_on)])
    return starts_on, ends_on
