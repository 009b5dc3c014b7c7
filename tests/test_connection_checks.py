"""Pooled connections are asked whether they are alive once idle, not at every request
(hls_events/connection_checks.py): a connection that died while idle is replaced before a
page meets it; one in use a moment ago is used without asking."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from hls_events import connection_checks
from hls_events.extensions import db
from tests.factories import make_programme


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}  # every request reads the database


def _pooled_connection() -> Any:
    """The connection the next request will take: used, then given back to the pool."""
    db.session.remove()
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        return connection.connection.dbapi_connection


def _counting_checks(monkeypatch) -> list[int]:
    checks: list[int] = []
    dialect = db.engine.dialect
    check = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        checks.append(1)
        return check(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return checks


def test_a_connection_that_died_while_idle_is_replaced_before_a_page_meets_it(client, monkeypatch):
    make_programme("week")
    checks = _counting_checks(monkeypatch)
    dead = _pooled_connection()
    dead.close()  # as if the database had restarted while it waited in the pool
    monkeypatch.setattr(connection_checks, "CHECK_AFTER_IDLE_SECONDS", 0.0)
    assert client.get("/p/week/").status_code == 200
    assert checks == [1]
    assert db.session.connection().connection.dbapi_connection is not dead


def test_a_connection_in_use_a_moment_ago_is_not_asked(client, monkeypatch):
    make_programme("week")
    checks = _counting_checks(monkeypatch)
    _pooled_connection()
    for _ in range(3):
        db.session.remove()
        assert client.get("/p/week/").status_code == 200
    assert checks == []
    monkeypatch.setattr(connection_checks, "CHECK_AFTER_IDLE_SECONDS", 0.0)
    db.session.remove()
    assert client.get("/p/week/").status_code == 200
    assert checks == [1]
