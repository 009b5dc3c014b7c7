"""A pooled connection is checked before use once it has been idle, not before every use.

SQLAlchemy's ``pool_pre_ping`` asks the database whether a connection is alive at every
checkout: a round trip on every request (on PostgreSQL, about 4% of the new practice-record
searches served a second). A connection given back less than CHECK_AFTER_IDLE_SECONDS ago was
working then. One idle for longer, long enough for the database to have restarted or something
on the network to have dropped it, is asked first; if it does not answer, the pool takes a new
one (a checkout listener raising DisconnectionError makes SQLAlchemy's pool try again). A
restart in the second after a connection's last use fails the request that next meets that
connection, as a restart fails the requests it interrupts.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Dialect

from .extensions import db

CHECK_AFTER_IDLE_SECONDS = 1.0
_RETURNED_AT = "hls_events_returned_at"


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "checkin", _note_return)
            event.listen(engine, "checkout", functools.partial(_check_if_idle, engine.dialect))


def _note_return(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_RETURNED_AT] = time.monotonic()


def _check_if_idle(dialect: Dialect, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    returned = record.info.get(_RETURNED_AT)
    if returned is None or time.monotonic() - returned < CHECK_AFTER_IDLE_SECONDS:
        return  # new, or in use a moment ago
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as error:  # whatever the driver raises for a connection that is gone
        raise exc.DisconnectionError(str(error)) from error
