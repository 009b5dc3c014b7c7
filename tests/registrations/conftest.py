"""Registration tests send their mail to a real SMTP server on loopback (tests/smtp.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from hls_events.registrations.answers import Answers
from hls_events.registrations.services import Outcome, register
from tests.factories import make_event, make_programme, make_user
from tests.registrations.served import GunicornServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "heavy: starts gunicorn and fires hundreds of requests (slow; never skipped)",
    )


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


@pytest.fixture
def organiser(app):
    return make_user("organiser@example.org", organiser=True, name="Olive Organiser")


@pytest.fixture
def programme(organiser):
    return make_programme("hls-week", title="HLS Week", organisers=[organiser])


@pytest.fixture
def event(programme):
    return make_event(programme, "learning-circle", title="Learning Circle", capacity=3)


@pytest.fixture
def sign_up() -> Callable[..., Outcome]:
    """Register someone new by email through the service, as the event page does."""
    counter = iter(range(1, 10_000))

    def _register(event, email: str | None = None, **options: Any) -> Outcome:
        number = next(counter)
        return register(
            event.id,
            email=email or f"attendee{number}@example.org",
            name=options.pop("name", f"Attendee {number}"),
            answers=options.pop("answers", Answers()),
            **options,
        )

    return _register


@pytest.fixture
def server(app: Flask, instance_path: Path) -> Iterator[GunicornServer]:
    served = GunicornServer(
        app.config["SQLALCHEMY_DATABASE_URI"], instance_path, app.config["SECRET_KEY"]
    )
    served.start()
    try:
        yield served
    finally:
        served.stop()
