"""Pages that only read run without a transaction (hls_events/read_only.py); forms that write
still run in one. Checked on whichever database the suite runs on: after each statement, is a
transaction open?"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from hls_events.extensions import db
from hls_events.read_only import reads_only
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_programme, make_reflection, make_user


@contextmanager
def transaction_after_each_statement() -> Iterator[list[tuple[str, bool]]]:
    seen: list[tuple[str, bool]] = []

    def after(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        dbapi = connection.connection.dbapi_connection
        if isinstance(dbapi, sqlite3.Connection):
            seen.append((statement, dbapi.in_transaction))
        else:
            seen.append((statement, dbapi.info.transaction_status.name != "IDLE"))

    event.listen(db.engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(db.engine, "after_cursor_execute", after)


def _as_in_production() -> None:
    """Give the session's connection back to the pool, as the end of each request does in
    production (a test keeps one app context, and with it one session, across requests)."""
    db.session.remove()


def test_a_public_page_reads_outside_a_transaction_and_a_form_writes_in_one(client):
    programme = make_programme("week")
    event_row = make_event(programme, "circle", title="Learning circle")
    make_reflection(event_row, make_user(), "We learned to trust each other.")
    url = "/p/week/events/circle/"
    for page in ("/", "/p/week/", url, "/practice/?q=trust"):
        _as_in_production()
        with transaction_after_each_statement() as seen:
            assert client.get(page).status_code == 200
        assert seen, page
        assert not any(open_ for _statement, open_ in seen), page

    _as_in_production()
    form = client.get(url)
    with transaction_after_each_statement() as seen:
        answer = client.post(
            url + "register",
            data={
                "csrf_token": csrf_token_from(form.text),
                "name": "Ada Visitor",
                "email": "ada@example.org",
                "sector": "charity",
            },
        )
    assert answer.status_code == 302
    writes = [open_ for statement, open_ in seen if statement.lstrip().startswith("INSERT")]
    # The registration, its answers and its email are written in one transaction, on the
    # same connection the page before it read from outside one.
    assert writes and all(writes)


def test_a_read_that_fails_leaves_the_connection_as_it_found_it(client, app):
    make_programme("week")

    @app.get("/test-failing-read")
    @reads_only
    def failing_read() -> str:
        db.session.execute(text("SELECT no_such_column FROM programmes"))
        return "unreachable"

    _as_in_production()
    assert client.get("/test-failing-read").status_code == 500
    _as_in_production()
    with transaction_after_each_statement() as seen:
        assert client.get("/p/week/").status_code == 200
        make_programme("another")
    assert not any(open_ for statement, open_ in seen if "FROM programmes" in statement)
    assert any(open_ for statement, open_ in seen if statement.lstrip().startswith("INSERT"))


def test_a_connection_given_back_during_a_read_goes_back_in_transactions(client, app):
    make_programme("week")
    in_transactions: list[bool] = []

    @app.get("/test-read-then-give-back")
    @reads_only
    def read_then_give_back() -> str:
        db.session.execute(text("SELECT 1"))
        connection = db.session.connection().connection.dbapi_connection
        db.session.rollback()  # as an error handler may: the connection goes back to the pool
        # Whoever takes it next, perhaps to write, before this request ends.
        in_transactions.append(
            isinstance(connection, sqlite3.Connection) or connection.autocommit is False
        )
        return "read"

    _as_in_production()
    assert client.get("/test-read-then-give-back").text == "read"
    assert in_transactions == [True]
