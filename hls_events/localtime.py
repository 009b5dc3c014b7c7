"""Converting between stored UTC instants and a programme's wall-clock time. No Flask here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a change to summer time."""


def is_valid_timezone(name: str) -> bool:
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant for a wall-clock time in a zone.

    Times skipped when clocks go forward are refused rather than silently moved;
    times that happen twice when clocks go back take the first (summer-time) one.
    """
    local = datetime.combine(day, clock, tzinfo=zone)
    round_trip = local.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(
            f"{clock:%H:%M} does not happen on {day:%-d %B %Y} in {zone.key}: the clocks go forward."
        )
    return local.astimezone(UTC)


def to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone)


def format_clock(instant: datetime, zone: ZoneInfo) -> str:
    return to_local(instant, zone).strftime("%H:%M")


def format_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def zone_abbreviation(instant: datetime, zone: ZoneInfo) -> str:
    return to_local(instant, zone).tzname() or zone.key
