"""``flask --app hls_events invite-reflections``: invite people to reflect on events that
have just ended."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..links import base_url as configured_base_url
from .invitations import invite_to_reflect


@click.command("invite-reflections")
@click.option(
    "--base-url",
    help="The site's address for links in the emails, e.g. https://events.example.org "
    "(default: BASE_URL).",
)
@with_appcontext
def invite_reflections(base_url: str | None) -> None:
    """Email everyone who may reflect on an event that has just ended (once each, ever).

    Safe to run as often as you like, e.g. every few minutes beside the worker.
    """
    if base_url:
        current_app.config["BASE_URL"] = base_url
    if not configured_base_url():
        raise click.UsageError(
            "Links in the emails need the site's address: pass --base-url or set BASE_URL."
        )
    report = invite_to_reflect()
    click.echo(
        f"Queued {report.queued} invitation{'s' if report.queued != 1 else ''} to reflect, "
        f"for {report.events} event{'s' if report.events != 1 else ''}."
    )
