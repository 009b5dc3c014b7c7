"""Registering again for an event one is already registered for.

Most often this is the gap between commit and answer: the registration was committed with its
email, and then the connection or the server died before the person saw the answer. So a
second try is met with the registration they already have, never a bare refusal: a signed-in
person is shown it; anyone else is told that their address holds one, and its email (with the
link to it) is sent again, so that nothing about it is shown to whoever typed the address.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus, Registration, RegistrationStatus
from .notices import queue_registration_email


@dataclass(frozen=True)
class AlreadyPage:
    """What the page for an anonymous second try shows: only what the visitor typed."""

    programme_title: str
    event_title: str
    event_url: str
    email: str


def _template(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        return "registration_waitlisted"
    return "registration_confirmed"


def resend_registration_email(registration_id: int) -> bool:
    """Queue the registration's confirmation (or waiting-list) email again, unless that email
    is still waiting to be sent, when it is already on its way. Returns whether one was queued.
    Commits once."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not registration.is_active:
        return False
    template = _template(registration)
    key = f"registration:{registration.id}:{template}"
    on_its_way = db.session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.key == key,
            OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
        )
        .limit(1)
    )
    if on_its_way is not None:
        return False
    queue_registration_email(
        registration,
        registration.event,
        template,
        with_calendar=template == "registration_confirmed",
    )
    db.session.commit()
    return True
