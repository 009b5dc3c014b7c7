"""Migration 0005 sets up each database's own full-text search, kept in step by the database."""

from __future__ import annotations

from sqlalchemy import select, text

from hls_events.extensions import db
from hls_events.models import Reflection, Visibility
from hls_events.models.types import utcnow
from hls_events.reflections.record import RecordFilters, record_page
from hls_events.reflections.visibility import ANONYMOUS
from tests.factories import make_reflection
from tests.reflections.conftest import person


def _matches(word: str) -> list[int]:
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT rowid FROM reflection_search WHERE reflection_search MATCH :q"
    else:
        sql = (
            "SELECT id FROM reflections WHERE search_vector @@ websearch_to_tsquery('english', :q)"
        )
    return sorted(db.session.scalars(text(sql), {"q": word}))


def test_the_search_index_follows_inserts_updates_and_deletes(app, past):
    reflection = make_reflection(past.event, person("a@example.org"), "Gardens grow slowly.")
    assert _matches("gardening") == [reflection.id]  # stemmed
    reflection.body = "Rivers run fast."
    db.session.commit()
    assert _matches("garden") == []
    assert _matches("river") == [reflection.id]
    db.session.delete(reflection)
    db.session.commit()
    assert _matches("river") == []


def test_the_database_has_its_own_search_structures(app):
    if db.engine.dialect.name == "sqlite":
        names = set(
            db.session.scalars(
                text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            )
        )
        assert {"reflection_search", "reflection_search_public", "write_up_search"} <= names
        assert {
            "reflections_search_insert",
            "reflections_search_update",
            "reflections_search_delete",
            "write_ups_search_insert",
            "write_ups_search_update",
            "write_ups_search_delete",
            "reflections_public_search_insert",
            "reflections_public_search_update",
            "reflections_public_search_delete",
        } <= names
    else:
        columns = set(
            db.session.execute(
                text(
                    "SELECT table_name, data_type, is_generated FROM information_schema.columns "
                    "WHERE column_name = 'search_vector'"
                )
            ).all()
        )
        assert columns == {
            ("reflections", "tsvector", "ALWAYS"),
            ("write_ups", "tsvector", "ALWAYS"),
        }
        indexes = set(
            db.session.scalars(
                text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin%'")
            )
        )
        assert {"ix_reflections_search_vector", "ix_write_ups_search_vector"} <= indexes


def test_deleting_an_event_takes_its_reflections_and_their_index_rows(app, past):
    make_reflection(past.event, person("a@example.org"), "Meadows.")
    db.session.delete(past.event)
    db.session.commit()
    assert db.session.scalar(select(Reflection)) is None
    assert _matches("meadow") == []
    if db.engine.dialect.name == "sqlite":
        assert _public_index("meadows") == []


def _visitor_finds(word: str) -> list[int]:
    page = record_page(ANONYMOUS, RecordFilters(q=word))
    return sorted(entry.id for entry in page.entries)


def _public_index(word: str) -> list[int]:
    sql = "SELECT rowid FROM reflection_search_public WHERE reflection_search_public MATCH :q"
    return sorted(db.session.scalars(text(sql), {"q": word}))


def test_a_visitors_search_follows_visibility_hiding_edits_and_deletes(app, past):
    """On SQLite a visitor's search reads an index of public, listed reflections only
    (migration 0020): it must follow every change that moves a reflection in or out."""
    sqlite = db.engine.dialect.name == "sqlite"
    shown = make_reflection(past.event, person("a@example.org"), "Orchards need patience.")
    kept_back = make_reflection(
        past.event, person("b@example.org"), "Orchards at dusk.", visibility=Visibility.PRIVATE
    )
    shared = make_reflection(
        past.event, person("c@example.org"), "Orchards for members.",
        visibility=Visibility.PARTICIPANTS,
    )  # fmt: skip
    assert _visitor_finds("orchards") == [shown.id]
    if sqlite:
        assert _public_index("orchards") == [shown.id]

    kept_back.visibility = Visibility.PUBLIC
    shown.hidden_at = utcnow()
    db.session.commit()
    assert _visitor_finds("orchards") == [kept_back.id]
    if sqlite:
        assert _public_index("orchards") == [kept_back.id]

    shown.hidden_at = None
    kept_back.body = "Meadows instead."
    shared.visibility = Visibility.PUBLIC
    db.session.commit()
    assert _visitor_finds("orchards") == sorted([shown.id, shared.id])
    assert _visitor_finds("meadows") == [kept_back.id]
    if sqlite:
        assert _public_index("orchards") == sorted([shown.id, shared.id])
        assert _public_index("meadows") == [kept_back.id]

    db.session.delete(shared)
    kept_back.visibility = Visibility.ORGANISERS
    db.session.commit()
    assert _visitor_finds("orchards") == [shown.id]
    assert _visitor_finds("meadows") == []
    if sqlite:
        assert _public_index("orchards") == [shown.id]
        assert _public_index("meadows") == []
