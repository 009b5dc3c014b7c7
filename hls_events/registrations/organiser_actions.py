"""What organisers do to an event's registrations as a whole: attendance, settings, messages.

Each use case takes plain values, works in one transaction and commits once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..domain_events import PlacesAdded, announce
from ..extensions import db
from ..mail.greetings import without_greeting
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    User,
    utcnow,
)
from ..organise.activity import record as record_activity
from ..organise.mailing import record_event_message
from ..translation import gettext
from .availability import has_started, locked_event, more_places
from .errors import RegistrationError
from .locking import start_transaction
from .notices import queue_registration_email


def mark_attendance(
    event_id: int, registration_ids: Iterable[int], attended: bool, *, now: datetime | None = None
) -> int:
    """Mark people with a place as attended or not, once the event has started.

    Returns how many were marked."""
    now = now or utcnow()
    ids = set(registration_ids)
    start_transaction()
    try:
        event = locked_event(event_id)
        if not has_started(event, now):
            raise RegistrationError(
                gettext("Attendance can be marked once the event has started."), "early"
            )
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
) -> list[int]:
    """Change an event's places, opening times and waiting list; more places go to the
    waiting list at once (``PlacesAdded``). Returns the ids of the registrations promoted."""
    if capacity is not None and capacity < 0:
        raise RegistrationError(gettext("Enter 0 or more places."), "invalid", field="capacity")
    if opens_at and closes_at and closes_at <= opens_at:
        raise RegistrationError(
            gettext("Registration must close after it opens."), "invalid", field="closes_at"
        )
    start_transaction()
    try:
        event = locked_event(event_id)
        freed = more_places(event.capacity, capacity)
        event.capacity = capacity
        event.registration_opens_at = opens_at
        event.registration_closes_at = closes_at
        settings = db.session.get(RegistrationSettings, event_id)
        if settings is None:
            settings = RegistrationSettings(event_id=event_id)
            db.session.add(settings)
        settings.waitlist_enabled = waitlist
        waiting = set(
            db.session.scalars(
                select(Registration.id).where(
                    Registration.event_id == event_id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                )
            )
        )
        if freed:
            announce(PlacesAdded(event))
        promoted = sorted(
            db.session.scalars(
                select(Registration.id).where(
                    Registration.id.in_(waiting),
                    Registration.status == RegistrationStatus.CONFIRMED,
                )
            )
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return promoted


def count_registrants(event_id: int, statuses: Iterable[RegistrationStatus]) -> int:
    """How many people ``email_registrants`` would email."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Registration.event_id == event_id, Registration.status.in_(list(statuses))
            )
        )
        or 0
    )


def email_registrants(
    event_id: int,
    statuses: Iterable[RegistrationStatus],
    subject: str,
    message: str,
    sender: str,
    sender_user: User | None = None,
) -> int:
    """Email everyone at an event with one of ``statuses``; returns how many were emailed.

    Each email greets the person by name (so a "Hello," the organiser began with is dropped)
    and carries the event's details; the message is kept in the programme's messages sent."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise RegistrationError(gettext("There is no such event."), "not_found")
    message = without_greeting(message)
    if not message:
        raise RegistrationError(
            gettext("Write the message: an email with no text cannot be sent."), "invalid"
        )
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
            message_body=message,
            sender=sender,
            key=f"registration:{registration.id}:message:{stamp}",
        )
    record_activity(
        event.programme_id,
        "emailed",
        f"Emailed {len(registrations)} {'person' if len(registrations) == 1 else 'people'} "
        f"registered for {event.title}: “{subject.strip()}”.",
    )
    record_event_message(event, sender_user, subject.strip(), message, len(registrations))
    db.session.commit()
    return len(registrations)
