"""iCalendar (RFC 5545) documents from plain data: facts in, bytes out. No Flask, no database.

Routes (the feeds) and emails (the attachments) both build their documents here, so that a
session looks the same, with the same UID, wherever a person meets it.

What calendar clients trip on, and what this module does about it:

- Time zones. Times are written in the programme's zone (``DTSTART;TZID=Europe/London:...``)
  with a VTIMEZONE built here from the zone's real transitions, in the yearly RRULE form.
  icalendar's ``Timezone.from_tzinfo()`` writes observances as DTSTART plus RDATE without an
  RRULE, and ical.js (so Thunderbird) then drops each observance's DTSTART: summer-time
  sessions in that year show an hour late.
- A wall-clock time that happens twice when the clocks go back is the first one to RFC 5545
  (and icalendar, vobject) but the second one to ical.js, so such times are written in UTC.
- DTSTAMP and LAST-MODIFIED come from the last change of what the entry shows, never from the
  clock, so an unchanged feed is byte-for-byte the same and its ETag holds.
- Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (icalendar
  does both); control characters that TEXT may not hold are dropped.
"""

from __future__ import annotations

import calendar as gregorian
import copy
import enum
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

PRODID = "-//HLS Events//HLS Events calendar feeds//EN"
DEFAULT_REFRESH = timedelta(hours=1)
# Where every VTIMEZONE starts (see vtimezone()).
VTIMEZONE_FROM_YEAR = 2000
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


class EntryStatus(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


class Audience(enum.StrEnum):
    """Who an entry is written for, which decides its status and what private detail it holds."""

    # Anyone: programme and event feeds. Never any joining details.
    PUBLIC = "public"
    # Has a place, or speaks: joining details included.
    ATTENDING = "attending"
    # On the waiting list: tentative, no joining details.
    WAITLISTED = "waitlisted"
    # Gave up their place (for the email saying so): cancelled, no joining details.
    NOT_ATTENDING = "not_attending"


@dataclass(frozen=True)
class Organizer:
    name: str
    # A public address of the site, never a person's own.
    email: str


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT, ready to write."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: EntryStatus
    sequence: int
    last_modified: datetime
    created: datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    organizer: Organizer | None = None
    # Busy in free/busy searches: only what the person is actually going to.
    busy: bool = False


@dataclass(frozen=True)
class CalendarInfo:
    """The calendar itself: its name, where it lives, and how often clients should look again."""

    name: str
    description: str = ""
    # The web page the calendar is about.
    url: str = ""
    # The feed's own address (RFC 7986 SOURCE); none for a one-off download or attachment.
    source: str = ""
    refresh: timedelta = DEFAULT_REFRESH


@dataclass(frozen=True)
class SessionFacts:
    """What the calendar needs to know about one session, as plain values."""

    session_id: int
    event_title: str
    event_url: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    sequence: int
    # The latest change among the session, its event and (for a person) their registration.
    changed_at: datetime
    created_at: datetime | None = None
    session_title: str = ""
    event_summary: str = ""
    # "online", "in_person" or "hybrid"
    mode: str = "in_person"
    venue_name: str = ""
    venue_address: str = ""
    # Private: written only for Audience.ATTENDING.
    joining_url: str = ""
    # "Name (role)" for each, in order.
    speakers: tuple[str, ...] = ()
    host_organisation: str = ""
    themes: tuple[str, ...] = ()
    event_cancelled: bool = False
    session_cancelled: bool = False


def session_uid(session_id: int, domain: str) -> str:
    """The UID of a session: the same in every feed and email, for the life of the session."""
    return f"session-{session_id}@{domain}"


# --- From session facts to an entry ---------------------------------------------------------


def session_entry(
    facts: SessionFacts,
    *,
    uid_domain: str,
    audience: Audience = Audience.PUBLIC,
    organizer: Organizer | None = None,
) -> CalendarEntry:
    cancelled = facts.event_cancelled or facts.session_cancelled
    if cancelled or audience == Audience.NOT_ATTENDING:
        status = EntryStatus.CANCELLED
    elif audience == Audience.WAITLISTED:
        status = EntryStatus.TENTATIVE
    else:
        status = EntryStatus.CONFIRMED
    joining_url = (
        facts.joining_url.strip()
        if audience == Audience.ATTENDING and status == EntryStatus.CONFIRMED
        else ""
    )
    return CalendarEntry(
        uid=session_uid(facts.session_id, uid_domain),
        summary=_summary(facts, status, audience),
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
        timezone=facts.timezone,
        status=status,
        sequence=facts.sequence,
        last_modified=facts.changed_at,
        created=facts.created_at,
        description=_description(facts, status, audience, joining_url),
        url=facts.event_url,
        location=_location(facts, joining_url),
        categories=facts.themes,
        organizer=organizer,
        busy=audience == Audience.ATTENDING and status == EntryStatus.CONFIRMED,
    )


def _summary(facts: SessionFacts, status: EntryStatus, audience: Audience) -> str:
    title = facts.event_title
    if facts.session_title:
        title = f"{title}: {facts.session_title}"
    # Some clients show STATUS nowhere, so the title says it too.
    if status == EntryStatus.CANCELLED:
        return f"Cancelled: {title}"
    if status == EntryStatus.TENTATIVE:
        return f"Waiting list: {title}"
    return title


def _location(facts: SessionFacts, joining_url: str) -> str:
    venue = ", ".join(part for part in (facts.venue_name, facts.venue_address) if part.strip())
    if facts.mode == "online":
        return joining_url or "Online"
    if facts.mode == "hybrid":
        online = f"or online at {joining_url}" if joining_url else "or online"
        return f"{venue}, {online}" if venue else (joining_url or "Online")
    return venue


def _description(
    facts: SessionFacts, status: EntryStatus, audience: Audience, joining_url: str
) -> str:
    paragraphs: list[str] = []
    if audience == Audience.NOT_ATTENDING and not (
        facts.event_cancelled or facts.session_cancelled
    ):
        paragraphs.append("You have given up your place at this event.")
    elif facts.event_cancelled:
        paragraphs.append("This event has been cancelled.")
    elif facts.session_cancelled:
        paragraphs.append("This session has been cancelled.")
    elif status == EntryStatus.TENTATIVE:
        paragraphs.append(
            "You are on the waiting list for this event. We will email you if a place comes up."
        )
    if facts.event_summary:
        paragraphs.append(facts.event_summary)
    about = []
    if facts.speakers:
        about.append("Speakers: " + ", ".join(facts.speakers))
    if facts.host_organisation:
        about.append(f"Hosted by {facts.host_organisation}")
    if about:
        paragraphs.append("\n".join(about))
    if joining_url:
        paragraphs.append(f"Join online: {joining_url}")
    elif facts.mode in ("online", "hybrid") and status == EntryStatus.CONFIRMED:
        paragraphs.append("Joining details are sent to people who have a place.")
    if facts.event_url:
        paragraphs.append(f"Details: {facts.event_url}")
    return "\n\n".join(paragraphs)


# --- Writing the document ---------------------------------------------------------------------


def build_calendar(info: CalendarInfo, entries: Iterable[CalendarEntry]) -> bytes:
    """A complete VCALENDAR: one VEVENT per entry, one VTIMEZONE per zone the entries use."""
    entries = list(entries)
    for entry in entries:
        if entry.starts_at.tzinfo is None or entry.ends_at.tzinfo is None:
            raise ValueError(f"{entry.uid}: naive datetime given where an aware one is required")
    # A stable order, so that the same facts always make the same bytes (and ETag).
    entries.sort(key=lambda entry: (entry.starts_at, entry.uid))
    uids = [entry.uid for entry in entries]
    if len(set(uids)) != len(uids):
        raise ValueError("two entries share a UID")

    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    # NAME is TEXT (RFC 7986), though icalendar does not know it: escape it as such.
    document.add("name", vText(_text(info.name)))
    document.add("x-wr-calname", _one_line(info.name))
    if info.description:
        document.add("description", _text(info.description))
        document.add("x-wr-caldesc", _one_line(info.description))
    if info.url:
        document.add("url", info.url, parameters={"VALUE": "URI"})
    if info.source:
        document.add("source", info.source, parameters={"VALUE": "URI"})
    document.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
    document.add("x-published-ttl", _duration(info.refresh))

    instants: dict[str, list[datetime]] = defaultdict(list)
    for entry in entries:
        if not _is_utc(entry.timezone):
            instants[entry.timezone] += [entry.starts_at, entry.ends_at]
    # The components are written one by one, as icalendar would write them inside the calendar,
    # so that each can be kept: a feed is mostly the same entries again, and writing an entry
    # costs far more than finding it.
    end = b"END:VCALENDAR\r\n"
    head = document.to_ical()
    assert head.endswith(end)
    return b"".join(
        [
            head[: -len(end)],
            *(
                _vtimezone_bytes(tzid, *_years(tzid, min(instants[tzid]), max(instants[tzid])))
                for tzid in sorted(instants)
            ),
            *(_vevent_bytes(entry) for entry in entries),
            end,
        ]
    )


@lru_cache(maxsize=256)
def _vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return _vtimezone(tzid, first_year, last_year).to_ical()


# Entries are immutable and hashable; this many written entries stay in each process (about
# 1 KB each), enough for every session of the largest programme and the personal feeds beside.
@lru_cache(maxsize=8192)
def _vevent_bytes(entry: CalendarEntry) -> bytes:
    return _vevent(entry).to_ical()


def _vevent(entry: CalendarEntry) -> Event:
    stamp = _utc_second(entry.last_modified)
    vevent = Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", stamp)
    if entry.created is not None:
        vevent.add("created", min(_utc_second(entry.created), stamp))
    vevent.add("last-modified", stamp)
    vevent.add("sequence", entry.sequence)
    vevent.add("dtstart", _wall_clock(entry.starts_at, entry.timezone))
    vevent.add("dtend", _wall_clock(entry.ends_at, entry.timezone))
    vevent.add("summary", _text(entry.summary))
    vevent.add("status", str(entry.status))
    vevent.add("transp", "OPAQUE" if entry.busy else "TRANSPARENT")
    if entry.description:
        vevent.add("description", _text(entry.description))
    if entry.url:
        vevent.add("url", entry.url, parameters={"VALUE": "URI"})
    if entry.location:
        vevent.add("location", _text(entry.location))
    if entry.categories:
        vevent.add("categories", [_text(category) for category in entry.categories])
    if entry.organizer is not None:
        organizer = vCalAddress(f"mailto:{entry.organizer.email}")
        organizer.params["CN"] = _text(entry.organizer.name)
        vevent.add("organizer", organizer)
    return vevent


def _wall_clock(instant: datetime, tzid: str) -> datetime:
    """The instant as the programme's wall-clock time, or in UTC where that would mislead."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    if _is_utc(tzid):
        return _utc_second(instant)
    zone = ZoneInfo(tzid)
    local = instant.astimezone(zone).replace(microsecond=0)
    # RFC 5545 reads a wall-clock time that happens twice as the first one; ical.js reads it
    # as the second. Only UTC means the same instant to both.
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return _utc_second(instant)
    return local.replace(fold=0)


def _utc_second(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    return value.astimezone(UTC).replace(microsecond=0)


def _is_utc(tzid: str) -> bool:
    return tzid in _UTC_NAMES


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    text = "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return text if text != "P" else "PT0S"


def _one_line(value: str) -> str:
    """For the X-WR- properties, which clients read as they stand, without unescaping: so no
    line breaks (they would end the content line) and nothing to escape."""
    return " ".join(_text(value).split())


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Unicode's control characters (category Cc) but for the line feed and tab.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """TEXT a client will show as written: one kind of line break, no control characters."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value)).strip()


# --- VTIMEZONE in the yearly RRULE form --------------------------------------------------------


@dataclass(frozen=True)
class _Transition:
    at: datetime  # UTC
    offset_from: timedelta
    offset_to: timedelta
    is_daylight: bool
    name: str

    @property
    def onset(self) -> datetime:
        """The wall-clock time it happens, on the clock it replaces (as VTIMEZONE's DTSTART)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


@dataclass
class _Run:
    """Transitions of one kind in consecutive years that one yearly rule describes."""

    transitions: list[_Transition]
    rules: list[tuple[str, str | int]] = field(default_factory=list)


def vtimezone(tzid: str, first: datetime, last: datetime) -> Timezone:
    """A VTIMEZONE for ``tzid`` that is right from ``first`` to ``last`` and, while the zone's
    current rules last, beyond it.

    It starts in VTIMEZONE_FROM_YEAR (or ``first``'s year, if earlier), so that a zone's
    definition is the same in every feed and email: some clients (vobject, for one) keep the
    first VTIMEZONE they see for a TZID and read other calendars' times by it. An observance
    opens that year, so that every time in the range follows some onset; then each kind of
    change is a yearly RRULE (BYDAY such as -1SU or 2SU, else BYMONTHDAY), with UNTIL where
    the zone's rules changed within the range. A zone without changes has the one observance.
    """
    # A copy, so that nobody can change the cached one.
    return copy.deepcopy(_vtimezone(tzid, *_years(tzid, first, last)))


def _years(tzid: str, first: datetime, last: datetime) -> tuple[int, int]:
    """The years a VTIMEZONE covers for times from ``first`` to ``last``."""
    zone = ZoneInfo(tzid)
    return min(first.astimezone(zone).year, VTIMEZONE_FROM_YEAR), last.astimezone(zone).year


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    zone = ZoneInfo(tzid)
    # One more year than needed, so that a rule seen once in the range is still told apart
    # (4th Sunday or last Sunday?) by its next occurrence.
    end_year = last_year + 1
    component = Timezone()
    component.add("tzid", tzid)

    opening = datetime(first_year, 1, 1, tzinfo=zone)
    offset = opening.utcoffset() or timedelta(0)
    component.add_component(
        _observance(
            bool(opening.dst()),
            opening.tzname() or tzid,
            offset,
            offset,
            opening.replace(tzinfo=None),
        )
    )

    transitions = _transitions(
        zone, opening.astimezone(UTC), datetime(end_year + 1, 1, 1, tzinfo=UTC)
    )
    for run in _runs(transitions):
        head, tail = run.transitions[0], run.transitions[-1]
        observance = _observance(
            head.is_daylight, head.name, head.offset_from, head.offset_to, head.onset
        )
        open_ended = tail.onset.year >= end_year
        if len(run.transitions) > 1 or open_ended:
            kind, value = run.rules[0]
            rule: dict[str, object] = {"freq": "yearly", "bymonth": head.onset.month, kind: value}
            if not open_ended:
                rule["until"] = tail.at
            observance.add("rrule", rule)
        component.add_component(observance)
    return component


def _observance(
    daylight: bool, name: str, offset_from: timedelta, offset_to: timedelta, onset: datetime
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    observance.add("tzname", name)
    return observance


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset() or timedelta(0)


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[_Transition]:
    """Every change of UTC offset between two instants, found to the second."""
    found = []
    step = timedelta(days=1)
    here, here_offset = start, _offset(zone, start)
    while here < end:
        there = here + step
        there_offset = _offset(zone, there)
        if there_offset != here_offset:
            low, high = here, there
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == here_offset:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            local = high.astimezone(zone)
            found.append(
                _Transition(
                    at=high,
                    offset_from=here_offset,
                    offset_to=there_offset,
                    is_daylight=bool(local.dst()),
                    name=local.tzname() or zone.key,
                )
            )
        here, here_offset = there, there_offset
    return found


def _day_rules(day: date) -> list[tuple[str, str | int]]:
    """Ways a yearly rule could name this day, best first."""
    weekday = _WEEKDAYS[day.weekday()]
    rules: list[tuple[str, str | int]] = []
    if day.day + 7 > gregorian.monthrange(day.year, day.month)[1]:
        rules.append(("byday", f"-1{weekday}"))
    rules.append(("byday", f"{(day.day - 1) // 7 + 1}{weekday}"))
    rules.append(("bymonthday", day.day))
    return rules


def _runs(transitions: Sequence[_Transition]) -> list[_Run]:
    kinds: dict[tuple[object, ...], list[_Transition]] = defaultdict(list)
    for transition in transitions:
        onset = transition.onset
        key = (
            transition.is_daylight,
            transition.name,
            transition.offset_from,
            transition.offset_to,
            onset.month,
            time(onset.hour, onset.minute, onset.second),
        )
        kinds[key].append(transition)
    runs: list[_Run] = []
    for same_kind in kinds.values():
        current: _Run | None = None
        for transition in same_kind:
            rules = _day_rules(transition.onset.date())
            if current is not None:
                previous = current.transitions[-1]
                shared = [rule for rule in current.rules if rule in rules]
                if transition.onset.year == previous.onset.year + 1 and shared:
                    current.transitions.append(transition)
                    current.rules = shared
                    continue
            current = _Run([transition], rules)
            runs.append(current)
    return sorted(runs, key=lambda run: run.transitions[0].at)
