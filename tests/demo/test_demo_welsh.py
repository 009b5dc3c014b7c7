"""The demo in Welsh: its programme and some of its events have Welsh beside the English, and a
Welsh reader sees it."""

from __future__ import annotations

from sqlalchemy import select

from hls_events.demo import data, welsh
from hls_events.demo.builder import demo_slug
from hls_events.extensions import db
from hls_events.models import Event, Programme, utcnow


def test_the_demo_programme_and_events_carry_their_welsh(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    programme = db.session.scalar(
        select(Programme).where(Programme.slug == demo_slug(utcnow().date()))
    )
    assert programme.title_cy == f"Wythnos HLS {programme.starts_on.year}"
    assert programme.summary_cy.startswith("Pum diwrnod")
    slugs = {spec.slug for spec in data.EVENTS}
    welcome = db.session.scalar(
        select(Event).where(Event.programme_id == programme.id, Event.slug == "welcome-to-hls-week")
    )
    assert welcome.title_cy == welsh.EVENTS_CY["welcome-to-hls-week"].title
    for slug, text in welsh.EVENTS_CY.items():
        event = db.session.scalar(
            select(Event).where(Event.programme_id == programme.id, Event.slug == slug)
        )
        assert (event is not None) == (slug in slugs)
        if event is not None:
            assert (event.title_cy, event.summary_cy, event.description_cy) == tuple(text)

    client.get("/language/cy")
    page = client.get(f"/p/{programme.slug}/events/welcome-to-hls-week/").text
    assert "<h1>Croeso i Wythnos HLS: beth yw Human Learning Systems?</h1>" in page
    assert f"Wythnos HLS {programme.starts_on.year}</a>" in page
    # The Welsh host's bilingual event, in Welsh for a Welsh reader.
    wales = client.get(f"/p/{programme.slug}/events/relational-commissioning-in-wales/").text
    assert "<h1>Comisiynu perthynol yng Nghymru</h1>" in wales
    assert "Glanyrafon County Council" in wales
