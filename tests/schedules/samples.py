"""Small schedule files in the shape pretalx and frab export, made here for the tests."""

from __future__ import annotations

import copy
import json
from typing import Any


def _talk(number: int, title: str, date: str, start: str, room: str, **fields: Any) -> dict:
    entry = {
        "id": number, "guid": f"00000000-0000-4000-8000-{number:012d}", "logo": "",
        "date": date, "start": start, "duration": "00:45", "room": room,
        "slug": f"democon-{number}", "url": f"https://pretalx.example.org/democon/talk/T{number}/",
        "title": title, "subtitle": "", "track": "Learning culture", "type": "Talk",
        "language": "en", "abstract": "An abstract.", "description": "A description.",
        "recording_license": "", "do_not_record": False,
        "persons": [{"id": 1, "code": "AB12CD", "public_name": "Amina Rahman", "biography": "Bio.", "answers": []}],
        "links": [], "attachments": [], "answers": [],
    }  # fmt: skip
    entry.update(fields)
    return entry


PRETALX: dict[str, Any] = {
    "$schema": "https://c3voc.de/schedule/schema.json",
    "schedule": {
        "version": "v1",
        "base_url": "https://pretalx.example.org/democon/schedule/",
        "conference": {
            "acronym": "democon", "title": "DemoCon", "start": "2027-10-04", "end": "2027-10-05",
            "daysCount": 2, "timeslot_duration": "00:05", "time_zone_name": "Europe/London",
            "rooms": [{"name": "Hall A", "guid": "b379c473-93b9-4eae-9a09-d482e86cede3"}],
            "days": [
                {"index": 1, "date": "2027-10-04", "day_start": "2027-10-04T04:00:00+01:00",
                 "day_end": "2027-10-05T03:59:00+01:00", "rooms": {
                    "Hall A": [_talk(1, "Opening", "2027-10-04T10:00:00+01:00", "10:00", "Hall A")],
                    "Online stage": [_talk(2, "Streamed panel", "2027-10-04T11:00:00+01:00", "11:00", "Online stage", type="Panel", track=None, persons=[{"name": "Bo Li", "code": "ZZ99", "biography": None}])],
                }},
                {"index": 2, "date": "2027-10-05", "day_start": "2027-10-05T04:00:00+01:00",
                 "day_end": "2027-10-06T03:59:00+01:00", "rooms": {
                    "Hall A": [_talk(3, "Workshop: maps", "2027-10-05T09:30:00+01:00", "09:30", "Hall A", type="Workshop"),
                               _talk(4, "Closing", "2027-10-05T16:00:00+01:00", "16:00", "Hall A")],
                }},
            ],
        },
    },
}  # fmt: skip


def pretalx(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(PRETALX)


def as_bytes(document: Any) -> bytes:
    return json.dumps(document).encode()
