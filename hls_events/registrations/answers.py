"""What a person tells the organisers when they register: checked, then kept on the registration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import QuestionKind, Registration, RegistrationAnswer, RegistrationQuestion, Sector
from ..translation import gettext
from .errors import RegistrationError
from .questions import QuestionShape

SHORT_ANSWER_MAX = 500
LONG_ANSWER_MAX = 5000


@dataclass
class Answers:
    """What a person tells the organisers when they register."""

    organisation: str = ""
    sector: Sector | None = None
    job_role: str = ""
    access_needs: str = ""
    share_with_host: bool = False
    wants_reminders: bool = True
    # Question id to the answer's values (one for text and single choice).
    custom: Mapping[int, list[str]] = field(default_factory=dict)
    # Consent purpose (accounts/consents.py) to True where the person ticked it.
    consents: Mapping[str, bool] = field(default_factory=dict)


def clean_custom_answers(
    questions: Iterable[RegistrationQuestion | QuestionShape],
    custom: Mapping[int, list[str]],
    *,
    require: bool = True,
) -> dict[int, list[str]]:
    """The answers to these questions, checked; RegistrationError names the first wrong one."""
    cleaned: dict[int, list[str]] = {}
    for question in questions:
        field_name = f"question_{question.id}"
        values = [value.strip() for value in custom.get(question.id, []) if value.strip()]
        if question.kind.has_choices:
            allowed = set(question.choices)
            if any(value not in allowed for value in values):
                raise RegistrationError(
                    gettext("Choose from the list for “%(question)s”.", question=question.label),
                    "invalid",
                    field=field_name,
                )
            if question.kind == QuestionKind.SINGLE_CHOICE and len(values) > 1:
                raise RegistrationError(
                    gettext("Choose one answer for “%(question)s”.", question=question.label),
                    "invalid",
                    field=field_name,
                )
        else:
            limit = (
                SHORT_ANSWER_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_ANSWER_MAX
            )
            values = values[:1]
            if values and len(values[0]) > limit:
                raise RegistrationError(
                    gettext(
                        "Your answer to “%(question)s” must be %(limit)s characters or fewer.",
                        question=question.label,
                        limit=limit,
                    ),
                    "invalid",
                    field=field_name,
                )
        if require and question.required and not values:
            raise RegistrationError(
                gettext("Answer “%(question)s”.", question=question.label),
                "invalid",
                field=field_name,
            )
        if values:
            cleaned[question.id] = values
    return cleaned


def answer_values(answers: Answers) -> dict[str, Any]:
    """The registration's columns for these answers, cut to the columns' lengths."""
    return {
        "organisation": answers.organisation.strip()[:200],
        "sector": answers.sector,
        "job_role": answers.job_role.strip()[:200],
        "access_needs": answers.access_needs.strip()[:5000],
        "share_with_host": answers.share_with_host,
        "wants_reminders": answers.wants_reminders,
    }


def custom_answer_rows(custom: Mapping[int, list[str]]) -> list[dict[str, Any]]:
    """The answers to the programme's questions as rows (several choices one per line)."""
    return [
        {"question_id": question_id, "value": "\n".join(values)}
        for question_id, values in custom.items()
    ]


def apply_answers(
    registration: Registration, answers: Answers, custom: Mapping[int, list[str]]
) -> None:
    for column, value in answer_values(answers).items():
        setattr(registration, column, value)
    registration.answers = [RegistrationAnswer(**row) for row in custom_answer_rows(custom)]
