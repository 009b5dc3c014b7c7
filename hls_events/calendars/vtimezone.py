"""VTIMEZONE components in the yearly RRULE form, built from a zone's real transitions. Pure:
no Flask, no database.

icalendar's ``Timezone.from_tzinfo()`` writes observances as DTSTART plus RDATE without an
RRULE, and ical.js (so Thunderbird) then drops each observance's DTSTART: summer-time sessions
in that year show an hour late. So ical.py writes its zones from here.
"""

from __future__ import annotations

import calendar as gregorian
import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Where every VTIMEZONE starts (see vtimezone()).
VTIMEZONE_FROM_YEAR = 2000
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def vtimezone_bytes(tzid: str, first: datetime, last: datetime) -> bytes:
    """The written VTIMEZONE for times from ``first`` to ``last``, kept once made."""
    return _vtimezone_bytes(tzid, *_years(tzid, first, last))


@lru_cache(maxsize=256)
def _vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    written: bytes = _vtimezone(tzid, first_year, last_year).to_ical()
    return written


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
