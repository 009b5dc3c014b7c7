"""Templates query nothing: a route builds what its page shows, and rendering it runs no SQL.

Statements are counted only between the start and the end of rendering a template (Flask's
`before_render_template` and `template_rendered` signals), so a template global that queries, or
a lazy-loaded relationship the route did not load, fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, before_render_template, render_template_string, template_rendered
from sqlalchemy import event as sqla_event

from hls_events.extensions import db
from hls_events.models import SpeakerRole
from tests.factories import (
    make_call,
    make_event,
    make_organisation,
    make_programme,
    make_reflection,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
    make_write_up,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}


@contextmanager
def statements_while_rendering(app: Flask) -> Iterator[list[tuple[str, str]]]:
    """(template, statement) for every statement run while a template was being rendered."""
    rendering: list[str] = []
    statements: list[tuple[str, str]] = []

    def started(_app: Flask, template: Any, **_extra: Any) -> None:
        rendering.append(template.name)

    def finished(_app: Flask, template: Any, **_extra: Any) -> None:
        rendering.pop()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if rendering:
            statements.append((rendering[-1], statement))

    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    sqla_event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sqla_event.remove(db.engine, "before_cursor_execute", record)
        template_rendered.disconnect(finished, app)
        before_render_template.disconnect(started, app)


@pytest.fixture
def scene(app: Flask) -> dict[str, Any]:
    organiser = make_user("organiser@example.org", organiser=True)
    attendee = make_user("attendee@example.org")
    speaker_user = make_user("speaker@example.org")
    programme = make_programme("hls", organisers=[organiser])
    make_call(programme)
    theme = make_theme("Learning culture")
    host = make_organisation("Gateshead Council")
    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    event = make_event(
        programme,
        "listening",
        themes=[theme],
        organisation=host,
        speakers=[(speaker, SpeakerRole.HOST)],
        sessions=2,
        capacity=20,
    )
    past = make_event(
        programme,
        "looking-back",
        starts_at=datetime.now(UTC) - timedelta(days=3),
        speakers=[(speaker, SpeakerRole.SPEAKER)],
    )
    make_registration(event, attendee)
    make_registration(past, attendee)
    reflection = make_reflection(past, attendee)
    write_up = make_write_up(past, speaker)
    return {
        "reflection": reflection.id,
        "write_up": write_up.id,
        "speaker": speaker.slug,
    }


PUBLIC_PAGES = (
    "/",
    "/p/hls/",
    "/p/hls/events/listening/",
    "/p/hls/events/looking-back/",
    "/p/hls/speakers/",
    "/p/hls/speakers/{speaker}/",
    "/p/hls/changes/",
    "/practice/",
    "/practice/?programme=hls",
    "/practice/reflections/{reflection}",
    "/practice/write-ups/{write_up}",
)

PAGES_BY_PERSON = {
    "organiser@example.org": (
        "/p/hls/",
        "/p/hls/events/listening/",
        "/organise/p/hls/events/listening/",
        "/p/hls/practice/report",
        "/account/",
    ),
    "attendee@example.org": (
        "/p/hls/",
        "/p/hls/events/listening/",
        "/p/hls/events/looking-back/",
        "/account/",
        "/account/calendar",
    ),
    "speaker@example.org": (
        "/speaker/",
        "/p/hls/events/looking-back/",
        "/speaker/profile",
    ),
}


def _queries_while_rendering(app: Flask, client: Any, urls: tuple[str, ...]) -> dict[str, Any]:
    """For each page that queried while rendering: the templates and the statements' openings."""
    found = {}
    for url in urls:
        db.session.expunge_all()
        with statements_while_rendering(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if statements:
            found[url] = [(template, " ".join(sql.split())[:120]) for template, sql in statements]
    return found


def test_public_pages_query_nothing_while_rendering(app, client, scene):
    pages = tuple(page.format(**scene) for page in PUBLIC_PAGES)
    assert _queries_while_rendering(app, client, pages) == {}


@pytest.mark.parametrize("email", sorted(PAGES_BY_PERSON))
def test_signed_in_pages_query_nothing_while_rendering(app, client, scene, sign_in, email):
    sign_in(email)
    pages = tuple(page.format(**scene) for page in PAGES_BY_PERSON[email])
    assert _queries_while_rendering(app, client, pages) == {}


def test_the_render_window_catches_a_query(app, client, scene):
    """The check itself works: a template global that queries is seen."""
    from hls_events.models import Event

    app.add_template_global(lambda: db.session.query(Event).count(), "count_events_for_test")
    with app.test_request_context(), statements_while_rendering(app) as statements:
        render_template_string("{{ count_events_for_test() }}")
    assert statements
