"""Values as iCalendar writes them: wall-clock times in a programme's zone (UTC where that
would mislead a client), durations, and text a client shows as written."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


def wall_clock(instant: datetime, tzid: str) -> datetime:
    """The instant as the programme's wall-clock time, or in UTC where that would mislead."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    if is_utc(tzid):
        return utc_second(instant)
    zone = ZoneInfo(tzid)
    local = instant.astimezone(zone).replace(microsecond=0)
    # RFC 5545 reads a wall-clock time that happens twice as the first one; ical.js reads it
    # as the second. Only UTC means the same instant to both.
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return utc_second(instant)
    return local.replace(fold=0)


def utc_second(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    return value.astimezone(UTC).replace(microsecond=0)


def is_utc(tzid: str) -> bool:
    return tzid in UTC_NAMES


def duration_value(value: timedelta) -> str:
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


def one_line(value: str) -> str:
    """For the X-WR- properties, which clients read as they stand, without unescaping: so no
    line breaks (they would end the content line) and nothing to escape."""
    return " ".join(as_text(value).split())


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Unicode's control characters (category Cc) but for the line feed and tab.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def as_text(value: str) -> str:
    """TEXT a client will show as written: one kind of line break, no control characters."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value)).strip()
