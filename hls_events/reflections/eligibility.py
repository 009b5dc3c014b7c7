"""Who may write in the practice record, and when: people with a place at an event (confirmed
or attended) and its speakers reflect, once its last session has ended; an event's speakers
write it up. Who may read is decided in visibility.py."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import AuthorRole, Event, EventStatus, ProgrammeStatus, Speaker
from ..service_errors import Reason
from .errors import ReflectionError
from .queries import is_community_series, last_session_end, role_at, speaker_profile


def load_event(event_id: int) -> Event:
    event = db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.sessions), selectinload(Event.programme))
    )
    if event is None:
        raise ReflectionError(gettext("There is no such event."), reason=Reason.NOT_FOUND)
    return event


def reflectable(event: Event) -> bool:
    return (
        (event.status != EventStatus.DRAFT or is_community_series(event.id))
        and event.programme.status != ProgrammeStatus.DRAFT
        and event.status != EventStatus.CANCELLED
    )


def check_may_reflect(event: Event, user_id: int, now: datetime) -> AuthorRole:
    """The person's role if they may write a new reflection on the event now; else why not."""
    if not reflectable(event):
        raise ReflectionError(
            gettext("This event was cancelled, so there is nothing to reflect on.")
            if event.status == EventStatus.CANCELLED
            else gettext("This event is not open for reflections."),
            reason=Reason.FORBIDDEN,
        )
    role = role_at(event.id, user_id)
    if role is None:
        raise ReflectionError(
            gettext(
                "Only people who had a place at this event, and its speakers, can reflect on it."
            ),
            reason=Reason.FORBIDDEN,
        )
    end = last_session_end(event)
    if is_community_series(event.id):
        # A community meets all year: its members reflect once its first meeting is over.
        end = min((s.ends_at for s in event.sessions if not s.is_cancelled), default=None)
    if end is None or end > now:
        if end is None:
            message = gettext("You can reflect once this event has taken place.")
        else:
            zone = event.programme.zone
            message = gettext(
                "You can reflect once this event has ended: after %(time)s on %(day)s.",
                time=format_clock(end, zone),
                day=format_day(to_local(end, zone).date()),
            )
        raise ReflectionError(message, reason=Reason.CONFLICT)
    return role


def check_may_write_up(event: Event, user_id: int) -> Speaker:
    speaker = speaker_profile(event.id, user_id)
    if speaker is None:
        raise ReflectionError(
            gettext("Only the speakers of this event can write it up."), reason=Reason.FORBIDDEN
        )
    if not reflectable(event):
        raise ReflectionError(
            gettext("This event is not open for write-ups."), reason=Reason.FORBIDDEN
        )
    return speaker
