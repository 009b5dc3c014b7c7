"""Registering one person for several events of a programme at once: each event is placed as
a single registration would be (services.place_person), in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models import utcnow
from ..translation import gettext
from .answers import Answers, clean_custom_answers
from .availability import Window, event_start, reload_event, window, window_message
from .errors import RegistrationError
from .locking import lock_events, start_transaction
from .people import person
from .questions import questions_for
from .services import Outcome, outcome_of, place_person


@dataclass(frozen=True)
class SeveralOutcome:
    event_id: int
    event_title: str
    outcome: Outcome | None = None
    problem: str = ""
    # A signed-in person's registration already there (an earlier try whose answer was lost).
    already_registration_id: int | None = None


def register_for_several(
    event_ids: Iterable[int],
    *,
    email: str = "",
    name: str = "",
    answers: Answers | None = None,
    user_id: int | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> list[SeveralOutcome]:
    """Register one person for several events of a programme in one transaction.

    An event that is closed, full without a waiting list, or already theirs is reported and
    left out; if none can be registered, RegistrationError says why and nothing changes.
    Wrong answers to a question change nothing at all.
    """
    now = now or utcnow()
    answers = answers or Answers()
    ids = sorted(set(event_ids))
    if not ids:
        raise RegistrationError(gettext("Choose at least one event."), "invalid", field="events")
    start_transaction()
    try:
        events = [reload_event(event_id) for event_id in sorted(lock_events(ids))]
        if len({event.programme_id for event in events}) > 1:
            raise RegistrationError(
                gettext("Choose events from one programme."), "invalid", field="events"
            )
        customs = {
            event.id: clean_custom_answers(questions_for(event), answers.custom) for event in events
        }
        user = person(email, name, user_id, language)
        results: list[SeveralOutcome] = []
        for event in sorted(events, key=lambda e: (event_start(e) or now, e.title)):
            state = window(event, now)
            if state != Window.OPEN:
                results.append(
                    SeveralOutcome(event.id, event.title, problem=window_message(event, state))
                )
                continue
            try:
                with db.session.begin_nested():
                    registration = place_person(
                        event, user, answers, customs[event.id], now, "several"
                    )
            except RegistrationError as error:
                already = error.registration_id if user_id is not None else None
                results.append(
                    SeveralOutcome(
                        event.id, event.title, problem=str(error), already_registration_id=already
                    )
                )
            else:
                results.append(
                    SeveralOutcome(event.id, event.title, outcome=outcome_of(registration))
                )
        if not any(result.outcome or result.already_registration_id for result in results):
            problems = " ".join(f"{result.event_title}: {result.problem}" for result in results)
            raise RegistrationError(
                gettext(
                    "You were not registered for any of those events. %(problems)s",
                    problems=problems,
                ),
                "none",
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return results
