"""Converting between stored UTC instants and a programme's wall-clock time. No Flask here.

Days and times are written by Babel in a language: the one passed, or else the reader's, which
``hls_events/i18n.py`` plugs in (``use_locale_of``) so that every caller, in a form, a service
message or a template, writes dates in the language of the page without importing Flask here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_time, format_timedelta, get_timezone_location
from babel.units import format_unit

DEFAULT_LOCALE = "en_GB"
# "Tuesday 7 October 2027", "Dydd Mawrth 7 Hydref 2027"; a 24-hour clock in both.
DAY_PATTERN = "EEEE d MMMM y"
CLOCK_PATTERN = "HH:mm"
# A date without its weekday, in messages: "31 March 2030", "31 Mawrth 2030".
DATE_PATTERN = "d MMMM y"
# The month standing alone: "October 2027", "Hydref 2027".
MONTH_PATTERN = "LLLL y"


def _default_locale() -> str:
    return DEFAULT_LOCALE


_locale_of_reader: Callable[[], str] = _default_locale


def use_locale_of(provider: Callable[[], str]) -> None:
    """Where the reader's language comes from when a caller names none."""
    global _locale_of_reader
    _locale_of_reader = provider


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
            f"{format_time(clock, CLOCK_PATTERN, locale=_locale_of_reader())} does not happen on "
            f"{format_date_only(day)} in {zone.key}: the clocks go forward."
        )
    return local.astimezone(UTC)


def to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone)


def format_clock(instant: datetime, zone: ZoneInfo, locale: str | None = None) -> str:
    return _clock(instant, zone, locale or _locale_of_reader())


def format_day(day: date, locale: str | None = None) -> str:
    return _day(day, locale or _locale_of_reader())


# Babel's formatting (parsing the locale and the pattern each time) was a fifth of building a
# day of a large programme, whose sessions mostly share a few start times: remember answers.
@functools.lru_cache(maxsize=4096)
def _clock(instant: datetime, zone: ZoneInfo, locale: str) -> str:
    return format_time(to_local(instant, zone), CLOCK_PATTERN, locale=locale)


@functools.lru_cache(maxsize=1024)
def _day(day: date, locale: str) -> str:
    return format_date(day, DAY_PATTERN, locale=locale)


def format_date_only(day: date, locale: str | None = None) -> str:
    """A date without its weekday: "31 March 2030"."""
    return format_date(day, DATE_PATTERN, locale=locale or _locale_of_reader())


def format_month(day: date, locale: str | None = None) -> str:
    """The month and year: "October 2027", "Hydref 2027"."""
    return format_date(day, MONTH_PATTERN, locale=locale or _locale_of_reader())


def place_name(zone: ZoneInfo, locale: str | None = None) -> str:
    """The zone's city in the reader's language: "London", "Auckland"."""
    return get_timezone_location(zone, locale=locale or _locale_of_reader(), return_city=True)


def format_distance(delta: timedelta, locale: str | None = None) -> str:
    """How far away, in words: "in 3 days", "ymhen 3 diwrnod", "2 hours ago"."""
    return format_timedelta(
        delta, add_direction=True, threshold=1, locale=locale or _locale_of_reader()
    )


def zone_abbreviation(instant: datetime, zone: ZoneInfo) -> str:
    return to_local(instant, zone).tzname() or zone.key


def format_amount(amount: int, unit: str, locale: str | None = None) -> str:
    """An amount of a CLDR unit in words: (20, "duration-minute") is "20 minutes", "20 munud"."""
    return format_unit(amount, unit, length="long", locale=locale or _locale_of_reader())


def format_short_day(day: date, locale: str | None = None) -> str:
    """A day in few letters, for a chart's axis: "7 Oct", "7 Hyd"."""
    return format_date(day, "d MMM", locale=locale or _locale_of_reader())
