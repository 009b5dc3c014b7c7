"""``flask --app hls_events worker``: deliver the outbox, alone or beside other workers."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..links import base_url
from ..models import utcnow
from .delivery import DeliveryReport, deliver_all_due


@click.command("worker")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds to wait between looks at the outbox.",
)
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@with_appcontext
def worker(interval: float, once: bool) -> None:
    """Deliver queued email, retrying failures with backoff.

    SIGTERM or Ctrl-C lets the message being sent finish, hands the rest of the batch back
    and exits; a second Ctrl-C stops at once.
    """
    config = current_app.config
    if config["MAIL_BACKEND"] == "smtp" and not config["MAIL_SENDER"]:
        raise click.UsageError("MAIL_SENDER is not set: say who the email comes from.")
    stop = threading.Event()
    with _stopping_on_signals(stop):
        if once:
            report = deliver_all_due(should_stop=stop.is_set)
            click.echo(_summary(report))
            _echo_errors(report)
            return
        click.echo(
            f"Delivering the outbox by {config['MAIL_BACKEND']} every {interval:g}s. "
            "Ctrl-C to stop."
        )
        duties_due_at = 0.0
        while not stop.is_set():
            if time.monotonic() >= duties_due_at:
                _run_scheduled_duties()
                duties_due_at = time.monotonic() + DUTIES_INTERVAL_SECONDS
            try:
                report = deliver_all_due(should_stop=stop.is_set)
            except SQLAlchemyError:
                # The database may come back; a worker that exits needs a person to restart it.
                current_app.logger.exception("Outbox delivery failed; trying again shortly")
                db.session.rollback()
            else:
                if report.claimed:
                    click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} {_summary(report)}")
                    _echo_errors(report)
            finally:
                db.session.remove()
            stop.wait(interval)
        click.echo("Worker stopped.")


# How often the worker does its timed duties: retention, and inviting reflections.
DUTIES_INTERVAL_SECONDS = 300


def _run_scheduled_duties() -> None:
    """What falls due with time rather than with a request: personal data past its retention
    period is erased, and emails (reflection invitations) are queued.

    Their links are built from BASE_URL (hls_events/links.py); without it they wait.
    """
    from ..reflections.invitations import invite_to_reflect
    from ..retention import apply_retention

    try:
        # Personal data past its period goes (hls_events/retention.py); this needs no links.
        apply_retention()
    except SQLAlchemyError:
        current_app.logger.exception("Applying retention failed; trying again later")
        db.session.rollback()
    finally:
        db.session.remove()
    if not base_url():
        return
    try:
        invite_to_reflect()
    except SQLAlchemyError:
        current_app.logger.exception("Inviting reflections failed; trying again later")
        db.session.rollback()
    finally:
        db.session.remove()


def _summary(report: DeliveryReport) -> str:
    return f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}."


def _echo_errors(report: DeliveryReport) -> None:
    for error in report.errors:
        click.echo(f"  {error}", err=True)


@contextmanager
def _stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """Turn the first SIGTERM or SIGINT into a request to stop after the current message."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)
    previous = {number: signal.getsignal(number) for number in signals}

    def request_stop(number: int, _frame: FrameType | None) -> None:
        stop.set()
        # A second signal acts as it normally would.
        signal.signal(number, previous[number])

    for number in signals:
        signal.signal(number, request_stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
