"""Fetching feeds the way a calendar app does (no cookies), and checking every document served."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hls_events.extensions import db
from hls_events.models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    Speaker,
    SpeakerRole,
    Theme,
)

from .clients import Parsed, check, require_ical_js


@pytest.fixture(scope="session", autouse=True)
def _ical_js_is_installed() -> None:
    require_ical_js()


@pytest.fixture
def calendar_app(app: Flask) -> FlaskClient:
    """A client with no cookie jar: calendar apps send none."""
    return app.test_client(use_cookies=False)


@pytest.fixture
def fetch_feed(calendar_app: FlaskClient) -> Callable[..., tuple[Any, Parsed]]:
    """GET a feed, insist on 200, lint it and parse it with every client."""

    def _fetch(url: str, **headers: str) -> tuple[Any, Parsed]:
        response = calendar_app.get(url, headers=headers)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert "Set-Cookie" not in response.headers
        return response, check(response.data)

    return _fetch


def add_events(
    programme: Programme, count: int, *, themes: list[Theme], speaker: Speaker
) -> list[Event]:
    """Many published events, each with two sessions, a theme and a speaker, in one commit."""
    start = datetime.combine(programme.starts_on, datetime.min.time(), UTC) + timedelta(hours=9)
    events = []
    for number in range(count):
        event = Event(
            programme=programme,
            slug=f"bulk-{number}",
            title=f"Bulk event {number}",
            format=EventFormat.WORKSHOP,
            mode=EventMode.ONLINE,
            status=EventStatus.PUBLISHED,
        )
        event.themes = [themes[number % len(themes)]]
        for part in range(2):
            begins = start + timedelta(days=part, minutes=number)
            event.sessions.append(
                EventSession(
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=1),
                    joining_url=f"https://meet.example.org/bulk-{number}-{part}",
                )
            )
        event.speaker_roles.append(EventSpeaker(speaker=speaker, role=SpeakerRole.SPEAKER))
        events.append(event)
    db.session.add_all(events)
    db.session.commit()
    return events
