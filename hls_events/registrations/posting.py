"""What a registration POST needs before the service runs: which event, if the visitor may see
it, and the questions its form asks. One statement of two ids and the questions' columns, where
loading the programme and the event as objects (for a page that is not shown when the
registration goes through) took a third of the request."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Select, and_, bindparam, or_, select

from ..extensions import db
from ..models import Event, Programme, QuestionKind, RegistrationQuestion
from ..models.registration import choices_in
from ..visibility import ANONYMOUS, Person, Viewer, shown_events_clause, shown_programmes_clause
from .questions import QuestionShape

# The event's ids, then a question's columns (None when it asks none).
Lookup = Select[int, int, int, str, str, QuestionKind, str, bool]


@dataclass(frozen=True)
class EventToRegister:
    programme_id: int
    event_id: int
    # The programme's questions, then the event's own (``questions.question_shapes``).
    questions: list[QuestionShape]


def event_to_register(
    programme_slug: str, event_slug: str, person: Person
) -> EventToRegister | None:
    """The event, if the public pages show it and its programme to this visitor (the rules of
    visibility.py, as ``visible_programme`` and ``visible_event`` apply them)."""
    viewer = Viewer.of(person)
    # Built once per worker for visitors not signed in; the clauses name a signed-in person.
    statement = _lookup(viewer) if viewer.signed_in else _anonymous_lookup()
    rows = db.session.execute(
        statement, {"programme_slug": programme_slug, "event_slug": event_slug}
    ).all()
    if not rows:
        return None
    questions = [
        QuestionShape(row[2], row[3], row[4], row[5], tuple(choices_in(row[6])), row[7])
        for row in rows
        if row[2] is not None
    ]
    return EventToRegister(rows[0][1], rows[0][0], questions)


@functools.cache
def _anonymous_lookup() -> Lookup:
    return _lookup(ANONYMOUS)


def _lookup(viewer: Viewer) -> Lookup:
    # Each question as a row beside the event's ids (one row with none if it asks nothing).
    question = RegistrationQuestion
    return (
        select(
            Event.id,
            Event.programme_id,
            question.id,
            question.label,
            question.hint,
            question.kind,
            question.choices_text,
            question.required,
        )
        .join(Programme, Programme.id == Event.programme_id)
        .outerjoin(
            question,
            and_(
                question.programme_id == Event.programme_id,
                or_(question.event_id.is_(None), question.event_id == Event.id),
            ),
        )
        .where(
            Programme.slug == bindparam("programme_slug"),
            Event.slug == bindparam("event_slug"),
            shown_programmes_clause(viewer),
            shown_events_clause(viewer),
        )
        .order_by(question.event_id.is_not(None), question.position, question.id)
    )
