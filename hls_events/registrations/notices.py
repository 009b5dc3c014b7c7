"""The emails about a registration, queued in the caller's transaction (nothing here commits).

Reminders are ordinary outbox messages held back with ``send_after``; each has a key naming
its session, registration and kind, so that cancelling a registration, turning reminders off,
or moving or cancelling a session withdraws exactly the reminders it affects before they are
due (``cancel_pending``), and a moved session's reminders are queued again for the new time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..bilingual import InReadersLanguage
from ..calendars.services import event_calendar_attachment
from ..extensions import db
from ..i18n import force_zone
from ..links import external_url
from ..mail.later import Written, registers_writer
from ..mail.services import (
    Attachment,
    Later,
    cancel_pending,
    queue_email,
    queue_written_later,
    render_email,
)
from ..models import (
    Event,
    EventMode,
    EventSession,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from ..translation import gettext
from .check_in_codes import check_in_qr_png, check_in_url
from .tokens import make_registration_token

REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


def registration_token(registration: Registration) -> str:
    return make_registration_token(
        current_app.config["SECRET_KEY"], registration.id, registration.user_id
    )


def registration_links(registration: Registration) -> dict[str, str]:
    token = registration_token(registration)
    return {
        "manage_url": external_url("registrations.manage", token=token),
        "cancel_url": external_url("registrations.cancel", token=token),
    }


def scheduled_sessions(event: Event) -> list[EventSession]:
    return sorted(
        (session for session in event.sessions if not session.is_cancelled),
        key=lambda session: session.starts_at,
    )


def shows_joining_details(registration: Registration, event: Event) -> bool:
    """Joining links are for people with a place, and only at events that meet online."""
    return event.mode != EventMode.IN_PERSON and registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.ATTENDED,
    )


def calendar_attachments_for(registration: Registration, event: Event) -> list[Attachment]:
    """The .ics file attached to registration emails: the event's sessions with the same UIDs
    as every calendar feed, written for this person (joining details only with a place, a
    cancelled entry once they have given the place up). Built by hls_events/calendars/."""
    return [event_calendar_attachment(event, registration=registration)]


def email_context(registration: Registration, event: Event, **extra: Any) -> dict[str, Any]:
    programme = event.programme
    return {
        "person": registration.user,
        "registration": registration,
        # Titles in the recipient's language (the email is written in it).
        "event": InReadersLanguage(event),
        "programme": InReadersLanguage(programme),
        "zone": programme.zone,
        "sessions": scheduled_sessions(event),
        "joining": shows_joining_details(registration, event),
        "event_url": external_url(
            "programmes.event", programme_slug=programme.slug, event_slug=event.slug
        ),
        "my_events_url": external_url("registrations.my_events"),
        **registration_links(registration),
        **extra,
    }


def queue_registration_email(
    registration: Registration,
    event: Event,
    template: str,
    *,
    with_calendar: bool = False,
    with_check_in: bool = False,
    key: str | None = None,
    **extra: Any,
) -> None:
    """``with_check_in`` attaches the QR code that opens the person's check-in at the door,
    and gives the template its link as ``check_in_url``."""
    attachments = calendar_attachments_for(registration, event) if with_calendar else []
    if with_check_in:
        attachments.append(
            Attachment("check-in-qr-code.png", check_in_qr_png(registration), "image/png")
        )
        extra["check_in_url"] = check_in_url(registration)
    queue_email(
        registration.user.email,
        template,
        email_context(registration, event, **extra),
        attachments=attachments,
        key=key or f"registration:{registration.id}:{template}",
    )


def queue_registration_notice(registration: Registration, template: str) -> None:
    """The confirmation or waiting-list email, queued in the caller's transaction for the mail
    worker to write when it sends it (``write_registration_notice``): registering then costs
    one outbox row instead of two templates and a calendar file."""
    queue_written_later(
        registration.user.email,
        [notice(registration.id, template)],
        registration_id=registration.id,
        language=registration.user.language,
    )


def notice(registration_id: int, template: str) -> Later:
    """``queue_registration_notice``'s message, for a registration written as a row."""
    return Later(template, key=f"registration:{registration_id}:{template}")


def organisers_note(registration: Registration, event: Event) -> str:
    """What an email says to someone the organisers registered."""
    if registration.source != "organiser":
        return ""
    return gettext(
        "The organisers of %(programme)s have registered you for this event.",
        programme=InReadersLanguage(event.programme).title,
    )


def _registration_to_write_about(message: OutboxMessage) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .where(Registration.id == message.registration_id)
        .options(
            joinedload(Registration.user),
            joinedload(Registration.event).joinedload(Event.programme),
            joinedload(Registration.event).selectinload(Event.sessions),
        )
    )


@registers_writer("registration_confirmed")
@registers_writer("registration_waitlisted")
def write_registration_notice(message: OutboxMessage) -> Written | None:
    """Write a queued confirmation or waiting-list email from the registration as it is now;
    None if the registration has been erased since."""
    registration = _registration_to_write_about(message)
    if registration is None:
        return None
    event = registration.event
    template = message.kind or ""
    confirmed = template == "registration_confirmed"
    extra: dict[str, Any] = {"note": organisers_note(registration, event)}
    if confirmed:
        extra["check_in_url"] = check_in_url(registration)
    # Times also in the recipient's own zone, when they chose one (the language is the row's).
    with force_zone(registration.user.timezone):
        subject, text, html = render_email(template, email_context(registration, event, **extra))
    attachments = calendar_attachments_for(registration, event) if confirmed else []
    if confirmed:
        attachments.append(
            Attachment("check-in-qr-code.png", check_in_qr_png(registration), "image/png")
        )
    return Written(subject, text, html, attachments)


def reminder_key(session_id: int, registration_id: int, kind: str) -> str:
    return f"reminder:session:{session_id}:registration:{registration_id}:{kind}"


@registers_writer("registration_reminder")
def write_reminder(message: OutboxMessage) -> Written | None:
    """Write a queued reminder (its session and kind are in its key, ``reminder_key``) from
    the registration and the session as they are now; None if either has gone since."""
    parts = (message.key or "").split(":")
    registration = _registration_to_write_about(message)
    if registration is None or len(parts) != 6:
        return None
    session_id, kind = parts[2], parts[5]
    event = registration.event
    session = next((item for item in event.sessions if str(item.id) == session_id), None)
    if session is None:
        return None
    # Times also in the recipient's own zone, when they chose one (the language is the row's).
    with force_zone(registration.user.timezone):
        subject, text, html = render_email(
            "registration_reminder", email_context(registration, event, session=session, kind=kind)
        )
    return Written(subject, text, html, [])


def session_reminders_prefix(session_id: int) -> str:
    return f"reminder:session:{session_id}:"


def cancel_reminders(registration: Registration, sessions: Iterable[EventSession]) -> None:
    for session in sessions:
        cancel_pending(
            f"{session_reminders_prefix(session.id)}registration:{registration.id}:", prefix=True
        )


def queue_reminders(
    registration: Registration,
    event: Event,
    now: datetime,
    *,
    replace: bool = True,
    sessions: Iterable[EventSession] | None = None,
) -> None:
    """A reminder the day before and an hour before each session still to come (or each of
    ``sessions``), for a person with a place who wants them. Any still queued for those
    sessions are replaced."""
    chosen = list(scheduled_sessions(event) if sessions is None else sessions)
    if replace:
        cancel_reminders(registration, chosen if sessions is not None else event.sessions)
    if not registration.wants_reminders or registration.status != RegistrationStatus.CONFIRMED:
        return
    queue_written_later(
        registration.user.email,
        session_reminders(
            registration.id,
            [(session.id, session.starts_at) for session in chosen if not session.is_cancelled],
            now,
        ),
        registration_id=registration.id,
        language=registration.user.language,
    )


def session_reminders(
    registration_id: int, sessions: Iterable[tuple[int, datetime]], now: datetime
) -> list[Later]:
    """``queue_reminders``'s messages from plain values: each session's id and start, for a
    person with a place who wants reminders (a first registration, written as rows, has no
    objects). Each is written by the mail worker when it is due (``write_reminder``)."""
    return [
        Later(
            "registration_reminder",
            key=reminder_key(session_id, registration_id, kind),
            send_after=starts_at - ahead,
        )
        for session_id, starts_at in sessions
        for kind, ahead in REMINDERS
        if starts_at - ahead > now
    ]
