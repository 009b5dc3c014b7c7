"""What an event's calendar entries show of the event itself, so that an edit can tell whether
calendars must follow it: a new title or mode raises every session's SEQUENCE (and is announced
as ``EventDetailsChanged``); a new summary, host or theme moves LAST-MODIFIED; anything else
(capacity, registration window) leaves every feed byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain_events import EventDetailsChanged, SessionRetitled
from ..models import Event, EventMode, EventSession, utcnow


@dataclass(frozen=True)
class ShownOfEvent:
    title: str
    mode: EventMode
    summary: str
    organisation_id: int | None
    theme_ids: tuple[int, ...]

    @classmethod
    def of(cls, event: Event) -> ShownOfEvent:
        return cls(
            title=event.title,
            mode=event.mode,
            summary=event.summary,
            organisation_id=event.organisation.id if event.organisation else None,
            theme_ids=tuple(sorted(theme.id for theme in event.themes)),
        )

    def follow(self, event: Event) -> EventDetailsChanged | None:
        """Bring the event's sessions up to date with its edit; the change to announce, if
        people with a place must hear of it."""
        now = ShownOfEvent.of(event)
        if (now.title, now.mode) != (self.title, self.mode):
            for session in event.sessions:
                # SUMMARY and LOCATION follow title and mode: clients need a new SEQUENCE.
                session.sequence += 1
            return EventDetailsChanged(event, old_title=self.title, old_mode=self.mode)
        if now != self:
            for session in event.sessions:
                # LAST-MODIFIED follows the sessions (calendars/entries.py).
                session.updated_at = utcnow()
        return None


def session_retitled(session: EventSession, old_title: str) -> SessionRetitled | None:
    """A session's new title, which calendars show in SUMMARY: a new SEQUENCE, and the change
    to announce; None if the title is the same."""
    if session.title == old_title:
        return None
    session.sequence += 1
    return SessionRetitled(session, old_title=old_title)
