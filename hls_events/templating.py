"""Every Jinja filter and global, registered in this one place.

They only format what a route already loaded (instants in a programme's time zone, stored
dates, addresses built from stored names): none of them queries, because templates query
nothing. A page's data comes from its view-model (e.g. ``programmes/pages.py``);
tests/test_templates_query_nothing.py checks that rendering runs no SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from .accounts.menu import current_menu
from .bilingual import localised, localised_text
from .i18n import reader_zone
from .links import external_url
from .localtime import (
    format_clock,
    format_day,
    format_distance,
    format_month,
    place_name,
    to_local,
    zone_abbreviation,
)
from .translation import gettext as _


def clock(instant: datetime, zone: ZoneInfo) -> str:
    return format_clock(instant, zone)


def local_day(instant: datetime, zone: ZoneInfo) -> str:
    return format_day(to_local(instant, zone).date())


def day(value: date) -> str:
    return format_day(value)


def month(value: date) -> str:
    return format_month(value)


def dual_clock(instant: datetime, zone: ZoneInfo) -> str:
    """ "10:00 London (21:00 Auckland)" for a reader who chose a zone of their own that differs
    from the programme's at that moment; otherwise just "10:00"."""
    own = reader_zone()
    if own is None or instant.astimezone(own).utcoffset() == instant.astimezone(zone).utcoffset():
        return format_clock(instant, zone)
    own_time = format_clock(instant, own)
    if to_local(instant, own).date() != to_local(instant, zone).date():
        own_time = f"{format_day(to_local(instant, own).date())} {own_time}"
    return f"{format_clock(instant, zone)} {place_name(zone)} ({own_time} {place_name(own)})"


def own_zone_times(starts_at: datetime, ends_at: datetime | None, zone: ZoneInfo) -> str:
    """The same times in the reader's own zone, when they chose one that differs from the
    programme's then: "21:00 to 22:30 Auckland" (with the day when it is another day there);
    otherwise ""."""
    own = reader_zone()
    if (
        own is None
        or starts_at.astimezone(own).utcoffset() == starts_at.astimezone(zone).utcoffset()
    ):
        return ""
    shown = format_clock(starts_at, own)
    if ends_at is not None:
        shown = _("%(start)s to %(end)s", start=shown, end=format_clock(ends_at, own))
    if to_local(starts_at, own).date() != to_local(starts_at, zone).date():
        shown = f"{format_day(to_local(starts_at, own).date())}, {shown}"
    return f"{shown} {place_name(own)}"


def place(zone: ZoneInfo) -> str:
    """The zone's city in the reader's language: "London"."""
    return place_name(zone)


def time_until(instant: datetime, now: datetime) -> str:
    """How far away an instant is, in the reader's language: "in 3 days"."""
    return format_distance(instant - now)


@functools.lru_cache(maxsize=4096)
def zone_abbr(instant: datetime, zone: ZoneInfo) -> str:
    return zone_abbreviation(instant, zone)


@functools.lru_cache(maxsize=4096)
def local_iso(instant: datetime, zone: ZoneInfo) -> str:
    # Remembered, like the clock itself: a schedule's sessions share a few start times.
    return to_local(instant, zone).isoformat()


def iso_day(value: str) -> str:
    """A stored ISO date ("2027-10-05") as "Tuesday 5 October 2027"."""
    try:
        return format_day(date.fromisoformat(value))
    except ValueError:
        return value


def init_app(app: Flask) -> None:
    # The areas' link builders are imported here, not at the top: they belong to blueprints
    # that import much of the package.
    from .calendars.services import private_feed_links
    from .reflections.links import entry_url, event_url
    from .speakers.links import photo_url

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    date_filters: dict[str, Callable[..., str]] = {
        "clock": clock,
        "dual_clock": dual_clock,
        "time_until": time_until,
        "local_day": local_day,
        "day": day,
        "month": month,
        "zone_abbr": zone_abbr,
        "local_iso": local_iso,
        "iso_day": iso_day,
        "place": place,
    }
    for name, date_filter in date_filters.items():
        app.add_template_filter(date_filter, name)

    # Content in the reader's language (hls_events/bilingual.py), from what the page holds.
    app.add_template_global(localised, "localised")
    app.add_template_global(localised_text, "localised_text")
    app.add_template_global(own_zone_times, "own_zone_times")
    # Addresses built from what the page already holds: an entry's id and event, a photo's
    # stored name, the person's calendar token.
    app.add_template_global(entry_url, "practice_entry_url")
    app.add_template_global(event_url, "practice_event_url")
    app.add_template_global(photo_url, "speaker_photo_url")
    app.add_template_global(private_feed_links, "private_calendar_links")
    # Links in emails, from BASE_URL alone: the worker that renders some of them has no request.
    app.add_template_global(external_url, "external_url")

    @app.context_processor
    def site() -> dict[str, object]:
        # The signed-in header's choices: worked out before rendering, so the template queries nothing.
        return {"site_name": app.config["SITE_NAME"], "menu": current_menu()}
