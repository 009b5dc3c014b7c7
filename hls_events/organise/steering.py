"""Changes to a programme's events that reach other people, with the rules that guard them.

The routes ask first (``confirm.py``); these services refuse what must not happen whatever the
page said, such as unpublishing an event that people have registered for.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..lazy_text import _l
from ..models import Event, EventStatus, Programme, ProgrammeStatus, Registration
from ..models.registration import ACTIVE_STATUSES
from .services import OrganiseError, set_event_status, set_programme_status

UNPUBLISH_REFUSED = _l(
    "People have registered for this event, so it cannot go back to being a draft: they would "
    "lose sight of it without being told. Cancel the event instead, which emails them."
)


def active_registrations(event: Event) -> int:
    """Places held or waited for: the people an event's changes reach."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES)
            )
        )
        or 0
    )


def programme_reach(programme: Programme) -> tuple[int, int]:
    """(published events, people with a place or waiting) in the programme."""
    published = (
        db.session.scalar(
            select(func.count()).where(
                Event.programme_id == programme.id, Event.status == EventStatus.PUBLISHED
            )
        )
        or 0
    )
    people = (
        db.session.scalar(
            select(func.count(func.distinct(Registration.user_id)))
            .join(Event, Event.id == Registration.event_id)
            .where(Event.programme_id == programme.id, Registration.status.in_(ACTIVE_STATUSES))
        )
        or 0
    )
    return published, people


def change_event_status(event: Event, status: EventStatus) -> None:
    unpublishing = status == EventStatus.DRAFT and event.status != EventStatus.DRAFT
    if unpublishing and active_registrations(event):
        raise OrganiseError(UNPUBLISH_REFUSED)
    set_event_status(event, status)


def change_programme_status(programme: Programme, status: ProgrammeStatus) -> None:
    set_programme_status(programme, status)
