"""A person's first registration for an event, written as rows rather than objects.

Registering is the site's busiest write: at the moment a programme opens, hundreds a second. The
event is locked and read as one row (``place_facts.locked_place_facts``); the registration, its
answers and its emails' outbox rows (the confirmation and the reminders, one INSERT) are then
written without loading the event, its programme or the person's account as objects. ``services.register`` chooses this path; someone coming
back after cancelling (their row is reused) goes through ``services.place_person``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Select, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..mail.services import queue_written_later
from ..models import Registration, RegistrationAnswer, RegistrationStatus
from ..translation import gettext
from .answers import Answers, answer_values, custom_answer_rows
from .errors import RegistrationError
from .notices import notice, session_reminders
from .people import Registrant, record_consents
from .place_facts import PlaceFacts
from .tables import table_of


@dataclass(frozen=True)
class Outcome:
    """What a registration came to."""

    registration_id: int
    event_id: int
    user_id: int
    status: RegistrationStatus
    waitlist_position: int | None


def has_registration(event_id: int, user_id: int) -> bool:
    """Whether the person has a registration for the event, of any status."""
    found = db.session.execute(_registration_of(), {"event_id": event_id, "user_id": user_id})
    return found.first() is not None


@functools.cache
def _registration_of() -> Select[Any]:
    registrations = table_of(Registration)
    return select(registrations.c.id).where(
        registrations.c.event_id == bindparam("event_id"),
        registrations.c.user_id == bindparam("user_id"),
    )


@functools.cache
def _new_registration() -> Insert:
    registrations = table_of(Registration)
    return insert(registrations).returning(registrations.c.id)


def first_registration(
    facts: PlaceFacts,
    who: Registrant,
    answers: Answers,
    custom: Mapping[int, list[str]],
    now: datetime,
    source: str,
) -> Outcome:
    """``place_person`` for someone with no registration for the event, written as rows: the
    registration, its answers, and its email and reminders as outbox rows in one INSERT."""
    status, position = facts.place()
    try:
        registration_id = db.session.execute(
            _new_registration(),
            {
                "event_id": facts.event_id,
                "user_id": who.id,
                "status": status,
                "waitlist_position": position,
                "source": source,
                "created_at": now,
                "confirmed_at": now if status == RegistrationStatus.CONFIRMED else None,
                **answer_values(answers),
            },
        ).scalar_one()
    except IntegrityError as error:
        # Only reachable if the lock were bypassed: the constraint still refuses a second place.
        raise RegistrationError(
            gettext("You are already registered for this event."), "already"
        ) from error
    rows = custom_answer_rows(custom)
    if rows:
        db.session.execute(
            insert(table_of(RegistrationAnswer)),
            [{"registration_id": registration_id, **row} for row in rows],
        )
    record_consents(who.id, answers.consents)
    template = (
        "registration_confirmed"
        if status == RegistrationStatus.CONFIRMED
        else "registration_waitlisted"
    )
    # Written by the mail worker when it sends (notices.write_registration_notice).
    messages = [notice(registration_id, template)]
    if status == RegistrationStatus.CONFIRMED and answers.wants_reminders:
        messages += session_reminders(registration_id, facts.scheduled, now)
    queue_written_later(who.email, messages, registration_id=registration_id, language=who.language)
    return Outcome(registration_id, facts.event_id, who.id, status, position)
