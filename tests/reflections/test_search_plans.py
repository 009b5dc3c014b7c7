"""A search's statements are the same text whatever the words and however many entries it shows,
so PostgreSQL prepares and plans each once; and the plan it then keeps, made for any words,
still finds a visitor's matches in the index of public reflections."""

from __future__ import annotations

import re
from typing import Any

import pytest
from psycopg import sql
from sqlalchemy import event

from hls_events.extensions import db
from hls_events.reflections.entries import EntryKind
from hls_events.reflections.entry_rows import EntryRef, entries_for_rows
from hls_events.reflections.visibility import ANONYMOUS
from tests.conftest import counting_queries
from tests.factories import make_reflection, make_speaker, make_write_up
from tests.reflections.conftest import person


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}


def _page(statements: list[str]) -> list[str]:
    return [s for s in statements if "AS total" in s]


def test_searches_for_other_words_run_the_same_statements(client, past, count_queries):
    for number in range(3):
        make_reflection(past.event, person(f"p{number}@example.org"), f"Learning {number}.")
    make_reflection(past.later, person("t@example.org"), "We learned to trust.")
    make_write_up(past.event, make_speaker(), "Learning together", "What learning looks like.")
    client.get("/practice/", query_string={"q": "circle"})  # the filter choices, read once
    with count_queries() as trust:
        assert "We learned to" in client.get("/practice/", query_string={"q": "trust"}).text
    with count_queries() as learning:
        page = client.get("/practice/", query_string={"q": "learning"}).text
    assert "Learning together" in page and "Learning</mark> 2." in page
    # One reflection shown, then three and a write-up: one statement, the same text, with the
    # shown entries joined to their page.
    assert len(_page(trust)) == 1
    assert _page(trust) == _page(learning)
    assert set(trust) <= set(learning)


def test_entries_read_by_id_are_read_by_one_text_on_postgresql(app, past):
    made = [
        make_reflection(past.event, person(f"p{number}@example.org"), f"Learning {number}.").id
        for number in range(3)
    ]
    texts: list[list[str]] = []
    for shown in (made[:1], made):
        with counting_queries() as statements:
            entries = entries_for_rows(
                ANONYMOUS, [EntryRef(EntryKind.REFLECTION, i) for i in shown]
            )
        assert [entry.id for entry in entries] == shown
        texts.append([s for s in statements if s.startswith("SELECT reflections.id")])
    assert len(texts[0]) == 1
    if db.engine.dialect.name == "postgresql":
        # The ids bound as one array: prepared and planned once, however many.
        assert texts[0] == texts[1]
    else:
        # SQLite prepares a statement in microseconds: a placeholder an id.
        assert texts[0] != texts[1]


def test_a_visitors_search_is_found_in_the_index_of_public_reflections(client, past):
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert "each other" in client.get("/practice/", query_string={"q": "trust"}).text
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    statement, parameters = next((s, p) for s, p in seen if "AS total" in s)
    plan = _plan_kept_for_any_words(statement, parameters)
    public_index = (
        "reflection_search_public"
        if db.engine.dialect.name == "sqlite"
        else "ix_reflections_public_search_vector "
    )
    assert public_index in plan + " ", plan
    # The words are made into a query once a run, not again for each row compared.
    assert "websearch_to_tsquery" not in plan, plan


def _plan_kept_for_any_words(statement: str, parameters: Any) -> str:
    """The plan PostgreSQL keeps for the statement once prepared (its generic plan, made
    without the words); on SQLite, the statement's plan."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(str(row[-1]) for row in rows)
    names: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    numbered = re.sub(r"%\((\w+)\)s", placeholder, statement)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute("PREPARE search_plan AS " + numbered, prepare=False)
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        # A test's few rows are cheaper read whole: ask which index the plan would take.
        cursor.execute("SET LOCAL enable_seqscan = off")
        values = sql.SQL(", ").join(sql.Literal(parameters[name]) for name in names)
        cursor.execute(sql.SQL("EXPLAIN EXECUTE search_plan({})").format(values))
        return "\n".join(row[0] for row in cursor.fetchall())
    finally:
        db.session.rollback()
        db.session.connection().exec_driver_sql("DEALLOCATE ALL")
