"""iCalendar (RFC 5545) documents from plain data: facts in, bytes out. No Flask, no database.

Routes (the feeds) and emails (the attachments) both build their documents here, so that a
session looks the same, with the same UID, wherever a person meets it.

What calendar clients trip on, and what this module does about it:

- Time zones. Times are written in the programme's zone (``DTSTART;TZID=Europe/London:...``)
  with a VTIMEZONE built from the zone's real transitions, in the yearly RRULE form
  (vtimezone.py says why).
- A wall-clock time that happens twice when the clocks go back is the first one to RFC 5545
  (and icalendar, vobject) but the second one to ical.js, so such times are written in UTC.
- DTSTAMP and LAST-MODIFIED come from the last change of what the entry shows, never from the
  clock, so an unchanged feed is byte-for-byte the same and its ETag holds.
- Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (icalendar
  does both); control characters that TEXT may not hold are dropped.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from icalendar import (
    Calendar,
    Event,
    vCalAddress,
    vText,
    vUri,
)

from .ical_values import as_text, duration_value, is_utc, one_line, utc_second, wall_clock
from .vtimezone import vtimezone_bytes

PRODID = "-//HLS Events//HLS Events calendar feeds//EN"


def _untranslated(string: str, **variables: object) -> str:
    return string % variables if variables else string


_translate: Callable[..., str] = _untranslated


def use_translation(gettext: Callable[..., str]) -> None:
    """How the words this module writes are put in the reader's language (``i18n.py`` plugs in
    Flask-Babel's gettext), so that the module itself stays free of Flask."""
    global _translate
    _translate = gettext


def _(string: str, **variables: object) -> str:
    return _translate(string, **variables)


DEFAULT_REFRESH = timedelta(hours=1)


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
    # The joining link again as RFC 7986 CONFERENCE, for those who may see it.
    conference: str = ""
    # CLASS:PRIVATE: an entry in one person's own calendar.
    private: bool = False


@dataclass(frozen=True)
class CalendarInfo:
    """The calendar itself: its name, where it lives, and how often clients should look again."""

    name: str
    description: str = ""
    # The web page the calendar is about.
    url: str = ""
    # The feed's own address (RFC 7986 SOURCE); none for a one-off download or attachment.
    source: str = ""
    # How often a subscribed client looks again; None for a one-off file, which is not polled.
    refresh: timedelta | None = DEFAULT_REFRESH


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
        conference=joining_url,
    )


def _summary(facts: SessionFacts, status: EntryStatus, audience: Audience) -> str:
    title = facts.event_title
    if facts.session_title:
        title = f"{title}: {facts.session_title}"
    # Some clients show STATUS nowhere, so the title says it too.
    if status == EntryStatus.CANCELLED:
        return _("Cancelled: %(title)s", title=title)
    if status == EntryStatus.TENTATIVE:
        return _("Waiting list: %(title)s", title=title)
    return title


def _location(facts: SessionFacts, joining_url: str) -> str:
    venue = ", ".join(part for part in (facts.venue_name, facts.venue_address) if part.strip())
    if facts.mode == "online":
        return joining_url or _("Online")
    if facts.mode == "hybrid":
        if not venue:
            return joining_url or _("Online")
        if joining_url:
            return _("%(venue)s, or online at %(url)s", venue=venue, url=joining_url)
        return _("%(venue)s, or online", venue=venue)
    return venue


def _description(
    facts: SessionFacts, status: EntryStatus, audience: Audience, joining_url: str
) -> str:
    paragraphs: list[str] = []
    if audience == Audience.NOT_ATTENDING and not (
        facts.event_cancelled or facts.session_cancelled
    ):
        paragraphs.append(_("You have given up your place at this event."))
    elif facts.event_cancelled:
        paragraphs.append(_("This event has been cancelled."))
    elif facts.session_cancelled:
        paragraphs.append(_("This session has been cancelled."))
    elif status == EntryStatus.TENTATIVE:
        paragraphs.append(
            _("You are on the waiting list for this event. We will email you if a place comes up.")
        )
    if facts.event_summary:
        paragraphs.append(facts.event_summary)
    about = []
    if facts.speakers:
        about.append(_("Speakers: %(names)s", names=", ".join(facts.speakers)))
    if facts.host_organisation:
        about.append(_("Hosted by %(organisation)s", organisation=facts.host_organisation))
    if about:
        paragraphs.append("\n".join(about))
    if joining_url:
        paragraphs.append(_("Join online: %(url)s", url=joining_url))
    elif facts.mode in ("online", "hybrid") and status == EntryStatus.CONFIRMED:
        paragraphs.append(_("Joining details are sent to people who have a place."))
    if facts.event_url:
        paragraphs.append(_("Details: %(url)s", url=facts.event_url))
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

    instants: dict[str, list[datetime]] = defaultdict(list)
    for entry in entries:
        if not is_utc(entry.timezone):
            instants[entry.timezone] += [entry.starts_at, entry.ends_at]
    # The components are written one by one, as icalendar would write them inside the calendar,
    # so that each can be kept: a feed is mostly the same entries again, and writing an entry
    # costs far more than finding it.
    return b"".join(
        [
            _head(info),
            *(
                vtimezone_bytes(tzid, min(instants[tzid]), max(instants[tzid]))
                for tzid in sorted(instants)
            ),
            *(_vevent_bytes(entry) for entry in entries),
            _END,
        ]
    )


_END = b"END:VCALENDAR\r\n"


# The calendar's own properties, written once per worker for each calendar: about 1 KB each.
@lru_cache(maxsize=1024)
def _head(info: CalendarInfo) -> bytes:
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    # NAME is TEXT (RFC 7986), though icalendar does not know it: escape it as such.
    document.add("name", vText(as_text(info.name)))
    document.add("x-wr-calname", one_line(info.name))
    if info.description:
        document.add("description", as_text(info.description))
        document.add("x-wr-caldesc", one_line(info.description))
    if info.url:
        document.add("url", info.url, parameters={"VALUE": "URI"})
    if info.source:
        document.add("source", info.source, parameters={"VALUE": "URI"})
    if info.refresh is not None:
        document.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
        document.add("x-published-ttl", duration_value(info.refresh))

    head: bytes = document.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)]


# Entries are immutable and hashable; this many written entries stay in each process (about
# 1 KB each), enough for every session of the largest programme and the personal feeds beside.
@lru_cache(maxsize=8192)
def _vevent_bytes(entry: CalendarEntry) -> bytes:
    written: bytes = _vevent(entry).to_ical()
    return written


def _vevent(entry: CalendarEntry) -> Event:
    stamp = utc_second(entry.last_modified)
    vevent = Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", stamp)
    if entry.created is not None:
        vevent.add("created", min(utc_second(entry.created), stamp))
    vevent.add("last-modified", stamp)
    vevent.add("sequence", entry.sequence)
    vevent.add("dtstart", wall_clock(entry.starts_at, entry.timezone))
    vevent.add("dtend", wall_clock(entry.ends_at, entry.timezone))
    vevent.add("summary", as_text(entry.summary))
    vevent.add("status", str(entry.status))
    vevent.add("transp", "OPAQUE" if entry.busy else "TRANSPARENT")
    if entry.private:
        vevent.add("class", "PRIVATE")
    if entry.description:
        vevent.add("description", as_text(entry.description))
    if entry.url:
        vevent.add("url", entry.url, parameters={"VALUE": "URI"})
    if entry.location:
        vevent.add("location", as_text(entry.location))
    if entry.conference:
        conference = vUri(entry.conference)
        conference.params.update(
            {"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": _("Join online")}
        )
        vevent.add("conference", conference)
    if entry.categories:
        vevent.add("categories", [as_text(category) for category in entry.categories])
    if entry.organizer is not None:
        organizer = vCalAddress(f"mailto:{entry.organizer.email}")
        organizer.params["CN"] = as_text(entry.organizer.name)
        vevent.add("organizer", organizer)
    return vevent
