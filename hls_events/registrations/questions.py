"""The questions organisers ask when people register: for a whole programme or one event."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from ..extensions import db
from ..models import Event, QuestionKind, RegistrationQuestion
from ..models.registration import choices_in
from ..translation import gettext
from .errors import RegistrationError
from .tables import table_of


@dataclass(frozen=True)
class QuestionShape:
    """All of a question that its form field is made from and its answers are checked by."""

    id: int
    label: str
    hint: str
    kind: QuestionKind
    choices: tuple[str, ...]
    required: bool


# Questions as loaded for a page, or as plain values for a registration posted.
Questions = Sequence[RegistrationQuestion] | Sequence[QuestionShape]


def shape_of(question: RegistrationQuestion | QuestionShape) -> QuestionShape:
    if isinstance(question, QuestionShape):
        return question
    return QuestionShape(
        question.id,
        question.label,
        question.hint,
        question.kind,
        tuple(question.choices),
        question.required,
    )


def questions_for(event: Event) -> list[RegistrationQuestion]:
    """The programme's questions for every event, then this event's own."""
    return questions_of(event.programme_id, event.id)


def questions_of(programme_id: int, event_id: int) -> list[RegistrationQuestion]:
    """``questions_for`` by ids, for a service that has not loaded the event."""
    return list(
        db.session.scalars(
            _questions_statement(), {"programme_id": programme_id, "event_id": event_id}
        )
    )


@functools.cache
def _questions_statement() -> Select[RegistrationQuestion]:
    """Built once per worker: an event page's form asks for the questions."""
    return (
        select(RegistrationQuestion)
        .where(
            RegistrationQuestion.programme_id == bindparam("programme_id"),
            (RegistrationQuestion.event_id.is_(None))
            | (RegistrationQuestion.event_id == bindparam("event_id")),
        )
        .order_by(
            RegistrationQuestion.event_id.is_not(None),
            RegistrationQuestion.position,
            RegistrationQuestion.id,
        )
    )


def question_shapes(programme_id: int, event_id: int) -> list[QuestionShape]:
    """``questions_of`` as plain values, for a registration posted: its form and its checks
    need no objects, and loading them was a fair part of registering."""
    return [
        QuestionShape(id, label, hint, kind, tuple(choices_in(choices)), required)
        for id, label, hint, kind, choices, required in db.session.execute(
            _shapes_statement(), {"programme_id": programme_id, "event_id": event_id}
        )
    ]


@functools.cache
def _shapes_statement() -> Select[Any]:
    """``_questions_statement`` of the table itself (tables.py), built once per worker."""
    questions = table_of(RegistrationQuestion)
    return (
        select(
            questions.c.id,
            questions.c.label,
            questions.c.hint,
            questions.c.kind,
            questions.c.choices_text,
            questions.c.required,
        )
        .where(
            questions.c.programme_id == bindparam("programme_id"),
            questions.c.event_id.is_(None) | (questions.c.event_id == bindparam("event_id")),
        )
        .order_by(questions.c.event_id.is_not(None), questions.c.position, questions.c.id)
    )


def questions_for_events(events: list[Event]) -> list[RegistrationQuestion]:
    seen: dict[int, RegistrationQuestion] = {}
    for event in events:
        for question in questions_for(event):
            seen.setdefault(question.id, question)
    return list(seen.values())


def question_in(event: Event, question_id: int) -> RegistrationQuestion | None:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.programme_id != event.programme_id:
        return None
    if question.event_id is not None and question.event_id != event.id:
        return None
    return question


@dataclass
class QuestionDetails:
    label: str
    hint: str
    kind: QuestionKind
    choices: list[str]
    required: bool
    whole_programme: bool


def _check_question(details: QuestionDetails) -> None:
    if details.kind.has_choices and len(details.choices) < 2:
        raise RegistrationError(
            gettext("Give at least two choices, one per line."), "invalid", field="choices"
        )


def add_question(event: Event, details: QuestionDetails) -> RegistrationQuestion:
    _check_question(details)
    last = db.session.scalar(
        select(func.coalesce(func.max(RegistrationQuestion.position), 0)).where(
            RegistrationQuestion.programme_id == event.programme_id
        )
    )
    assert last is not None  # coalesce(..., 0)
    question = RegistrationQuestion(
        programme_id=event.programme_id,
        event_id=None if details.whole_programme else event.id,
        position=last + 1,
    )
    _apply_question(question, details)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: RegistrationQuestion, event: Event, details: QuestionDetails) -> None:
    _check_question(details)
    _apply_question(question, details)
    question.event_id = None if details.whole_programme else event.id
    db.session.commit()


def _apply_question(question: RegistrationQuestion, details: QuestionDetails) -> None:
    question.label = details.label.strip()[:300]
    question.hint = details.hint.strip()[:500]
    question.kind = details.kind
    question.choices_text = (
        "\n".join(choice.strip() for choice in details.choices if choice.strip())
        if details.kind.has_choices
        else ""
    )
    question.required = details.required


def remove_question(question: RegistrationQuestion) -> None:
    """Remove a question and the answers given to it."""
    db.session.delete(question)
    db.session.commit()
