"""Registration use cases: registering, cancelling, moving, reminders. Each takes plain values,
works in one transaction and commits once, under the event's write lock (see availability.py).

Nothing here reads the web request: the routes pass plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..lazy_text import _l
from ..models import Event, Registration, RegistrationStatus, User, utcnow
from ..translation import gettext
from .answers import Answers, apply_answers, clean_custom_answers
from .availability import (
    Window,
    choose_place,
    has_started,
    places_held,
    release_place,
    reload_event,
    waitlist_enabled,
    waitlist_length,
    window,
    window_message,
)
from .errors import RegistrationError
from .first_registration import Outcome as Outcome
from .first_registration import first_registration, has_registration
from .locking import lock_events, start_transaction
from .notices import (
    cancel_reminders,
    queue_registration_email,
    queue_registration_notice,
    queue_reminders,
)
from .people import record_consents, registrant
from .place_facts import locked_place_facts
from .questions import Questions, question_shapes, questions_for

# --- Registering -------------------------------------------------------------------------------


def outcome_of(registration: Registration) -> Outcome:
    return Outcome(
        registration_id=registration.id,
        event_id=registration.event_id,
        user_id=registration.user_id,
        status=registration.status,
        waitlist_position=registration.waitlist_position,
    )


def _already_registered(registration: Registration) -> RegistrationError:
    if registration.status == RegistrationStatus.WAITLISTED:
        message = gettext(
            "You are already on the waiting list for this event, at number %(position)s.",
            position=registration.waitlist_position,
        )
    else:
        message = gettext("You are already registered for this event.")
    return RegistrationError(message, "already", registration_id=registration.id)


def place_person(
    event: Event,
    user: User,
    answers: Answers,
    custom: Mapping[int, list[str]],
    now: datetime,
    source: str,
    note: str = "",
) -> Registration:
    """Confirm or waitlist ``user`` at ``event``, which the caller has locked."""
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )
    if registration is not None and registration.is_active:
        raise _already_registered(registration)
    held = 0 if event.capacity is None else places_held(event.id)
    full = event.capacity is not None and held >= event.capacity
    waitlist_on = full and waitlist_enabled(event.id)
    status, position = choose_place(
        event.capacity, held, waitlist_on, waitlist_length(event.id) if waitlist_on else 0
    )
    if registration is None:
        registration = Registration(event_id=event.id, user_id=user.id, created_at=now)
        db.session.add(registration)
    else:
        # Coming back after cancelling: the same row, as a new registration.
        registration.created_at = now
        registration.cancelled_at = None
        registration.attendance_marked_at = None
    registration.user = user
    registration.set_status(status)
    registration.waitlist_position = position
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.source = source
    apply_answers(registration, answers, custom)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Only reachable if the lock were bypassed: the constraint still refuses a second place.
        raise RegistrationError(
            gettext("You are already registered for this event."), "already"
        ) from error
    record_consents(user.id, answers.consents)
    template = (
        "registration_confirmed"
        if status == RegistrationStatus.CONFIRMED
        else "registration_waitlisted"
    )
    if note:
        # A note only this moment knows (a move's): written now.
        queue_registration_email(
            registration,
            event,
            template,
            with_calendar=template == "registration_confirmed",
            with_check_in=template == "registration_confirmed",
            note=note,
        )
    else:
        # Written by the mail worker when it sends (notices.write_registration_notice).
        queue_registration_notice(registration, template)
    if status == RegistrationStatus.CONFIRMED:
        queue_reminders(registration, event, now, replace=False)
    return registration


def register(
    event_id: int,
    *,
    email: str = "",
    name: str = "",
    answers: Answers | None = None,
    user_id: int | None = None,
    language: str | None = None,
    source: str = "attendee",
    ignore_window: bool = False,
    require_answers: bool = True,
    questions: Questions | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Register a person for an event: a signed-in person by ``user_id``, anyone else by
    ``email`` and ``name`` (their account is found, or made without a password, in the
    ``language`` of the page they registered on, so that their emails are in it too).

    A place if there is one, else the end of the waiting list if the event has one. The
    confirmation (or waiting-list) email and the reminders are queued in the same commit.
    Organisers adding someone pass ``ignore_window`` to register outside the opening times,
    and ``require_answers=False`` since they may not know every answer. ``questions`` are the
    event's, as the caller's form asked them (read with the event: posting.py); None reads them.
    Raises RegistrationError, changing nothing, if the registration cannot be made.

    The event is locked and read as one row (``locked_place_facts``), and a person's first
    registration for it is written as rows, not objects: the busiest write of the site costs
    a few statements. Someone coming back after cancelling goes through ``place_person``.
    """
    now = now or utcnow()
    answers = answers or Answers()
    start_transaction()
    try:
        facts = locked_place_facts(event_id)
        state = facts.window(now)
        if state != Window.OPEN and not (
            ignore_window and state in (Window.NOT_YET, Window.CLOSED)
        ):
            raise RegistrationError(window_message(reload_event(event_id), state), state.value)
        if questions is None:
            questions = question_shapes(facts.programme_id, event_id)
        custom = clean_custom_answers(questions, answers.custom, require=require_answers)
        who = registrant(email, name, user_id, language)
        if not who.new and has_registration(event_id, who.id):
            # Already registered, or coming back after cancelling: the same row, as before.
            user = db.session.get(User, who.id)
            assert user is not None
            # The organisers' note is written with the email, by the mail worker, in the
            # recipient's language (notices.organisers_note).
            registration = place_person(reload_event(event_id), user, answers, custom, now, source)
            outcome = outcome_of(registration)
        else:
            outcome = first_registration(facts, who, answers, custom, now, source)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return outcome


# --- Cancelling and moving ---------------------------------------------------------------------


def _registration_event_id(registration_id: int) -> int:
    event_id = db.session.scalar(
        select(Registration.event_id).where(Registration.id == registration_id)
    )
    if event_id is None:
        raise RegistrationError(gettext("That registration no longer exists."), "not_found")
    return event_id


def _locked_registration(
    registration_id: int, extra_event_ids: Iterable[int] = ()
) -> tuple[Registration, Event]:
    start_transaction()
    event_id = _registration_event_id(registration_id)
    db.session.commit()
    lock_events([event_id, *extra_event_ids])
    registration = db.session.get(
        Registration,
        registration_id,
        populate_existing=True,
        options=[selectinload(Registration.user)],
    )
    if registration is None or registration.event_id != event_id:
        # Deleted, or moved to another event, between the two reads: the caller may retry.
        raise RegistrationError(
            gettext("That registration has just changed. Please try again."), "conflict"
        )
    return registration, reload_event(event_id)


def cancel_registration(
    registration_id: int, *, by_organiser: bool = False, now: datetime | None = None
) -> list[int]:
    """Cancel a registration and give its place to the waiting list at once.

    Returns the ids of the registrations promoted. Raises RegistrationError, changing
    nothing, if it is already cancelled or the event has happened.
    """
    now = now or utcnow()
    try:
        registration, event = _locked_registration(registration_id)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(
                gettext("This registration is already cancelled."), "already_cancelled"
            )
        if registration.status in (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW):
            raise RegistrationError(
                gettext("This event has happened, so the registration cannot be cancelled."), "past"
            )
        if has_started(event, now) and not by_organiser:
            raise RegistrationError(
                gettext("This event has started, so the registration cannot be cancelled."), "past"
            )
        promoted = release_place(registration, event, now)
        queue_registration_email(
            registration,
            event,
            "registration_cancelled",
            with_calendar=True,
            by_organiser=by_organiser,
        )
        promoted_ids = [promoted_registration.id for promoted_registration in promoted]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return promoted_ids


def move_registration(
    registration_id: int, to_event_id: int, *, now: datetime | None = None
) -> Outcome:
    """Move a registration to another event of the same programme (organisers only).

    The person gets a place there if there is one, else joins its waiting list; the place
    they leave goes to the waiting list of the first event. Answers to the programme's
    questions go with them; answers to the first event's own questions stay behind.
    """
    now = now or utcnow()
    try:
        registration, event = _locked_registration(registration_id, [to_event_id])
        if registration.event_id == to_event_id:
            raise RegistrationError(
                gettext("The registration is already for that event."), "invalid", field="event"
            )
        target = db.session.get(Event, to_event_id)
        if target is None or target.programme_id != event.programme_id:
            raise RegistrationError(
                gettext("Choose an event of the same programme."), "invalid", field="event"
            )
        target = reload_event(to_event_id)
        if not registration.is_active:
            raise RegistrationError(gettext("Only a current registration can be moved."), "invalid")
        state = window(target, now)
        if state in (Window.STARTED, Window.CANCELLED, Window.UNAVAILABLE):
            raise RegistrationError(window_message(target, state), state.value, field="event")
        answers = Answers(
            organisation=registration.organisation,
            sector=registration.sector,
            job_role=registration.job_role,
            access_needs=registration.access_needs,
            share_with_host=registration.share_with_host,
            wants_reminders=registration.wants_reminders,
        )
        target_questions = {question.id for question in questions_for(target)}
        custom = {
            answer.question_id: answer.values
            for answer in registration.answers
            if answer.question_id in target_questions
        }
        user = registration.user
        release_place(registration, event, now)
        moved = place_person(
            target,
            user,
            answers,
            custom,
            now,
            "organiser",
            _l(
                "The organisers have moved your registration here from %(event)s.",
                event=event.title,
            ),
        )
        outcome = outcome_of(moved)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return outcome


# --- Attendee choices ---------------------------------------------------------------------------


def set_reminders(registration_id: int, wanted: bool, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    try:
        registration, event = _locked_registration(registration_id)
        registration.wants_reminders = wanted
        if wanted:
            queue_reminders(registration, event, now)
        else:
            cancel_reminders(registration, event.sessions)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
