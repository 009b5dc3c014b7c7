"""Mail tests deliver through the real SMTP transport to aiosmtpd on loopback, and render
test-only templates from tests/mail/templates/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from hls_events.extensions import db
from hls_events.mail.services import queue_email
from hls_events.models import OutboxMessage

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


@pytest.fixture(autouse=True)
def test_templates(app: Flask) -> None:
    assert app.jinja_env.loader is not None
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(TEMPLATES)])


@pytest.fixture
def queue_test_email() -> Callable[..., OutboxMessage]:
    """Queue the test template to ``to`` and commit, as a service would."""

    def _queue(to: str = "ada@example.org", **options: Any) -> OutboxMessage:
        message = queue_email(
            to, "outbox_test", {"name": "Ada", "event_title": "Learning Circle"}, **options
        )
        db.session.commit()
        return message

    return _queue
