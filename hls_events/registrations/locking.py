"""The one way to change who holds an event's places: under the event's write lock.

Every change to an event's registrations (registering, cancelling, promoting from the waiting
list, moving, marking attendance, changing capacity) starts its transaction with an UPDATE of
the event's row. On PostgreSQL that takes the row's lock until commit, so two transactions for
the same event run one after the other, across every process and machine; at READ COMMITTED
each later statement sees what the transaction before committed. On SQLite an UPDATE takes the
database's single write lock, and as the transaction's first statement it cannot meet a stale
snapshot (WAL mode); writers of registrations queue for it on a file lock (see
``_join_sqlite_write_queue``), and ``busy_timeout`` makes any other writer wait rather than fail.

Counting the confirmed places and choosing the next waiting-list position is then safe, and the
unique constraints on registrations are a second line behind the lock, not the first.
"""

from __future__ import annotations

import fcntl
import functools
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Update, bindparam, event, update
from sqlalchemy.orm import Session, SessionTransaction

from ..extensions import db
from ..models import Event
from ..page_cache import CONTENT_UNCHANGED
from .tables import table_of

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import CursorResult


class UnsavedChanges(RuntimeError):
    """A service that must start its own transaction was called with changes not yet saved."""


def start_transaction() -> None:
    """End whatever read transaction the request has open, so the lock comes first."""
    session = db.session
    if session.new or session.dirty or session.deleted:
        raise UnsavedChanges("commit or roll back pending changes before changing registrations")
    session.commit()


def lock_events(event_ids: Iterable[int]) -> set[int]:
    """Take the write lock of each event, lowest id first so that two transactions locking
    several events never wait for each other. Returns the ids that exist."""
    event_ids = sorted(set(event_ids))
    if event_ids:
        _join_sqlite_write_queue()
    found: set[int] = set()
    for event_id in event_ids:
        result = cast(
            "CursorResult[Any]",
            db.session.execute(
                _lock_statement(),
                {"event_id": event_id},
                # Setting a column to itself changes nothing that calendars or kept pages show.
                execution_options={CONTENT_UNCHANGED: True},
            ),
        )
        if result.rowcount:
            found.add(event_id)
    return found


@functools.cache
def _lock_statement() -> Update:
    """Built once per worker, from the table (tables.py): registering takes this lock each time."""
    events = table_of(Event)
    return (
        update(events)
        .where(events.c.id == bindparam("event_id"))
        .values(updated_at=events.c.updated_at)
    )


def lock_row(model: Any, row_id: int) -> bool:
    """Take the write lock of one row of another table that holds places (a community) in
    the same way as an event's: an UPDATE setting a column to itself. False if it is gone."""
    _join_sqlite_write_queue()
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(model).where(model.id == row_id).values(updated_at=model.updated_at),
            execution_options={"synchronize_session": False, CONTENT_UNCHANGED: True},
        ),
    )
    return bool(result.rowcount)


def close_waitlist_gap(
    model: Any, owner_column: Any, owner_id: int, after_position: int, by: int
) -> None:
    """Move everyone waiting behind ``after_position`` forward by ``by`` places, in the waiting
    list of one event (``Registration``, ``Registration.event_id``) or community.

    Two statements, through negative numbers, because a unique constraint is checked row by
    row on both databases: shifting in place could briefly give two people one position.
    Call with the owner's row locked.
    """
    if by <= 0:
        return
    db.session.execute(
        update(model)
        .where(owner_column == owner_id, model.waitlist_position > after_position)
        .values(waitlist_position=-(model.waitlist_position - by)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(model)
        .where(owner_column == owner_id, model.waitlist_position < 0)
        .values(waitlist_position=-model.waitlist_position),
        execution_options={"synchronize_session": False},
    )
    owner_attribute = owner_column.key
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, model) and getattr(instance, owner_attribute) == owner_id:
            db.session.expire(instance, ["waitlist_position"])


# --- SQLite's writers, one after another ------------------------------------------------------

_QUEUE_KEY = "sqlite_write_queue"


def _join_sqlite_write_queue() -> None:
    """On SQLite, wait for the other writers of registrations on a file lock beside the database.

    SQLite has one writer at a time, and a writer that finds the database busy sleeps, in steps
    of up to 100 ms, before trying again: under a burst of registrations most of the time went
    in those sleeps. An OS file lock (flock) hands over the moment the last writer commits, to
    the next in line, in every worker process. Released when the transaction ends.
    """
    session = db.session()
    if session.info.get(_QUEUE_KEY) is not None:
        return
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    if cast("sqlite3.Connection", session.connection().connection.dbapi_connection).in_transaction:
        # This transaction has written already (an organiser's change whose registrations
        # follow), so it holds SQLite's lock: waiting in line behind a writer who is waiting
        # for that lock would stall both.
        return
    descriptor = os.open(f"{url.database}.write-queue", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    session.info[_QUEUE_KEY] = descriptor


@event.listens_for(Session, "after_transaction_end")
def _leave_sqlite_write_queue(session: Session, transaction: SessionTransaction) -> None:
    # After the commit or rollback itself, so the next writer finds the database free.
    if transaction.parent is not None:
        return
    descriptor = session.info.pop(_QUEUE_KEY, None)
    if descriptor is not None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)
