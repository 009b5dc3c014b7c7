"""The demo programme, so a new user sees HLS Events at work."""

from __future__ import annotations

import click


@click.command("demo")
@click.option("--events", "event_count", type=int, default=None)
def demo(event_count: int | None) -> None:
    """Load the demo programme (placeholder)."""
    click.echo("demo placeholder")
