"""What registrations do when an organiser changes an event or a session, whoever's code
makes the change: in the same transaction, before it commits.

- A session moved, re-placed or given a new joining link: its reminders are withdrawn and
  queued again for the new time, and everyone registered is emailed the new details with the
  updated calendar entry.
- A session cancelled (or deleted): its reminders are withdrawn; everyone registered is told.
- A session added to an event people are registered for: its reminders are queued; people
  are told.
- An event cancelled: every reminder is withdrawn; everyone registered is told.
- An event's places increased (or the limit removed): the waiting list gets them at once.
- A person deleted (their registrations go with them): the places they held go to the waiting
  lists at once, and the waiting lists close up.

Changes are noted after each flush (when the ORM still knows the old values) and acted on in
``before_commit``, where flushing is allowed again, so new sessions have their ids and the
calendar attachment shows the change. A rollback forgets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import has_app_context
from sqlalchemy import event as orm_event
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from ..calendars.services import event_calendar_attachment
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..mail.services import cancel_pending, queue_email
from ..models import (
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    SessionStatus,
    User,
    utcnow,
)
from .locking import lock_events
from .notices import (
    email_context,
    queue_reminders,
    scheduled_sessions,
    session_reminders_prefix,
)

PENDING = "registrations_pending_changes"
PLACE_FIELDS = ("venue_name", "venue_address", "joining_url")
TIME_FIELDS = ("starts_at", "ends_at")


@dataclass
class EventChanges:
    sentences: list[str] = field(default_factory=list)
    # Session id to "moved", "added" or "cancelled".
    sessions: dict[int, str] = field(default_factory=dict)
    cancelled: bool = False
    more_places: bool = False
    # Registrations left without going through the services (a person deleted).
    lost_registrations: bool = False


def _pending(session: Session) -> dict[int, EventChanges]:
    return session.info.setdefault(PENDING, {})


def _old(instance: Any, name: str) -> Any:
    history = inspect(instance).attrs[name].history
    return history.deleted[0] if history.deleted else getattr(instance, name)


def _changed(instance: Any, name: str) -> bool:
    return inspect(instance).attrs[name].history.has_changes()


def _when(instant: datetime, zone: Any) -> str:
    return f"{format_day(to_local(instant, zone).date())} at {format_clock(instant, zone)}"


def _note_session(session: Session, sitting: EventSession, kind: str) -> None:
    event = sitting.event
    if event is None or sitting.id is None:
        return
    changes = _pending(session).setdefault(event.id, EventChanges())
    zone = event.programme.zone
    if kind == "cancelled":
        changes.sentences.append(
            f"The session on {_when(_old(sitting, 'starts_at'), zone)} has been cancelled."
        )
    elif kind == "added":
        changes.sentences.append(f"A session has been added on {_when(sitting.starts_at, zone)}.")
    elif any(_changed(sitting, name) for name in TIME_FIELDS):
        changes.sentences.append(
            f"The session on {_when(_old(sitting, 'starts_at'), zone)} has moved to "
            f"{_when(sitting.starts_at, zone)}, ending at {format_clock(sitting.ends_at, zone)}."
        )
    else:
        changes.sentences.append(
            f"The place or joining details of the session on {_when(sitting.starts_at, zone)} "
            "have changed."
        )
    if changes.sessions.get(sitting.id) != "cancelled":
        changes.sessions[sitting.id] = kind


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note the events of people about to be deleted, while their registrations still exist."""
    if not has_app_context() or session.info.get("registrations_applying"):
        return
    deleted = [instance.id for instance in session.deleted if isinstance(instance, User)]
    if not deleted:
        return
    event_ids = session.scalars(
        select(Registration.event_id).where(
            Registration.user_id.in_(deleted),
            Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]),
        )
    )
    for event_id in event_ids:
        _pending(session).setdefault(event_id, EventChanges()).lost_registrations = True


def _after_flush(session: Session, _context: Any) -> None:
    if not has_app_context() or session.info.get("registrations_applying"):
        return
    new_events = {id(instance) for instance in session.new if isinstance(instance, Event)}
    for instance in session.new:
        if isinstance(instance, EventSession) and id(instance.event) not in new_events:
            _note_session(session, instance, "added")
    for instance in session.deleted:
        if isinstance(instance, EventSession) and instance.event is not None:
            _note_session(session, instance, "cancelled")
    for instance in session.dirty:
        if isinstance(instance, EventSession):
            if _changed(instance, "status") and instance.status == SessionStatus.CANCELLED:
                _note_session(session, instance, "cancelled")
            elif instance.status == SessionStatus.SCHEDULED and any(
                _changed(instance, name) for name in (*TIME_FIELDS, *PLACE_FIELDS)
            ):
                _note_session(session, instance, "moved")
        elif isinstance(instance, Event):
            if _changed(instance, "status") and instance.status == EventStatus.CANCELLED:
                changes = _pending(session).setdefault(instance.id, EventChanges())
                changes.cancelled = True
            if _changed(instance, "capacity"):
                old = _old(instance, "capacity")
                if instance.capacity is None or (old is not None and instance.capacity > old):
                    _pending(session).setdefault(instance.id, EventChanges()).more_places = True


def _before_commit(session: Session) -> None:
    if not has_app_context() or session.info.get("registrations_applying"):
        return
    if session is not db.session.registry():
        return
    session.flush()
    pending: dict[int, EventChanges] = session.info.pop(PENDING, {})
    if not pending:
        return
    session.info["registrations_applying"] = True
    try:
        _apply(pending)
        session.flush()
    finally:
        session.info.pop("registrations_applying", None)


def _forget(session: Session, previous_transaction: Any) -> None:
    if not previous_transaction.nested:
        session.info.pop(PENDING, None)


def _apply(pending: dict[int, EventChanges]) -> None:
    now = utcnow()
    with_registrations = set(
        db.session.scalars(
            select(Registration.event_id)
            .where(
                Registration.event_id.in_(list(pending)),
                Registration.status.in_(
                    [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
                ),
            )
            .distinct()
        )
    )
    for event_id, changes in sorted(pending.items()):
        if event_id not in with_registrations:
            continue
        event = db.session.get(Event, event_id)
        if event is None:
            continue
        if (changes.more_places or changes.lost_registrations) and not changes.cancelled:
            from .services import close_up_waitlist, fill_places

            lock_events([event_id])
            if changes.lost_registrations:
                close_up_waitlist(event_id)
            fill_places(event, now)
        _update_reminders(event, changes, now)
        if changes.cancelled or changes.sentences:
            _tell_everyone(event, changes)


def _active_registrations(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(
                    [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
                ),
            )
            .options(selectinload(Registration.user))
            .order_by(Registration.id)
        )
    )


def _update_reminders(event: Event, changes: EventChanges, now: datetime) -> None:
    sessions = {sitting.id: sitting for sitting in event.sessions}
    if changes.cancelled:
        for sitting_id in sessions:
            cancel_pending(session_reminders_prefix(sitting_id), prefix=True)
        return
    for sitting_id, kind in changes.sessions.items():
        cancel_pending(session_reminders_prefix(sitting_id), prefix=True)
        sitting = sessions.get(sitting_id)
        if kind == "cancelled" or sitting is None or sitting.is_cancelled:
            continue
        for registration in _active_registrations(event):
            # The session's reminders were all withdrawn above, so nothing needs replacing.
            queue_reminders(registration, event, now, replace=False, sessions=[sitting])


def _tell_everyone(event: Event, changes: EventChanges) -> None:
    if changes.cancelled:
        subject = "Cancelled"
        text = (
            f"We are sorry: {event.title} has been cancelled. You do not need to do anything; "
            "your calendar entry is updated by the attached file."
        )
    else:
        subject = "Changed"
        text = " ".join(dict.fromkeys(changes.sentences))
    stamp = utcnow().strftime("%Y%m%d%H%M%S%f")
    for registration in _active_registrations(event):
        attachments = (
            [event_calendar_attachment(event, registration=registration)]
            if registration.status == RegistrationStatus.CONFIRMED
            else []
        )
        queue_email(
            registration.user.email,
            "registration_changed",
            email_context(
                registration,
                event,
                change_subject=subject,
                change_text=text,
                sessions=scheduled_sessions(event),
            ),
            attachments=attachments,
            key=f"registration:{registration.id}:changed:{stamp}",
        )


def install() -> None:
    """Listen on every session, once; the listeners act only inside an app context."""
    if not orm_event.contains(Session, "after_flush", _after_flush):
        orm_event.listen(Session, "before_flush", _before_flush)
        orm_event.listen(Session, "after_flush", _after_flush)
        orm_event.listen(Session, "before_commit", _before_commit)
        orm_event.listen(Session, "after_soft_rollback", _forget)
