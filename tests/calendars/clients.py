"""Real calendar parsers, and lint rules for what calendar clients trip on.

Each parser reports, per VEVENT UID, the start and end as UTC instants, the STATUS and the
SEQUENCE. ``parse_everywhere`` runs them all and fails unless they agree on every instant.

- ical.js (Mozilla, inside Thunderbird), through ``parse_ical.mjs`` and Node, with the
  document's own VTIMEZONEs registered.
- icalendar: as it reads the document, and again with each time read through a tzinfo made
  from our VTIMEZONE (``Timezone.to_tz(lookup_tzid=False)``), not from its own zone database.
- vobject: as it reads the document, and again through dateutil's reading of our VTIMEZONE.
- recurring-ical-events: the occurrences it expands, which is what calendar views show.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
import vobject

ROOT = Path(__file__).resolve().parents[2]
NODE_SCRIPT = Path(__file__).with_name("parse_ical.mjs")
ICAL_JS = ROOT / "node_modules" / "ical.js" / "package.json"


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime
    status: str | None = None
    sequence: int | None = None


Parsed = dict[str, Occurrence]


def require_ical_js() -> str:
    """The node binary, or a failure that says how to get ical.js (never a skip)."""
    node = shutil.which("node")
    if node is None:
        raise AssertionError("Node.js is not installed: the calendar tests need it for ical.js.")
    if not ICAL_JS.exists():
        raise AssertionError(
            "node_modules/ical.js is missing: run `make test` (it runs `npm ci`) and try again."
        )
    return node


def _utc(value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise AssertionError(f"not an instant: {value!r}")
    return value.astimezone(UTC)


def parse_ical_js(body: bytes) -> Parsed:
    node = require_ical_js()
    result = subprocess.run(
        [node, str(NODE_SCRIPT)],
        input=body,
        capture_output=True,
        check=False,
        cwd=ROOT,
        # A TZID that ical.js could not resolve would fall back to this process's zone:
        # a zone far from UTC and London makes such a mistake show.
        env={"PATH": str(Path(node).parent), "TZ": "Pacific/Auckland"},
        timeout=60,
    )
    if result.returncode != 0:
        raise AssertionError(f"ical.js could not read the calendar: {result.stderr.decode()}")
    document = json.loads(result.stdout)
    return {
        event["uid"]: Occurrence(
            datetime.fromisoformat(event["start"].replace("Z", "+00:00")),
            datetime.fromisoformat(event["end"].replace("Z", "+00:00")),
            event["status"],
            event["sequence"],
        )
        for event in document["events"]
    }


def parse_icalendar(body: bytes) -> Parsed:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(event["UID"]): Occurrence(
            _utc(event.decoded("DTSTART")),
            _utc(event.decoded("DTEND")),
            str(event.get("STATUS")),
            int(event.get("SEQUENCE", 0)),
        )
        for event in calendar.walk("VEVENT")
    }


def _our_zones_with_icalendar(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}


def _through(zones: dict[str, Any], prop: Any, localize: Any) -> datetime:
    tzid = prop.params.get("TZID")
    value = prop.dt
    if tzid is None:
        return _utc(value)
    return localize(zones[tzid], value.replace(tzinfo=None)).astimezone(UTC)


def parse_icalendar_vtimezone(body: bytes) -> Parsed:
    """icalendar, with times read through our VTIMEZONE rather than its zone database."""
    calendar = icalendar.Calendar.from_ical(body)
    zones = _our_zones_with_icalendar(calendar)

    def localize(zone: Any, naive: datetime) -> datetime:
        if hasattr(zone, "localize"):  # pytz-like
            return zone.localize(naive)
        return naive.replace(tzinfo=zone)

    return {
        str(event["UID"]): Occurrence(
            _through(zones, event["DTSTART"], localize),
            _through(zones, event["DTEND"], localize),
        )
        for event in calendar.walk("VEVENT")
    }


def parse_vobject(body: bytes) -> Parsed:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {
        event.uid.value: Occurrence(
            _utc(event.dtstart.value),
            _utc(event.dtend.value),
            event.status.value if hasattr(event, "status") else None,
            int(event.sequence.value) if hasattr(event, "sequence") else None,
        )
        for event in calendar.contents.get("vevent", [])
    }


def parse_vobject_vtimezone(body: bytes) -> Parsed:
    """vobject, with times read through dateutil's reading of our VTIMEZONE."""
    calendar = vobject.readOne(body.decode("utf-8"))
    zones = {zone.tzid.value: zone.gettzinfo() for zone in calendar.contents.get("vtimezone", [])}
    found: Parsed = {}
    for event in calendar.contents.get("vevent", []):
        instants = []
        for line in (event.dtstart, event.dtend):
            tzid = line.params.get("TZID", [None])[0]
            value = line.value
            if tzid is not None:
                value = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
            instants.append(_utc(value))
        found[event.uid.value] = Occurrence(*instants)
    return found


def parse_recurring_ical_events(body: bytes) -> Parsed:
    calendar = icalendar.Calendar.from_ical(body)
    occurrences = recurring_ical_events.of(calendar).between(
        datetime(1970, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)
    )
    found: Parsed = {}
    for event in occurrences:
        uid = str(event["UID"])
        assert uid not in found, f"{uid} occurs more than once"
        found[uid] = Occurrence(
            _utc(event["DTSTART"].dt), _utc(event["DTEND"].dt), str(event.get("STATUS"))
        )
    return found


PARSERS = {
    "ical.js": parse_ical_js,
    "icalendar": parse_icalendar,
    "icalendar with our VTIMEZONE": parse_icalendar_vtimezone,
    "vobject": parse_vobject,
    "vobject with our VTIMEZONE": parse_vobject_vtimezone,
    "recurring-ical-events": parse_recurring_ical_events,
}


def parse_everywhere(body: bytes) -> Parsed:
    """Parse with every client; fail unless all agree on every UID's start and end instant.
    Returns ical.js's reading (statuses and sequences included)."""
    readings = {name: parse(body) for name, parse in PARSERS.items()}
    reference = readings["ical.js"]
    for name, reading in readings.items():
        assert set(reading) == set(reference), f"{name} sees other UIDs than ical.js"
        for uid, occurrence in reference.items():
            theirs = reading[uid]
            assert (theirs.start, theirs.end) == (occurrence.start, occurrence.end), (
                f"{name} reads {uid} as {theirs.start}..{theirs.end}, "
                f"ical.js as {occurrence.start}..{occurrence.end}"
            )
    for uid, occurrence in reference.items():
        statuses = {readings["icalendar"][uid].status, readings["vobject"][uid].status}
        assert statuses == {occurrence.status}, f"parsers disagree on {uid}'s STATUS"
    return reference


# --- Lint ----------------------------------------------------------------------------------

_TZID_PARAM = re.compile(r";TZID=(\"[^\"]*\"|[^;:]*)")


def unfolded_lines(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def lint(body: bytes) -> list[str]:
    """What calendar clients trip on. An empty list means the document passes."""
    problems: list[str] = []
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return ["not UTF-8"]
    if not body.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    physical = body.split(b"\r\n")[:-1]
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a line break that is not CRLF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folding split a UTF-8 character")
        if not line:
            problems.append(f"line {number}: empty line")

    lines = unfolded_lines(body)
    if not lines or lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        problems.append("not one VCALENDAR")
    top = _top_level(lines)
    if top.get("VERSION") != ["2.0"]:
        problems.append("VERSION:2.0 missing")
    if len(top.get("PRODID", [])) != 1:
        problems.append("PRODID missing")
    if top.get("METHOD", ["PUBLISH"]) != ["PUBLISH"]:
        problems.append(f"METHOD is {top['METHOD']}, not PUBLISH")

    timezones: set[str] = set()
    used_tzids: set[str] = set()
    uids: list[str] = []
    for component in _components(lines, "VEVENT"):
        names = [_name(line) for line in component]
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if names.count(required) != 1:
                problems.append(f"a VEVENT has {names.count(required)} {required}")
        uids += [_value(line) for line in component if _name(line) == "UID"]
        for line in component:
            head = line[: len(line) - len(_value(line)) - 1]
            used_tzids.update(match.strip('"') for match in _TZID_PARAM.findall(head))
    for component in _components(lines, "VTIMEZONE"):
        timezones.update(_value(line) for line in component if _name(line) == "TZID")
        for observance in _components(component, "STANDARD") + _components(component, "DAYLIGHT"):
            names = [_name(line) for line in observance]
            if "RDATE" in names and "RRULE" not in names:
                problems.append(
                    "a VTIMEZONE observance has RDATE without RRULE (ical.js drops its DTSTART)"
                )
    for tzid in sorted(used_tzids - timezones):
        problems.append(f"TZID {tzid} has no VTIMEZONE")
    duplicates = {uid for uid in uids if uids.count(uid) > 1}
    if duplicates:
        problems.append(f"duplicate UIDs: {sorted(duplicates)}")
    return problems


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def _value(line: str) -> str:
    """The value of a content line: after the first ":" outside a quoted parameter."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[index + 1 :]
    raise AssertionError(f"not a content line: {line!r}")


def _top_level(lines: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    depth = 0
    for line in lines:
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        elif depth == 1:
            found.setdefault(_name(line), []).append(_value(line))
    return found


def _components(lines: list[str], name: str) -> list[list[str]]:
    found: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    for line in lines:
        if current is not None:
            if line == f"BEGIN:{name}":
                depth += 1
            if line == f"END:{name}":
                if depth == 0:
                    found.append(current)
                    current = None
                    continue
                depth -= 1
            current.append(line)
        elif line == f"BEGIN:{name}":
            current = []
    return found


def vevents(body: bytes) -> dict[str, dict[str, str]]:
    """Each VEVENT's properties (name: unfolded raw value, parameters dropped), by UID."""
    found = {}
    for component in _components(unfolded_lines(body), "VEVENT"):
        properties = {}
        for line in component:
            properties[_name(line)] = _value(line)
        found[properties["UID"]] = properties
    return found


def calendar_properties(body: bytes) -> dict[str, list[str]]:
    return _top_level(unfolded_lines(body))


def check(body: bytes) -> Parsed:
    """Lint, then parse everywhere: what every feed test does with every document."""
    problems = lint(body)
    assert not problems, "\n".join(problems)
    return parse_everywhere(body)
