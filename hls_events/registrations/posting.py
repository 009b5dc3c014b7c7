"""What a registration POST needs before the service runs: which event, if the visitor may see
it. One statement of two ids, where loading the programme and the event as objects (for a page
that is not shown when the registration goes through) took a third of the request."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, select

from ..extensions import db
from ..models import Event, Programme
from ..visibility import ANONYMOUS, Person, Viewer, shown_events_clause, shown_programmes_clause


@dataclass(frozen=True)
class EventToRegister:
    programme_id: int
    event_id: int


def event_to_register(
    programme_slug: str, event_slug: str, person: Person
) -> EventToRegister | None:
    """The event, if the public pages show it and its programme to this visitor (the rules of
    visibility.py, as ``visible_programme`` and ``visible_event`` apply them)."""
    viewer = Viewer.of(person)
    # Built once per worker for visitors not signed in; the clauses name a signed-in person.
    statement = _lookup(viewer) if viewer.signed_in else _anonymous_lookup()
    row = db.session.execute(
        statement, {"programme_slug": programme_slug, "event_slug": event_slug}
    ).first()
    return None if row is None else EventToRegister(row.programme_id, row.id)


@functools.cache
def _anonymous_lookup() -> Select[int, int]:
    return _lookup(ANONYMOUS)


def _lookup(viewer: Viewer) -> Select[int, int]:
    return (
        select(Event.id, Event.programme_id)
        .join(Programme, Programme.id == Event.programme_id)
        .where(
            Programme.slug == bindparam("programme_slug"),
            Event.slug == bindparam("event_slug"),
            shown_programmes_clause(viewer),
            shown_events_clause(viewer),
        )
    )
