"""Pages that only read run without a transaction on PostgreSQL.

At READ COMMITTED, PostgreSQL's level here, each statement reads its own snapshot whether or not
a transaction is open, so a transaction around a request that only reads changes nothing it
sees. It did cost: a BEGIN and a ROLLBACK, two round trips a request; and psycopg forgets its
prepared statements at every ROLLBACK (a rolled-back change may have altered what they name),
so every statement of every page was parsed and planned again on every request. Planning alone
was a third of the server's time for a practice-record search (pg_stat_statements, under load).

A view marked ``reads_only`` (``page_cache.cached_page`` marks each page it may keep for
visitors: a page kept for everyone cannot be one that changes anything) gets its connections
in autocommit for a GET or HEAD, and they leave it when they go back to the pool or the
request ends. SQLite needs nothing: Python's sqlite3 begins a transaction only before a write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
from flask import Flask, current_app, has_request_context, request
from psycopg.pq import TransactionStatus
from sqlalchemy import event
from sqlalchemy.pool import Pool

View = TypeVar("View", bound=Callable[..., Any])

_READS_ONLY = "hls_events_reads_only"
_IN_AUTOCOMMIT = "hls_events.connections_in_autocommit"


def reads_only(view: View) -> View:
    """Mark a view that never writes, whoever asks."""
    setattr(view, _READS_ONLY, True)
    return view


def request_reads_only() -> bool:
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _READS_ONLY, False))


@event.listens_for(Pool, "checkout")
def _read_without_transaction(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if (
        isinstance(dbapi_connection, psycopg.Connection)
        and not dbapi_connection.autocommit  # an engine made for autocommit is left as it is
        and not dbapi_connection.closed  # connection_checks.py replaces it
        and request_reads_only()
    ):
        dbapi_connection.autocommit = True
        record.info[_IN_AUTOCOMMIT] = True
        request.environ.setdefault(_IN_AUTOCOMMIT, []).append((dbapi_connection, record))


@event.listens_for(Pool, "checkin")
def _back_in_transactions(dbapi_connection: Any, record: Any) -> None:
    """Never left in the pool in autocommit, even when a view gives its connection back before
    its request ends: the next to take it may write."""
    if record is not None and dbapi_connection is not None:
        _leave_autocommit(dbapi_connection, record)


def _end_reading(_error: BaseException | None) -> None:
    """A test keeps its session, and with it the connection, after a request."""
    for connection, record in request.environ.pop(_IN_AUTOCOMMIT, ()):
        _leave_autocommit(connection, record)


def _leave_autocommit(connection: psycopg.Connection[Any], record: Any) -> None:
    """Back out of the autocommit this module put the connection in, and only that."""
    if (
        record.info.pop(_IN_AUTOCOMMIT, False)
        and not connection.closed
        and connection.info.transaction_status == TransactionStatus.IDLE
    ):
        connection.autocommit = False


def init_app(app: Flask) -> None:
    app.teardown_request(_end_reading)
