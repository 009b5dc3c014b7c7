"""Themes per programme: a programme chooses from the shared list or adds its own, and a theme
one programme adds is offered to no other programme's forms. Migration 0015 keeps, for each
programme, the themes it used."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from hls_events import create_app
from hls_events.extensions import db
from hls_events.models import (
    Event,
    Programme,
    Theme,
    event_themes,
    programme_themes,
    utcnow,
)
from hls_events.models.event import EventFormat, EventMode
from hls_events.reflections import queries, services
from hls_events.reflections.errors import ReflectionError
from hls_events.reflections.services import ReflectionDraft
from tests.conftest import _test_config
from tests.factories import make_theme, make_user
from tests.reflections.test_reflecting import _answers, _post
from tests.test_migrations import scratch_database_url  # noqa: F401  (a fixture)


def _programme_data(**overrides: str) -> dict[str, str]:
    return {
        "title": "Welsh Week",
        "slug": "welsh-week",
        "summary": "A week in Wales.",
        "description": "",
        "timezone": "Europe/London",
        "starts_on": "2031-10-13",
        "ends_on": "2031-10-17",
        **overrides,
    }


def test_a_theme_one_programme_adds_is_offered_to_no_other(client, sign_in, post_form, past):
    shared = make_theme("Systems stewardship")
    make_user("org@example.org", organiser=True)
    sign_in("org@example.org")

    response = post_form(
        "/organise/programmes/new",
        {**_programme_data(new_themes="Welsh public services"), "themes": [str(shared.id)]},
    )

    assert response.status_code == 302
    welsh = db.session.scalar(select(Theme).where(Theme.name == "Welsh public services"))
    week = db.session.scalar(select(Programme).where(Programme.slug == "welsh-week"))
    assert welsh.programme_id == week.id and shared.programme_id is None
    assert {theme.name for theme in week.themes} == {"Welsh public services", "Systems stewardship"}
    # Its own forms offer it; a new programme's form offers only the shared list.
    assert "Welsh public services" in client.get("/organise/p/welsh-week/edit").text
    new_form = client.get("/organise/programmes/new").text
    assert "Systems stewardship" in new_form and "Welsh public services" not in new_form
    assert "offered to this programme only" in new_form
    # Another programme's reflection form does not offer it.
    offered = {theme.name for theme in queries.theme_choices(past.programme)}
    assert "Learning culture" in offered and "Welsh public services" not in offered


def test_a_reflection_may_carry_only_its_programmes_themes(app, client, past, sign_in_as):
    own = make_theme("Our own")
    past.programme.themes = [own]
    elsewhere = Theme(name="Elsewhere only", slug="elsewhere-only", programme_id=None)
    db.session.add(elsewhere)
    db.session.commit()
    sign_in_as(past.attendee)

    page = client.get(past.reflect_path).text
    refused = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_0="It was good."),
            "themes": [str(elsewhere.id)],
            "visibility": "public",
            "attribution": "named",
        },
    )

    assert "Our own" in page and "Elsewhere only" not in page and "Learning culture" not in page
    assert refused.status_code in (200, 422)
    draft = ReflectionDraft(answers=["It was good.", "", ""], theme_ids=[elsewhere.id])
    try:
        services.save_reflection(past.event.id, past.attendee.id, draft, now=utcnow())
    except ReflectionError as error:
        assert error.field in ("themes", "answer_0", None)
    else:
        raise AssertionError("a theme from outside the programme was accepted")
    assert db.session.scalar(text("SELECT count(*) FROM reflections")) == 0


def test_the_migration_keeps_each_programmes_themes(scratch_database_url, tmp_path: Path):  # noqa: F811
    app = create_app(_test_config(scratch_database_url, tmp_path / "instance"))
    with app.app_context():
        try:
            upgrade(revision="0014_desk_messages")  # the revision before 0015
            today = utcnow().date()
            with db.engine.begin() as connection:
                for number in (1, 2):
                    connection.execute(
                        insert(Programme.__table__).values(
                            id=number,
                            slug=f"p{number}",
                            title=f"P{number}",
                            starts_on=today,
                            ends_on=today + timedelta(days=1),
                        )
                    )
                for number, name in ((1, "Used"), (2, "Chosen"), (3, "Unused")):
                    connection.execute(
                        text("INSERT INTO themes (id, slug, name) VALUES (:id, :slug, :name)"),
                        {"id": number, "slug": name.lower(), "name": name},
                    )
                connection.execute(
                    insert(Event.__table__).values(
                        id=1,
                        programme_id=1,
                        slug="e",
                        title="E",
                        format=EventFormat.WORKSHOP,
                        mode=EventMode.ONLINE,
                    )
                )
                connection.execute(insert(event_themes).values(event_id=1, theme_id=1))
                connection.execute(insert(programme_themes).values(programme_id=1, theme_id=2))
            upgrade(revision="0015_programme_themes")
            with db.engine.connect() as connection:
                chosen = set(
                    connection.execute(text("SELECT programme_id, theme_id FROM programme_themes"))
                )
                owners = set(connection.execute(text("SELECT programme_id FROM themes")))
                tagged = set(
                    connection.execute(text("SELECT event_id, theme_id FROM event_themes"))
                )
            assert tagged == {(1, 1)}  # SQLite's copy of the table kept the rows referring to it
            assert chosen == {(1, 1), (1, 2)}
            assert owners == {(None,)}
        finally:
            db.engine.dispose()
