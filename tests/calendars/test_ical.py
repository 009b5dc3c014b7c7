"""The pure calendar builder: no app, no database. Plain facts in, bytes out, read back by
every parser the suite has."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from hls_events.calendars import ical
from hls_events.calendars.ical import (
    Audience,
    CalendarEntry,
    CalendarInfo,
    EntryStatus,
    Organizer,
    SessionFacts,
    build_calendar,
    session_entry,
)
from hls_events.calendars.vtimezone import vtimezone

from .clients import calendar_properties, check, lint, unfolded_lines, vevents

STAMP = datetime(2027, 9, 1, 8, 30, 15, 123456, tzinfo=UTC)


def entry_at(uid: str, local: datetime, tzid: str, minutes: int = 60) -> CalendarEntry:
    start = local.replace(tzinfo=ZoneInfo(tzid)).astimezone(UTC)
    return CalendarEntry(
        uid=uid,
        summary=f"Session {uid}",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        timezone=tzid,
        status=EntryStatus.CONFIRMED,
        sequence=0,
        last_modified=STAMP,
    )


def facts(**changes: object) -> SessionFacts:
    base = SessionFacts(
        session_id=7,
        event_title="Learning Together",
        event_url="https://events.example.org/p/week/events/learning-together/",
        timezone="Europe/London",
        starts_at=datetime(2027, 10, 5, 9, tzinfo=UTC),
        ends_at=datetime(2027, 10, 5, 10, 30, tzinfo=UTC),
        sequence=3,
        changed_at=STAMP,
        created_at=datetime(2027, 8, 1, tzinfo=UTC),
        event_summary="What we learnt from three years of relational practice.",
        mode="online",
        joining_url="https://meet.example.org/secret-room",
        speakers=("Amina Rahman (host)", "Tom Okafor (speaker)"),
        host_organisation="Northshire Council",
        themes=("Learning culture", "Systems stewardship"),
    )
    return replace(base, **changes)


def document(*entries: CalendarEntry, name: str = "Test calendar") -> bytes:
    return build_calendar(CalendarInfo(name=name, source="https://e.example/f.ics"), entries)


# --- Time zones -----------------------------------------------------------------------------

ZONES_AND_DAYS = [
    # Summer time in the north, both changes, and either side of them.
    (
        "Europe/London",
        [(2027, m, d) for m, d in [(1, 15), (3, 27), (3, 29), (7, 1), (10, 30), (11, 1)]],
    ),
    (
        "America/New_York",
        [(2027, m, d) for m, d in [(1, 15), (3, 13), (3, 15), (7, 1), (11, 6), (11, 8)]],
    ),
    # Summer time in the south: the year starts in it.
    (
        "Australia/Sydney",
        [(2027, m, d) for m, d in [(1, 15), (4, 3), (4, 5), (7, 1), (10, 2), (10, 4)]],
    ),
    # Half-hour summer time.
    ("Australia/Lord_Howe", [(2027, 1, 15), (2027, 7, 1)]),
    # No summer time at all.
    ("Asia/Kolkata", [(2027, 1, 15), (2027, 7, 1)]),
    ("Asia/Tokyo", [(2027, 1, 15), (2027, 7, 1)]),
    # The rules changed inside the range: summer time moved (2007) or stopped (2022).
    ("America/New_York", [(y, m, 10) for y in (2005, 2006, 2007, 2008) for m in (3, 4, 7, 10, 11)]),
    ("America/Mexico_City", [(y, m, 10) for y in (2021, 2022, 2023) for m in (1, 4, 7, 10, 11)]),
    # Several years, as a personal feed spans.
    ("Europe/Berlin", [(y, m, 1) for y in (2026, 2027, 2028, 2029) for m in (1, 4, 7, 10)]),
    ("UTC", [(2027, 1, 15), (2027, 7, 1)]),
]


@pytest.mark.parametrize(("tzid", "days"), ZONES_AND_DAYS, ids=lambda v: str(v)[:40])
def test_every_parser_agrees_with_zoneinfo_on_every_instant(tzid, days):
    entries = [entry_at(f"u{i}", datetime(*day, 10, 0), tzid) for i, day in enumerate(days)]

    parsed = check(document(*entries))

    for entry in entries:
        assert parsed[entry.uid].start == entry.starts_at, (tzid, entry.uid)
        assert parsed[entry.uid].end == entry.ends_at


def test_vtimezone_uses_yearly_rules_not_rdates():
    body = document(
        entry_at("summer", datetime(2027, 7, 1, 10), "Europe/London"),
        entry_at("winter", datetime(2027, 12, 1, 10), "Europe/London"),
    )
    text = body.decode()

    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "DTSTART;TZID=Europe/London:20270701T100000" in text


def test_the_rules_hold_beyond_the_sessions_they_were_made_for():
    """A client that keeps our VTIMEZONE for the same TZID reads later sessions right too."""
    zone = vtimezone(
        "Europe/London", datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)
    )
    tz = zone.to_tz(lookup_tzid=False)
    for year in (2027, 2030, 2035):
        summer = datetime(year, 7, 1, 12).replace(tzinfo=tz)
        assert summer.utcoffset() == timedelta(hours=1), year


def test_a_zone_without_summer_time_has_one_standard_observance():
    body = document(entry_at("a", datetime(2027, 7, 1, 10), "Asia/Tokyo"))
    lines = unfolded_lines(body)

    assert lines.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in lines
    assert "TZOFFSETTO:+0900" in lines


def test_wall_clock_times_that_happen_twice_are_written_in_utc():
    # 01:30 happens twice in London on 31 October 2027: at 00:30 and at 01:30 UTC. Parsers
    # disagree on which one "01:30 Europe/London" means, so neither is written that way.
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    entries = [
        replace(
            entry_at("first", datetime(2027, 10, 31, 1, 30), "Europe/London"),
            starts_at=first,
            ends_at=first + timedelta(minutes=30),
        ),
        replace(
            entry_at("second", datetime(2027, 10, 31, 1, 30), "Europe/London"),
            starts_at=second,
            ends_at=second + timedelta(minutes=30),
        ),
    ]

    body = document(*entries)
    parsed = check(body)

    assert parsed["first"].start == first
    assert parsed["second"].start == second
    events = vevents(body)
    assert events["first"]["DTSTART"] == "20271031T003000Z"
    assert events["second"]["DTSTART"] == "20271031T013000Z"


# --- What each document must hold ----------------------------------------------------------


def test_calendar_has_names_refresh_hints_and_publish_method():
    body = build_calendar(
        CalendarInfo(
            name="HLS Week 2027",
            description="Five days of learning",
            url="https://events.example.org/p/week/",
            source="https://events.example.org/p/week/calendar.ics",
        ),
        [],
    )
    properties = calendar_properties(body)

    assert properties["NAME"] == ["HLS Week 2027"]
    assert properties["X-WR-CALNAME"] == ["HLS Week 2027"]
    assert properties["REFRESH-INTERVAL"] == ["PT1H"]
    assert properties["X-PUBLISHED-TTL"] == ["PT1H"]
    assert properties["METHOD"] == ["PUBLISH"]
    assert properties["PRODID"] == [ical.PRODID]
    assert properties["SOURCE"] == ["https://events.example.org/p/week/calendar.ics"]
    assert not lint(body)


def test_an_empty_calendar_is_valid():
    body = document()

    assert check(body) == {}
    assert b"BEGIN:VEVENT" not in body


def test_entry_for_the_public_holds_everything_but_the_joining_link():
    entry = session_entry(
        facts(),
        uid_domain="events.example.org",
        organizer=Organizer("Northshire Council", "events@example.org"),
    )
    body = document(entry)
    parsed = check(body)
    event = vevents(body)["session-7@events.example.org"]

    assert parsed["session-7@events.example.org"].status == "CONFIRMED"
    assert event["SEQUENCE"] == "3"
    assert event["DTSTAMP"] == event["LAST-MODIFIED"] == "20270901T083015Z"
    assert event["CREATED"] == "20270801T000000Z"
    assert event["SUMMARY"] == "Learning Together"
    assert event["LOCATION"] == "Online"
    assert event["URL"] == "https://events.example.org/p/week/events/learning-together/"
    assert event["CATEGORIES"] == "Learning culture,Systems stewardship"
    assert event["ORGANIZER"] == "mailto:events@example.org"
    organizer = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["ORGANIZER"]
    assert organizer.params["CN"] == "Northshire Council"
    assert "Amina Rahman (host)" in event["DESCRIPTION"]
    assert "https://events.example.org/p/week/events/learning-together/" in event["DESCRIPTION"]
    assert event["TRANSP"] == "TRANSPARENT"
    assert "secret-room" not in body.decode()


def test_entry_for_someone_attending_holds_the_joining_link_in_location_and_description():
    body = document(session_entry(facts(), uid_domain="d", audience=Audience.ATTENDING))
    event = vevents(body)["session-7@d"]

    assert event["LOCATION"] == "https://meet.example.org/secret-room"
    assert "Join online: https://meet.example.org/secret-room" in event["DESCRIPTION"].replace(
        "\\n", "\n"
    )
    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"


@pytest.mark.parametrize(
    ("changes", "audience", "status", "prefix"),
    [
        ({}, Audience.WAITLISTED, "TENTATIVE", "Waiting list: "),
        ({"session_cancelled": True}, Audience.ATTENDING, "CANCELLED", "Cancelled: "),
        ({"event_cancelled": True}, Audience.PUBLIC, "CANCELLED", "Cancelled: "),
        ({}, Audience.NOT_ATTENDING, "CANCELLED", "Cancelled: "),
    ],
)
def test_status_follows_the_session_and_the_person(changes, audience, status, prefix):
    body = document(session_entry(facts(**changes), uid_domain="d", audience=audience))
    event = vevents(body)["session-7@d"]

    assert check(body)["session-7@d"].status == status
    assert event["SUMMARY"].startswith(prefix)
    # Joining details only ever go to someone with a place at a session going ahead.
    assert "secret-room" not in body.decode()


def test_hybrid_and_in_person_locations():
    in_person = facts(
        mode="in_person", venue_name="Town Hall", venue_address="1 High Street, Leeds"
    )
    hybrid = replace(in_person, mode="hybrid")

    assert session_entry(in_person, uid_domain="d").location == "Town Hall, 1 High Street, Leeds"
    assert (
        session_entry(hybrid, uid_domain="d").location
        == "Town Hall, 1 High Street, Leeds, or online"
    )
    assert (
        session_entry(hybrid, uid_domain="d", audience=Audience.ATTENDING).location
        == "Town Hall, 1 High Street, Leeds, or online at https://meet.example.org/secret-room"
    )


def test_non_ascii_text_is_folded_at_75_octets_without_splitting_characters():
    title = "Écouter, apprendre: 学習システム 🌱 " * 6
    entry = session_entry(
        facts(event_title=title, event_summary="Ünïcødé; commas, and\nnew lines"), uid_domain="d"
    )
    body = document(entry, name="Programme “Ünïcødé” 🌱")

    assert not lint(body)
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    parsed_summary = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"]
    assert str(parsed_summary) == title.strip()
    check(body)


def test_control_characters_and_stray_line_breaks_are_cleaned():
    entry = session_entry(facts(event_title="Bell\x07 and\r\nbreak\u2028here"), uid_domain="d")
    body = document(entry)

    assert b"\x07" not in body
    assert not lint(body)
    summary = vevents(body)["session-7@d"]["SUMMARY"]
    assert summary == "Bell and\\nbreak\\nhere"


def test_duplicate_uids_are_refused():
    entry = entry_at("same", datetime(2027, 7, 1, 10), "Europe/London")

    with pytest.raises(ValueError, match="UID"):
        document(entry, entry)


def test_the_same_facts_make_the_same_bytes():
    """No clock inside: an unchanged feed keeps its ETag."""
    first = document(session_entry(facts(), uid_domain="d"))
    second = document(session_entry(facts(), uid_domain="d"))

    assert first == second


def test_naive_datetimes_are_a_bug():
    entry = replace(
        entry_at("a", datetime(2027, 7, 1, 10), "Europe/London"), starts_at=datetime(2027, 7, 1, 10)
    )

    with pytest.raises(ValueError, match="naive"):
        document(entry)


@pytest.mark.parametrize("day", [(2027, 3, 28), (2027, 10, 31)], ids=["spring", "autumn"])
def test_every_half_hour_across_a_change_of_clocks(day):
    """The night the clocks change, every session that can exist reads the same everywhere."""
    midnight = datetime(*day, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    entries = []
    for step in range(12):
        start = midnight + timedelta(minutes=30 * step)
        entries.append(
            replace(
                entry_at(f"s{step}", datetime(*day, 12), "Europe/London"),
                starts_at=start,
                ends_at=start + timedelta(minutes=45),
            )
        )

    parsed = check(document(*entries))

    for entry in entries:
        assert (parsed[entry.uid].start, parsed[entry.uid].end) == (entry.starts_at, entry.ends_at)


def test_calendar_names_and_descriptions_with_line_breaks_and_commas_stay_valid():
    body = build_calendar(
        CalendarInfo(name="Week, 2027;\nPart one", description="Line one,\nline two; three\r\n"),
        [],
    )
    properties = calendar_properties(body)

    assert not lint(body)
    assert properties["NAME"] == ["Week\\, 2027\\;\\nPart one"]
    assert properties["X-WR-CALNAME"] == ["Week, 2027; Part one"]
    assert properties["X-WR-CALDESC"] == ["Line one, line two; three"]
    check(body)
