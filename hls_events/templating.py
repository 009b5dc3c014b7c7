"""Jinja filters for showing stored UTC instants in a programme's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from .localtime import format_clock, format_day, to_local, zone_abbreviation


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("clock")
    def clock(instant: datetime, zone: ZoneInfo) -> str:
        return format_clock(instant, zone)

    @app.template_filter("local_day")
    def local_day(instant: datetime, zone: ZoneInfo) -> str:
        return format_day(to_local(instant, zone).date())

    @app.template_filter("day")
    def day(value: date) -> str:
        return format_day(value)

    @app.template_filter("zone_abbr")
    def zone_abbr(instant: datetime, zone: ZoneInfo) -> str:
        return zone_abbreviation(instant, zone)

    @app.template_filter("local_iso")
    def local_iso(instant: datetime, zone: ZoneInfo) -> str:
        return to_local(instant, zone).isoformat()

    @app.context_processor
    def site() -> dict[str, str]:
        return {"site_name": app.config["SITE_NAME"]}
