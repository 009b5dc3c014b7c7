"""The one way to change who holds an event's places: under the event's write lock.

Every change to an event's registrations (registering, cancelling, promoting from the waiting
list, moving, marking attendance, changing capacity) starts its transaction with an UPDATE of
the event's row. On PostgreSQL that takes the row's lock until commit, so two transactions for
the same event run one after the other, across every process and machine; at READ COMMITTED
each later statement sees what the transaction before committed. On SQLite an UPDATE takes the
database's single write lock, and as the transaction's first statement it cannot meet a stale
snapshot (WAL mode); ``busy_timeout`` makes the next writer wait rather than fail.

Counting the confirmed places and choosing the next waiting-list position is then safe, and the
unique constraints on registrations are a second line behind the lock, not the first.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update

from ..extensions import db
from ..models import Event


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
    found: set[int] = set()
    for event_id in sorted(set(event_ids)):
        result = db.session.execute(
            # Setting a column to itself changes nothing that calendars or caches see.
            update(Event).where(Event.id == event_id).values(updated_at=Event.updated_at),
            execution_options={"synchronize_session": False},
        )
        if result.rowcount:
            found.add(event_id)
    return found
