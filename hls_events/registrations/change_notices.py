"""What people registered for an event hear when its schedule changes: subscribers to the
schedule's domain events (see hls_events/subscribers.py), run in the announcing service's
transaction; nothing here commits.

- A session moved, re-placed or given a new joining link: its reminders are withdrawn and queued
  again for the new time, and everyone registered is emailed the new details with the updated
  calendar entry.
- A session cancelled (or deleted): its reminders are withdrawn; everyone registered is told.
- A session added: its reminders are queued; everyone registered is told.
- An event cancelled: every reminder is withdrawn; everyone registered is told.
- A cancelled event published again: everyone who held a place or was waiting is told, and the
  reminders of those with a place are queued again.
- An event's title or mode, or a session's title, changed: everyone registered is told, with
  the updated calendar entry (its SEQUENCE raised by the announcing service).

The words are the schedule log's (``schedule.changes.describe``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..calendars.services import event_calendar_attachment
from ..domain_events import (
    EventCancelled,
    EventDetailsChanged,
    EventPublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    SessionRetitled,
)
from ..extensions import db
from ..lazy_text import _l
from ..mail.services import cancel_pending, queue_email
from ..models import Event, EventSession, EventStatus, Registration, RegistrationStatus, utcnow
from ..schedule.changes import describe
from ..translation import gettext
from .notices import email_context, queue_reminders, scheduled_sessions, session_reminders_prefix

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
CHANGED = _l("Changed")


def _active_registrations(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
            .options(selectinload(Registration.user))
            .order_by(Registration.id)
        )
    )


def _requeue_reminders(
    session: EventSession, registrations: list[Registration], *, still_on: bool
) -> None:
    """Withdraw the session's reminders and, if it still happens, queue them for its time now."""
    cancel_pending(session_reminders_prefix(session.id), prefix=True)
    if not still_on or session.is_cancelled:
        return
    now = utcnow()
    for registration in registrations:
        # The session's reminders were all withdrawn above, so nothing needs replacing.
        queue_reminders(registration, session.event, now, replace=False, sessions=[session])


class _InReadersLanguage:
    """Words written when the email template shows them: inside the recipient's language.
    (Not Flask-Babel's LazyString, which Jinja would take as already-escaped HTML.)"""

    def __init__(self, words: Callable[[], str]) -> None:
        self._words = words

    def __str__(self) -> str:
        return self._words()


def _tell_everyone(
    event: Event, registrations: list[Registration], subject: object, text: Callable[[], str]
) -> None:
    """``text`` is called as each email is written, so that it is in the recipient's language."""
    words = _InReadersLanguage(text)
    stamp = utcnow().strftime("%Y%m%d%H%M%S%f")
    for registration in registrations:
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
                change_text=words,
                sessions=scheduled_sessions(event),
            ),
            attachments=attachments,
            key=f"registration:{registration.id}:changed:{stamp}",
        )


def session_changed(change: SessionAdded | SessionMoved | SessionCancelled) -> None:
    """Reminders follow the session; everyone registered hears what changed."""
    session = change.session
    if not isinstance(change, SessionCancelled) and (
        session.is_cancelled or session.event.status == EventStatus.CANCELLED
    ):
        return  # a cancelled session's details changed: nobody expects it any more
    registrations = _active_registrations(session.event)
    if not registrations:
        return
    still_on = not isinstance(change, SessionCancelled)
    _requeue_reminders(session, registrations, still_on=still_on)
    _tell_everyone(session.event, registrations, CHANGED, lambda: describe(change))


def event_cancelled(change: EventCancelled) -> None:
    event = change.event
    registrations = _active_registrations(event)
    if not registrations:
        return
    for session in event.sessions:
        cancel_pending(session_reminders_prefix(session.id), prefix=True)
    _tell_everyone(
        event,
        registrations,
        _l("Cancelled"),
        lambda: gettext(
            "We are sorry. %(change)s You do not need to do anything; "
            "your calendar entry is updated by the attached file.",
            change=describe(change),
        ),
    )


def event_republished(change: EventPublished) -> None:
    """A cancelled event is back: the people who held places (or were waiting) hear it, and
    the reminders withdrawn when it was cancelled come back."""
    if change.previous != EventStatus.CANCELLED:
        return
    event = change.event
    registrations = _active_registrations(event)
    if not registrations:
        return
    now = utcnow()
    for registration in registrations:
        queue_reminders(registration, event, now)
    _tell_everyone(
        event,
        registrations,
        _l("Going ahead"),
        lambda: gettext(
            "Good news: the event is going ahead after all. %(change)s "
            "Your place is as it was; your calendar entry is updated by the attached file.",
            change=describe(change),
        ),
    )


def event_details_changed(change: EventDetailsChanged) -> None:
    """A new title or mode: everyone registered hears it, with the updated calendar entry."""
    event = change.event
    if event.status == EventStatus.CANCELLED:
        return
    registrations = _active_registrations(event)
    if registrations:
        _tell_everyone(event, registrations, CHANGED, lambda: describe(change))


def session_retitled(change: SessionRetitled) -> None:
    session = change.session
    if session.is_cancelled or session.event.status == EventStatus.CANCELLED:
        return
    registrations = _active_registrations(session.event)
    if registrations:
        _tell_everyone(session.event, registrations, CHANGED, lambda: describe(change))
