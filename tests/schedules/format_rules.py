"""The schedule formats' rules, written out as checks (read from the c3voc validator's JSON
schema and XSD, which are not copied here; CI checks against the official files from outside).

``json_problems`` and ``xml_problems`` return every broken rule, so a failure names them all.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from lxml import etree

DATE_TIME_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$")
HH_MM = re.compile(r"^[0-2][0-9]:[0-5][0-9]$")
DURATION = re.compile(r"^[0-9]{1,2}:[0-9]{2}$")
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
ENTRY_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
HTTP_URL = re.compile(r"^https?://\S+$")

TOP_KEYS = {"schedule", "$schema", "generator"}
CONFERENCE_REQUIRED = {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"}
CONFERENCE_ALLOWED = CONFERENCE_REQUIRED | {
    "description", "time_zone_name", "logo", "colors", "keywords", "url", "tracks", "rooms", "meta",
}  # fmt: skip
DAY_KEYS = {"index", "date", "day_start", "day_end", "rooms"}
ROOM_KEYS = {"name", "guid", "description", "capacity"}
ENTRY_REQUIRED = {
    "abstract", "date", "duration", "guid", "id", "language", "links", "persons", "room", "slug",
    "start", "subtitle", "title", "track", "type", "url",
}  # fmt: skip
ENTRY_ALLOWED = ENTRY_REQUIRED | {
    "logo", "description", "recording_license", "do_not_record", "do_not_stream", "attachments",
    "answers",
}  # fmt: skip


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _is_date_time(value: Any) -> bool:
    if not isinstance(value, str) or not DATE_TIME_WITH_OFFSET.match(value):
        return False
    return datetime.fromisoformat(value).tzinfo is not None


def _string_or_null(value: Any) -> bool:
    return value is None or isinstance(value, str)


def json_problems(document: Any) -> list[str]:
    problems: list[str] = []

    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            problems.append(f"{where}: {what}")

    need(isinstance(document, dict), "$", "not an object")
    need(set(document) <= TOP_KEYS, "$", f"unexpected keys {set(document) - TOP_KEYS}")
    schedule = document["schedule"]
    need("rooms" not in schedule, "$.schedule", "rooms belong in the conference")
    need(isinstance(schedule.get("version"), str), "$.schedule.version", "missing or not text")
    need(
        HTTP_URL.match(schedule.get("base_url", "")) is not None, "$.schedule.base_url", "not a URL"
    )
    conference = schedule["conference"]
    need(set(conference) >= CONFERENCE_REQUIRED, "$.conference", "missing required keys")
    need(
        set(conference) <= CONFERENCE_ALLOWED,
        "$.conference",
        f"extra {set(conference) - CONFERENCE_ALLOWED}",
    )
    need(ACRONYM.match(conference["acronym"]) is not None, "acronym", repr(conference["acronym"]))
    need(_is_date(conference["start"]) and _is_date(conference["end"]), "start/end", "not dates")
    need(type(conference["daysCount"]) is int, "daysCount", "not an integer")
    need(conference["daysCount"] == len(conference["days"]), "daysCount", "not the number of days")
    need(isinstance(conference["timeslot_duration"], str), "timeslot_duration", "not text")
    if "time_zone_name" in conference:
        need(re.match(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$", conference["time_zone_name"]) is not None, "time_zone_name", "shape")  # fmt: skip
    for number, track in enumerate(conference.get("tracks", [])):
        need(isinstance(track.get("name"), str), f"tracks[{number}]", "no name")
    room_names = set()
    for number, room in enumerate(conference.get("rooms", [])):
        where = f"rooms[{number}]"
        need(set(room) <= ROOM_KEYS and {"name", "guid"} <= set(room), where, f"keys {set(room)}")
        need(UUID.match(room["guid"]) is not None, where, "guid is not a UUID")
        room_names.add(room["name"])
    ids, guids, slugs, indexes = [], [], [], []
    for day_number, day in enumerate(conference["days"]):
        where = f"days[{day_number}]"
        need(set(day) == DAY_KEYS, where, f"keys {set(day)}")
        need(type(day["index"]) is int and day["index"] >= 1, where, "index")
        indexes.append(day["index"])
        need(_is_date(day["date"]), where, "date")
        need(_is_date_time(day["day_start"]) and _is_date_time(day["day_end"]), where, "bounds")
        need(isinstance(day["rooms"], dict), where, "rooms is not an object")
        for room_name, entries in day["rooms"].items():
            need(room_name in room_names, where, f"room {room_name!r} is not in the rooms list")
            for entry_number, entry in enumerate(entries):
                here = f"{where}.rooms[{room_name!r}][{entry_number}]"
                need(set(entry) >= ENTRY_REQUIRED, here, f"missing {ENTRY_REQUIRED - set(entry)}")
                need(set(entry) <= ENTRY_ALLOWED, here, f"extra {set(entry) - ENTRY_ALLOWED}")
                # Go on with the other rules, missing keys standing empty.
                entry = {**dict.fromkeys(ENTRY_REQUIRED, ""), **entry}
                need(type(entry["id"]) is int and entry["id"] >= 1, here, "id")
                need(UUID.match(entry["guid"]) is not None, here, "guid")
                need(_is_date_time(entry["date"]), here, f"date {entry['date']!r}")
                need(HH_MM.match(entry["start"]) is not None, here, f"start {entry['start']!r}")
                need(DURATION.match(entry["duration"]) is not None, here, "duration")
                need(entry["room"] == room_name, here, "room differs from its key")
                need(ENTRY_SLUG.match(entry["slug"]) is not None, here, f"slug {entry['slug']!r}")
                need(HTTP_URL.match(entry["url"]) is not None, here, "url")
                for key in ("title", "type", "language"):
                    need(isinstance(entry[key], str), here, f"{key} not text")
                for key in ("subtitle", "track", "abstract", "description"):
                    need(_string_or_null(entry.get(key)), here, f"{key} neither text nor null")
                for key in ("persons", "links", "attachments", "answers"):
                    need(isinstance(entry.get(key, []), list), here, f"{key} not a list")
                for person in entry["persons"] or []:
                    frab = "public_name" in person and "id" in person
                    pretalx = isinstance(person.get("name"), str)
                    need(
                        frab != pretalx, here, "a person must be one kind (name, or public_name+id)"
                    )
                    if "guid" in person:
                        need(UUID.match(person["guid"]) is not None, here, "person guid")
                if _is_date_time(entry["date"]):
                    start = datetime.fromisoformat(entry["date"])
                    need(start.strftime("%H:%M") == entry["start"], here, "start is not the date's")
                ids.append(entry["id"])
                guids.append(entry["guid"])
                slugs.append(entry["slug"])
    need(len(set(ids)) == len(ids), "$", "ids repeat")
    need(len(set(guids)) == len(guids), "$", "guids repeat")
    need(len(set(slugs)) == len(slugs), "$", "slugs repeat")
    need(len(set(indexes)) == len(indexes), "$", "day indexes repeat")
    return problems


CONFERENCE_XML = {"title", "acronym", "start", "end", "days", "timeslot_duration", "base_url", "time_zone_name"}  # fmt: skip
EVENT_XML_REQUIRED = {"room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug", "track"}  # fmt: skip
EVENT_XML_ALLOWED = EVENT_XML_REQUIRED | {
    "logo", "persons", "language", "description", "recording", "links", "attachments",
    "video_download_url", "url",
}  # fmt: skip


def xml_problems(body: bytes) -> list[str]:
    problems: list[str] = []

    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            problems.append(f"{where}: {what}")

    root = etree.fromstring(body)
    need(root.tag == "schedule", "/", "the root is not <schedule>")
    children = [child.tag for child in root]
    head = [tag for tag in children if tag != "day"]
    need(
        head in (["version", "conference"], ["generator", "version", "conference"]),
        "/",
        f"order {head}",
    )
    need(children[-1] == "day" and children.count("day") >= 1, "/", "no days after the conference")
    conference = root.find("conference")
    tags = [child.tag for child in conference]
    need(len(tags) == len(set(tags)) and set(tags) <= CONFERENCE_XML, "conference", f"tags {tags}")
    need({"title", "acronym"} <= set(tags), "conference", "title and acronym are required")
    for tag in ("start", "end"):
        need(_is_date(conference.findtext(tag)), f"conference/{tag}", "not a date")
    need(re.fullmatch(r"\d+", conference.findtext("days") or "") is not None, "days", "integer")
    need(HTTP_URL.match(conference.findtext("base_url") or "http://x") is not None, "base_url", "")
    ids, guids, slugs, indexes = [], [], [], []
    for day in root.iterfind("day"):
        need(set(day.attrib) <= {"date", "start", "end", "index"}, "day", str(day.attrib))
        need(_is_date(day.get("date")), "day@date", "")
        need(_is_date_time(day.get("start")) and _is_date_time(day.get("end")), "day", "bounds")
        need(int(day.get("index")) >= 1, "day@index", "positive")
        indexes.append(day.get("index"))
        for room in day:
            need(room.tag == "room" and set(room.attrib) <= {"name"}, "day", f"child {room.tag}")
            for event in room:
                where = f"event {event.get('id')}"
                need(event.tag == "event", where, "a room holds events only")
                need(set(event.attrib) == {"id", "guid"}, where, f"attributes {event.attrib}")
                need(re.fullmatch(r"[1-9][0-9]*", event.get("id")) is not None, where, "id")
                need(UUID.fullmatch(event.get("guid")) is not None, where, "guid")
                tags = [child.tag for child in event]
                need(len(tags) == len(set(tags)), where, "an element repeats")
                need(
                    set(tags) >= EVENT_XML_REQUIRED,
                    where,
                    f"missing {EVENT_XML_REQUIRED - set(tags)}",
                )
                need(
                    set(tags) <= EVENT_XML_ALLOWED, where, f"extra {set(tags) - EVENT_XML_ALLOWED}"
                )
                need(_is_date_time(event.findtext("date")), where, "date")
                need(re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", event.findtext("start")) is not None, where, "start")  # fmt: skip
                need(re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", event.findtext("duration")) is not None, where, "duration")  # fmt: skip
                need(event.findtext("room") == room.get("name"), where, "room differs")
                if event.find("url") is not None:
                    need(HTTP_URL.match(event.findtext("url")) is not None, where, "url")
                recording = event.find("recording")
                if recording is not None:
                    need(
                        sorted(c.tag for c in recording) == ["license", "optout"],
                        where,
                        "recording",
                    )
                    need(
                        recording.findtext("optout") in ("true", "false", "1", "0"), where, "optout"
                    )
                for person in event.iterfind("persons/person"):
                    need(set(person.attrib) <= {"id"}, where, "person attributes")
                    need(
                        re.fullmatch(r"[1-9][0-9]*", person.get("id", "1")) is not None,
                        where,
                        "person id",
                    )
                need(all(c.tag == "person" for c in event.iterfind("persons/*")), where, "persons")
                need(all(c.tag == "link" and set(c.attrib) <= {"href"} for c in event.iterfind("links/*")), where, "links")  # fmt: skip
                ids.append(event.get("id"))
                guids.append(event.get("guid"))
                slugs.append(event.findtext("slug"))
    for name, values in (("id", ids), ("guid", guids), ("slug", slugs), ("day index", indexes)):
        need(len(set(values)) == len(values), "/", f"{name}s repeat")
    return problems


def valid_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
