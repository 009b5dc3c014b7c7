"""``flask --app hls_events import-schedule FILE --organiser EMAIL``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..extensions import db
from ..models import User
from .importer import import_schedule
from .reader import MAX_BYTES, ScheduleFileError, parse_schedule


@click.command("import-schedule")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--organiser", "email", required=True, help="The organiser's email address.")
@click.option("--timezone", default="Europe/London", help="When the file names no time zone.")
@with_appcontext
def import_schedule_command(path: str, email: str, timezone: str) -> None:
    """Import a c3voc/frab schedule.json (as pretalx exports it) as a new draft programme."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not (user.is_organiser or user.is_admin):
        raise click.ClickException(f"{email} is not an organiser's address.")
    with open(path, "rb") as file:
        raw = file.read(MAX_BYTES + 1)
    try:
        plan = parse_schedule(raw, default_timezone=timezone)
    except ScheduleFileError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"Nothing was imported: {len(error.problems)} problem(s) in {path}."
        ) from None
    programme = import_schedule(plan, user.id)
    click.echo(
        f"Imported {programme.title!r} as a draft programme ({programme.slug}): "
        f"{len(plan.events)} events, {len(plan.speakers)} speakers, {len(plan.themes)} themes."
    )
