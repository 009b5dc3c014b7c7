"""Double bookings: a speaker in two places at once, or a venue or online room used twice.

Read-only. Sessions clash when their times overlap (one starts before the other ends);
cancelled sessions and cancelled events never clash. Speakers are checked across every
programme, since a person is in one place at a time; venues and online rooms within the
programme, since two programmes' "Main hall" may be different halls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    SessionStatus,
    Speaker,
)
from ..translation import gettext
from .changes import describe_time

if TYPE_CHECKING:
    from sqlalchemy import Select


@dataclass(frozen=True)
class Clash:
    # "speaker", "venue" or "online_room"
    kind: str
    message: str


def _live_overlapping(
    starts_at: datetime, ends_at: datetime, exclude_session_id: int | None
) -> Select[EventSession]:
    query = (
        select(EventSession)
        .join(Event, Event.id == EventSession.event_id)
        .where(
            EventSession.status == SessionStatus.SCHEDULED,
            Event.status != EventStatus.CANCELLED,
            EventSession.starts_at < ends_at,
            EventSession.ends_at > starts_at,
        )
        .options(selectinload(EventSession.event).selectinload(Event.programme))
        .order_by(EventSession.starts_at, EventSession.id)
    )
    if exclude_session_id is not None:
        query = query.where(EventSession.id != exclude_session_id)
    return query


def find_clashes(
    event: Event,
    starts_at: datetime,
    ends_at: datetime,
    venue_name: str,
    joining_url: str,
    *,
    exclude_session_id: int | None = None,
    can_see: Callable[[Event], bool] = lambda _event: True,
) -> list[Clash]:
    """What a session of `event` at this time and place would clash with.

    `can_see` says whether the person being warned may see another event; if not, it is
    called "another event" so that the warning leaks no draft's title.
    """

    def title(other: Event) -> str:
        return f"“{other.title}”" if can_see(other) else gettext("another event")

    def when(session: EventSession) -> str:
        return describe_time(session.event.programme, session.starts_at, session.ends_at)

    clashes: list[Clash] = []
    speaker_ids = [role.speaker_id for role in event.speaker_roles]
    if speaker_ids:
        rows = db.session.execute(
            _live_overlapping(starts_at, ends_at, exclude_session_id)
            .join(EventSpeaker, EventSpeaker.event_id == Event.id)
            .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
            .where(EventSpeaker.speaker_id.in_(speaker_ids), Event.id != event.id)
            .add_columns(Speaker.name)
        )
        for session, speaker_name in rows:
            clashes.append(
                Clash(
                    "speaker",
                    gettext(
                        "%(name)s also speaks at %(event)s on %(when)s.",
                        name=speaker_name,
                        event=title(session.event),
                        when=when(session),
                    ),
                )
            )
    venue = venue_name.strip()
    if venue:
        sessions = db.session.scalars(
            _live_overlapping(starts_at, ends_at, exclude_session_id).where(
                Event.programme_id == event.programme_id,
                func.lower(func.trim(EventSession.venue_name)) == venue.lower(),
            )
        )
        for session in sessions:
            clashes.append(
                Clash(
                    "venue",
                    gettext(
                        "%(place)s is also booked for %(event)s on %(when)s.",
                        place=venue,
                        event=title(session.event),
                        when=when(session),
                    ),
                )
            )
    room = joining_url.strip()
    if room:
        sessions = db.session.scalars(
            _live_overlapping(starts_at, ends_at, exclude_session_id).where(
                Event.programme_id == event.programme_id,
                func.trim(EventSession.joining_url) == room,
            )
        )
        for session in sessions:
            clashes.append(
                Clash(
                    "online_room",
                    gettext(
                        "The same online room (joining link) is also used by %(event)s on "
                        "%(when)s.",
                        event=title(session.event),
                        when=when(session),
                    ),
                )
            )
    return clashes
