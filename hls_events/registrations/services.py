"""Registration use cases. Each takes plain values, works in one transaction and commits once.

Every change to who holds an event's places runs under the event's write lock (locking.py):
the transaction's first statement locks the event, then places are counted and the waiting
list is read and written, then it commits. So an event never has more confirmed places than
its capacity, its waiting list is numbered 1..N without gaps or repeats, and places go to
the waiting list in order, whatever number of processes serve the app.

Nothing here reads the web request: the routes pass plain values in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.consents import CONSENT_PURPOSES
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    PLACE_HOLDING_STATUSES,
    ConsentRecord,
    Event,
    EventStatus,
    ProgrammeStatus,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
    Sector,
    User,
    utcnow,
)
from .locking import lock_events, start_transaction
from .notices import (
    cancel_reminders,
    queue_registration_email,
    queue_reminders,
    scheduled_sessions,
)

SHORT_ANSWER_MAX = 500
LONG_ANSWER_MAX = 5000


class RegistrationError(ValueError):
    """A registration change that cannot be made, with a message for the person.

    ``reason`` says why, for the route to choose a status code; ``field`` names the form
    field at fault, if one is; ``registration_id`` is the person's existing registration
    when they are already registered.
    """

    def __init__(
        self,
        message: str,
        reason: str,
        *,
        field: str | None = None,
        registration_id: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.field = field
        self.registration_id = registration_id


class Window(enum.StrEnum):
    """Whether an event takes registrations now."""

    OPEN = "open"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    STARTED = "started"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"


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


@dataclass(frozen=True)
class Outcome:
    registration_id: int
    event_id: int
    user_id: int
    status: RegistrationStatus
    waitlist_position: int | None


@dataclass(frozen=True)
class SeveralOutcome:
    event_id: int
    event_title: str
    outcome: Outcome | None = None
    problem: str = ""


# --- Reading an event's state ------------------------------------------------------------------


def event_start(event: Event) -> datetime | None:
    sessions = scheduled_sessions(event)
    return sessions[0].starts_at if sessions else None


def has_started(event: Event, now: datetime) -> bool:
    start = event_start(event)
    return start is not None and now >= start


def window(event: Event, now: datetime) -> Window:
    if event.status == EventStatus.CANCELLED:
        return Window.CANCELLED
    if event.status != EventStatus.PUBLISHED or event.programme.status != ProgrammeStatus.PUBLISHED:
        return Window.UNAVAILABLE
    if has_started(event, now):
        return Window.STARTED
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return Window.NOT_YET
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return Window.CLOSED
    return Window.OPEN


def window_message(event: Event, state: Window) -> str:
    zone = event.programme.zone
    if state == Window.NOT_YET and event.registration_opens_at is not None:
        opens = event.registration_opens_at
        return (
            f"Registration opens on {format_day(to_local(opens, zone).date())} "
            f"at {format_clock(opens, zone)}."
        )
    return {
        Window.CLOSED: "Registration for this event has closed.",
        Window.STARTED: "This event has started, so registration has closed.",
        Window.CANCELLED: "This event has been cancelled, so it is not taking registrations.",
        Window.UNAVAILABLE: "This event is not open for registration.",
    }.get(state, "This event is not open for registration.")


def places_held(event_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event_id, Registration.status.in_(PLACE_HOLDING_STATUSES))
    )


def waitlist_length(event_id: int) -> int:
    """The highest position, which is the length because positions run 1..N."""
    return db.session.scalar(
        select(func.coalesce(func.max(Registration.waitlist_position), 0)).where(
            Registration.event_id == event_id
        )
    )


def waitlist_enabled(event_id: int) -> bool:
    settings = db.session.get(RegistrationSettings, event_id)
    return True if settings is None else settings.waitlist_enabled


def questions_for(event: Event) -> list[RegistrationQuestion]:
    """The programme's questions for every event, then this event's own."""
    return list(
        db.session.scalars(
            select(RegistrationQuestion)
            .where(
                RegistrationQuestion.programme_id == event.programme_id,
                (RegistrationQuestion.event_id.is_(None))
                | (RegistrationQuestion.event_id == event.id),
            )
            .order_by(
                RegistrationQuestion.event_id.is_not(None),
                RegistrationQuestion.position,
                RegistrationQuestion.id,
            )
        )
    )


# --- Inside the lock ---------------------------------------------------------------------------


def _locked_event(event_id: int) -> Event:
    if not lock_events([event_id]):
        raise RegistrationError("There is no such event.", "not_found")
    return _reload_event(event_id)


def _reload_event(event_id: int) -> Event:
    event = db.session.get(
        Event,
        event_id,
        populate_existing=True,
        options=[selectinload(Event.sessions), selectinload(Event.programme)],
    )
    assert event is not None
    return event


def _close_gap(event_id: int, after_position: int, by: int) -> None:
    """Move everyone waiting behind ``after_position`` forward by ``by`` places.

    Two statements, through negative numbers, because a unique constraint is checked row by
    row on both databases: shifting in place could briefly give two people one position.
    """
    if by <= 0:
        return
    db.session.execute(
        update(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.waitlist_position > after_position,
        )
        .values(waitlist_position=-(Registration.waitlist_position - by)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(Registration)
        .where(Registration.event_id == event_id, Registration.waitlist_position < 0)
        .values(waitlist_position=-Registration.waitlist_position),
        execution_options={"synchronize_session": False},
    )
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, Registration) and instance.event_id == event_id:
            db.session.expire(instance, ["waitlist_position"])


def close_up_waitlist(event_id: int) -> None:
    """Renumber the waiting list 1..N in its order, after rows left it without a service (a
    person deleted). Call with the event locked."""
    waiting = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event_id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.waitlist_position)
        )
    )
    if [registration.waitlist_position for registration in waiting] == list(
        range(1, len(waiting) + 1)
    ):
        return
    # Through negative numbers, as in _close_gap, so that no two rows ever share a position.
    for rank, registration in enumerate(waiting, start=1):
        registration.waitlist_position = -rank
    db.session.flush()
    for registration in waiting:
        registration.waitlist_position = -registration.waitlist_position
    db.session.flush()


def _leave_waitlist(registration: Registration) -> None:
    position = registration.waitlist_position
    registration.waitlist_position = None
    db.session.flush()
    if position is not None:
        _close_gap(registration.event_id, position, 1)


def fill_places(event: Event, now: datetime) -> list[Registration]:
    """Give free places to the waiting list, first in line first; never once the event has
    started. Call with the event locked."""
    if event.status != EventStatus.PUBLISHED or has_started(event, now):
        return []
    query = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_position)
        .options(selectinload(Registration.user))
    )
    if event.capacity is not None:
        free = event.capacity - places_held(event.id)
        if free <= 0:
            return []
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    if not promoted:
        return []
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = now
    db.session.flush()
    _close_gap(event.id, len(promoted), len(promoted))
    for registration in promoted:
        queue_registration_email(registration, event, "registration_promoted", with_calendar=True)
        queue_reminders(registration, event, now)
    return promoted


# --- People ------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_email(email: str) -> str:
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise RegistrationError(
            "Enter an email address in the right format, like name@example.org.",
            "invalid",
            field="email",
        ) from error
    return email


def _find_or_create_user(email: str, name: str) -> User:
    """The account for this address, made if there is none: no password is needed to
    register. Two registrations with a new address at once both end with the one account."""
    email = checked_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user
    name = name.strip()
    if not name:
        raise RegistrationError("Enter your name.", "invalid", field="name")
    try:
        with db.session.begin_nested():
            user = User(email=email, name=name[:200])
            db.session.add(user)
    except IntegrityError:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            raise
    return user


def _record_consents(user: User, consents: Mapping[str, bool]) -> None:
    given = [purpose for purpose, yes in consents.items() if yes and purpose in CONSENT_PURPOSES]
    if not given:
        return
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id, ConsentRecord.purpose.in_(given))
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    newest = {record.purpose: record for record in records}
    for purpose in given:
        record = newest.get(purpose)
        if record is None or not record.given or record.wording != CONSENT_PURPOSES[purpose]:
            db.session.add(
                ConsentRecord(
                    user_id=user.id,
                    purpose=purpose,
                    wording=CONSENT_PURPOSES[purpose],
                    given=True,
                )
            )


# --- Answers -----------------------------------------------------------------------------------


def clean_custom_answers(
    questions: Iterable[RegistrationQuestion],
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
                    f"Choose from the list for “{question.label}”.", "invalid", field=field_name
                )
            if question.kind == QuestionKind.SINGLE_CHOICE and len(values) > 1:
                raise RegistrationError(
                    f"Choose one answer for “{question.label}”.", "invalid", field=field_name
                )
        else:
            limit = (
                SHORT_ANSWER_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_ANSWER_MAX
            )
            values = values[:1]
            if values and len(values[0]) > limit:
                raise RegistrationError(
                    f"Your answer to “{question.label}” must be {limit} characters or fewer.",
                    "invalid",
                    field=field_name,
                )
        if require and question.required and not values:
            raise RegistrationError(f"Answer “{question.label}”.", "invalid", field=field_name)
        if values:
            cleaned[question.id] = values
    return cleaned


def _apply_answers(
    registration: Registration, answers: Answers, custom: Mapping[int, list[str]]
) -> None:
    registration.organisation = answers.organisation.strip()[:200]
    registration.sector = answers.sector
    registration.job_role = answers.job_role.strip()[:200]
    registration.access_needs = answers.access_needs.strip()[:5000]
    registration.share_with_host = answers.share_with_host
    registration.wants_reminders = answers.wants_reminders
    registration.answers = [
        RegistrationAnswer(question_id=question_id, value="\n".join(values))
        for question_id, values in custom.items()
    ]


# --- Registering -------------------------------------------------------------------------------


def _outcome(registration: Registration) -> Outcome:
    return Outcome(
        registration_id=registration.id,
        event_id=registration.event_id,
        user_id=registration.user_id,
        status=registration.status,
        waitlist_position=registration.waitlist_position,
    )


def _already_registered(registration: Registration) -> RegistrationError:
    if registration.status == RegistrationStatus.WAITLISTED:
        message = (
            "You are already on the waiting list for this event, at number "
            f"{registration.waitlist_position}."
        )
    else:
        message = "You are already registered for this event."
    return RegistrationError(message, "already", registration_id=registration.id)


def _place(
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
    if event.capacity is None or places_held(event.id) < event.capacity:
        status, position = RegistrationStatus.CONFIRMED, None
    elif waitlist_enabled(event.id):
        status, position = RegistrationStatus.WAITLISTED, waitlist_length(event.id) + 1
    else:
        raise RegistrationError("This event is full, and it has no waiting list.", "full")
    if registration is None:
        registration = Registration(event_id=event.id, user_id=user.id, created_at=now)
        db.session.add(registration)
    else:
        # Coming back after cancelling: the same row, as a new registration.
        registration.created_at = now
        registration.cancelled_at = None
        registration.attendance_marked_at = None
    registration.user = user
    registration.status = status
    registration.waitlist_position = position
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.source = source
    _apply_answers(registration, answers, custom)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Only reachable if the lock were bypassed: the constraint still refuses a second place.
        raise RegistrationError("You are already registered for this event.", "already") from error
    _record_consents(user, answers.consents)
    if status == RegistrationStatus.CONFIRMED:
        queue_registration_email(
            registration, event, "registration_confirmed", with_calendar=True, note=note
        )
        queue_reminders(registration, event, now, replace=False)
    else:
        queue_registration_email(registration, event, "registration_waitlisted", note=note)
    return registration


def _person(email: str, name: str, user_id: int | None) -> User:
    if user_id is not None:
        user = db.session.get(User, user_id)
        if user is None:
            raise RegistrationError("That account no longer exists.", "not_found")
        return user
    return _find_or_create_user(email, name)


def register(
    event_id: int,
    *,
    email: str = "",
    name: str = "",
    answers: Answers | None = None,
    user_id: int | None = None,
    source: str = "attendee",
    ignore_window: bool = False,
    require_answers: bool = True,
    now: datetime | None = None,
) -> Outcome:
    """Register a person for an event: a signed-in person by ``user_id``, anyone else by
    ``email`` and ``name`` (their account is found, or made without a password).

    A place if there is one, else the end of the waiting list if the event has one. The
    confirmation (or waiting-list) email and the reminders are queued in the same commit.
    Organisers adding someone pass ``ignore_window`` to register outside the opening times,
    and ``require_answers=False`` since they may not know every answer.
    Raises RegistrationError, changing nothing, if the registration cannot be made.
    """
    now = now or utcnow()
    answers = answers or Answers()
    start_transaction()
    try:
        event = _locked_event(event_id)
        state = window(event, now)
        if state != Window.OPEN and not (
            ignore_window and state in (Window.NOT_YET, Window.CLOSED)
        ):
            raise RegistrationError(window_message(event, state), state.value)
        custom = clean_custom_answers(questions_for(event), answers.custom, require=require_answers)
        user = _person(email, name, user_id)
        note = (
            f"The organisers of {event.programme.title} have registered you for this event."
            if source == "organiser"
            else ""
        )
        registration = _place(event, user, answers, custom, now, source, note)
        outcome = _outcome(registration)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return outcome


def register_for_several(
    event_ids: Iterable[int],
    *,
    email: str = "",
    name: str = "",
    answers: Answers | None = None,
    user_id: int | None = None,
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
        raise RegistrationError("Choose at least one event.", "invalid", field="events")
    start_transaction()
    try:
        events = [_reload_event(event_id) for event_id in sorted(lock_events(ids))]
        if len({event.programme_id for event in events}) > 1:
            raise RegistrationError("Choose events from one programme.", "invalid", field="events")
        customs = {
            event.id: clean_custom_answers(questions_for(event), answers.custom) for event in events
        }
        user = _person(email, name, user_id)
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
                    registration = _place(event, user, answers, customs[event.id], now, "several")
            except RegistrationError as error:
                results.append(SeveralOutcome(event.id, event.title, problem=str(error)))
            else:
                results.append(
                    SeveralOutcome(event.id, event.title, outcome=_outcome(registration))
                )
        if not any(result.outcome for result in results):
            problems = " ".join(f"{result.event_title}: {result.problem}" for result in results)
            raise RegistrationError(
                f"You were not registered for any of those events. {problems}", "none"
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return results


# --- Cancelling and moving ---------------------------------------------------------------------


def _registration_event_id(registration_id: int) -> int:
    event_id = db.session.scalar(
        select(Registration.event_id).where(Registration.id == registration_id)
    )
    if event_id is None:
        raise RegistrationError("That registration no longer exists.", "not_found")
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
        raise RegistrationError("That registration has just changed. Please try again.", "conflict")
    return registration, _reload_event(event_id)


def _release(registration: Registration, event: Event, now: datetime) -> list[Registration]:
    """Take the registration off the list of places and the waiting list, and give the place
    it held to the next in line. Call with the event locked."""
    held_place = registration.holds_place
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    _leave_waitlist(registration)
    cancel_reminders(registration, event.sessions)
    return fill_places(event, now) if held_place else []


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
            raise RegistrationError("This registration is already cancelled.", "already_cancelled")
        if registration.status in (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW):
            raise RegistrationError(
                "This event has happened, so the registration cannot be cancelled.", "past"
            )
        if has_started(event, now) and not by_organiser:
            raise RegistrationError(
                "This event has started, so the registration cannot be cancelled.", "past"
            )
        promoted = _release(registration, event, now)
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
                "The registration is already for that event.", "invalid", field="event"
            )
        target = db.session.get(Event, to_event_id)
        if target is None or target.programme_id != event.programme_id:
            raise RegistrationError(
                "Choose an event of the same programme.", "invalid", field="event"
            )
        target = _reload_event(to_event_id)
        if not registration.is_active:
            raise RegistrationError("Only a current registration can be moved.", "invalid")
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
        _release(registration, event, now)
        moved = _place(
            target,
            user,
            answers,
            custom,
            now,
            "organiser",
            f"The organisers have moved your registration here from {event.title}.",
        )
        outcome = _outcome(moved)
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


def release_places_of(user_id: int, *, now: datetime | None = None) -> None:
    """Cancel every current registration a person holds, in the caller's transaction (for
    deleting an account), giving their places to the waiting lists. Does not commit."""
    now = now or utcnow()
    event_ids = list(
        db.session.scalars(
            select(Registration.event_id).where(
                Registration.user_id == user_id,
                Registration.status.in_(
                    [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
                ),
            )
        )
    )
    lock_events(event_ids)
    for event_id in sorted(event_ids):
        event = _reload_event(event_id)
        registration = db.session.scalar(
            select(Registration).where(
                Registration.event_id == event_id, Registration.user_id == user_id
            )
        )
        if registration is not None and registration.status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITLISTED,
        ):
            _release(registration, event, now)


# --- Organisers --------------------------------------------------------------------------------


def mark_attendance(
    event_id: int, registration_ids: Iterable[int], attended: bool, *, now: datetime | None = None
) -> int:
    """Mark people with a place as attended or not, once the event has started.

    Returns how many were marked."""
    now = now or utcnow()
    ids = set(registration_ids)
    start_transaction()
    try:
        event = _locked_event(event_id)
        if not has_started(event, now):
            raise RegistrationError("Attendance can be marked once the event has started.", "early")
        registrations = db.session.scalars(
            select(Registration).where(
                Registration.event_id == event_id,
                Registration.id.in_(ids),
                Registration.status.in_(PLACE_HOLDING_STATUSES),
            )
        )
        count = 0
        for registration in registrations:
            registration.status = (
                RegistrationStatus.ATTENDED if attended else RegistrationStatus.NO_SHOW
            )
            registration.attendance_marked_at = now
            count += 1
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return count


def update_settings(
    event_id: int,
    *,
    capacity: int | None,
    opens_at: datetime | None,
    closes_at: datetime | None,
    waitlist: bool,
    now: datetime | None = None,
) -> list[int]:
    """Change an event's places, opening times and waiting list; more places go to the
    waiting list at once. Returns the ids of the registrations promoted."""
    now = now or utcnow()
    if capacity is not None and capacity < 0:
        raise RegistrationError("Enter 0 or more places.", "invalid", field="capacity")
    if opens_at and closes_at and closes_at <= opens_at:
        raise RegistrationError(
            "Registration must close after it opens.", "invalid", field="closes_at"
        )
    start_transaction()
    try:
        event = _locked_event(event_id)
        event.capacity = capacity
        event.registration_opens_at = opens_at
        event.registration_closes_at = closes_at
        settings = db.session.get(RegistrationSettings, event_id)
        if settings is None:
            settings = RegistrationSettings(event_id=event_id)
            db.session.add(settings)
        settings.waitlist_enabled = waitlist
        db.session.flush()
        promoted = [registration.id for registration in fill_places(event, now)]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return promoted


def email_registrants(
    event_id: int, statuses: Iterable[RegistrationStatus], subject: str, message: str, sender: str
) -> int:
    """Email everyone at an event with one of ``statuses``; returns how many were emailed."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise RegistrationError("There is no such event.", "not_found")
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status.in_(list(statuses)))
            .options(selectinload(Registration.user))
            .order_by(Registration.id)
        )
    )
    stamp = utcnow().strftime("%Y%m%d%H%M%S%f")
    for registration in registrations:
        queue_registration_email(
            registration,
            event,
            "registration_message",
            message_subject=subject.strip(),
            message_body=message.strip(),
            sender=sender,
            key=f"registration:{registration.id}:message:{stamp}",
        )
    db.session.commit()
    return len(registrations)


# --- Questions ---------------------------------------------------------------------------------


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
            "Give at least two choices, one per line.", "invalid", field="choices"
        )


def add_question(event: Event, details: QuestionDetails) -> RegistrationQuestion:
    _check_question(details)
    last = db.session.scalar(
        select(func.coalesce(func.max(RegistrationQuestion.position), 0)).where(
            RegistrationQuestion.programme_id == event.programme_id
        )
    )
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


def personal_data(user_id: int) -> list[dict[str, object]]:
    """A person's registrations with their answers, for their own data download."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user_id)
        .options(
            selectinload(Registration.event).selectinload(Event.programme),
            selectinload(Registration.answers).selectinload(RegistrationAnswer.question),
        )
        .order_by(Registration.created_at)
    )
    return [
        {
            "programme": registration.event.programme.title,
            "event": registration.event.title,
            "status": str(registration.status),
            "waitlist_position": registration.waitlist_position,
            "organisation": registration.organisation,
            "sector": str(registration.sector) if registration.sector else None,
            "role": registration.job_role,
            "access_needs": registration.access_needs,
            "host_may_see_name_and_email": registration.share_with_host,
            "reminders": registration.wants_reminders,
            "registered_at": registration.created_at.isoformat(),
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at
            else None,
            "answers": [
                {"question": answer.question.label, "answer": answer.value}
                for answer in registration.answers
            ],
        }
        for registration in registrations
    ]
