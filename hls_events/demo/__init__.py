"""The demo programme, so a new user sees HLS Events at work."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..localtime import format_day
from ..models import Programme, utcnow
from .builder import load_demo
from .common import ORGANISER_EMAIL, ORGANISER_PASSWORD, DemoSummary
from .large import load_large_demo
from .past import load_past_programme


@click.command("demo")
@click.option(
    "--events",
    "event_count",
    type=click.IntRange(1, 20_000),
    default=None,
    help="Instead of the demo week, load a generated programme of this many events "
    "(hls-week-large), for trying the app at scale.",
)
def demo(event_count: int | None) -> None:
    """Load a demo programme and a demo organiser account (development only).

    Running it again adds nothing: a programme that is already there is left alone.
    """
    if current_app.config.get("ENV_NAME") == "production":
        # The organiser's password is printed below and written in the code.
        raise click.ClickException(
            "The demo is for development: it creates an organiser account with a published "
            "password, so it does not run when HLS_ENV is production."
        )
    today = utcnow().date()
    _report(load_demo(today) if event_count is None else load_large_demo(event_count, today))
    if event_count is None:
        from ..communities.demo import load_communities
        from .builder import demo_slug

        week = db.session.scalar(select(Programme).where(Programme.slug == demo_slug(today)))
        if week is not None and load_communities(week, today):
            click.echo(f"  Four learning communities: see /p/{week.slug}/communities/")
        # A past programme with reflections and write-ups, so the practice record has content.
        click.echo(load_past_programme(today).describe())


def _report(summary: DemoSummary) -> None:
    if summary.loaded:
        click.echo(
            f"Loaded the demo programme {summary.title} ({summary.slug}), "
            f"{format_day(summary.starts_on)} to {format_day(summary.ends_on)}:"
        )
        click.echo(
            f"  {summary.events} events, {summary.sessions} sessions "
            f"({summary.minutes / 60:.1f} hours), {summary.organisations} organisations, "
            f"{summary.speakers} speakers, {summary.themes} themes."
        )
        if summary.registrations:
            click.echo(
                f"  {summary.people} people with {summary.registrations} registrations; "
                f"{summary.full_events} events are full, with waiting lists."
            )
        if summary.reflections:
            click.echo(
                f"  A past programme beside it, with {summary.reflections} reflections and "
                f"{summary.write_ups} write-ups."
            )
        click.echo(f"  See it at /p/{summary.slug}/")
    else:
        click.echo(
            f"The demo programme {summary.title} ({summary.slug}) is already loaded; "
            "nothing was added."
        )
    click.echo(
        f"Demo organiser sign-in (development only): {ORGANISER_EMAIL} / {ORGANISER_PASSWORD}"
    )
