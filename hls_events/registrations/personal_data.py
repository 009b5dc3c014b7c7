"""A person's registrations, for their own data download and when they erase their account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain_events import PlacesReleased, announce
from ..extensions import db
from ..models import Event, Registration, RegistrationAnswer, RegistrationStatus, User, utcnow
from ..personal_data import Holding
from .availability import reload_event, withdraw
from .locking import lock_events

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


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


def withdraw_registrations_of(user_id: int, *, now: datetime | None = None) -> tuple[int, ...]:
    """Cancel every current registration a person holds, in the caller's transaction and without
    telling them (their account is being erased). Returns the events they leave, whose places
    the caller announces as released (``PlacesReleased``). Does not commit."""
    now = now or utcnow()
    event_ids = sorted(
        set(
            db.session.scalars(
                select(Registration.event_id).where(
                    Registration.user_id == user_id, Registration.status.in_(ACTIVE)
                )
            )
        )
    )
    lock_events(event_ids)
    for event_id in event_ids:
        event = reload_event(event_id)
        registration = db.session.scalar(
            select(Registration).where(
                Registration.event_id == event_id, Registration.user_id == user_id
            )
        )
        if registration is not None and registration.status in ACTIVE:
            withdraw(registration, event, now)
    return tuple(event_ids)


def _export(user: User) -> list[dict[str, object]]:
    return personal_data(user.id)


def erase_registrations(user: User, _keep_published: bool) -> None:
    """Give up every place and waiting position, so that those waiting move up at once; the
    rows, with their answers and access needs, then go with the account (ON DELETE CASCADE)."""
    announce(PlacesReleased(withdraw_registrations_of(user.id)))


HOLDINGS = (
    Holding(
        "registrations",
        "user_id",
        "registrations",
        "places given up, then deleted with the account, answers and access needs included",
        export=_export,
        erase=erase_registrations,
    ),
)
