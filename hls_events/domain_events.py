"""Things that happened, which other areas act on: the explicit path from a change to its effects.

A service that changes something others care about announces it where the change happens::

    session.status = SessionStatus.CANCELLED
    announce(SessionCancelled(session))
    db.session.commit()

``announce`` calls every subscriber of that kind of event, one after another, in the caller's
transaction: a subscriber queues emails, promotes the waiting list or writes the schedule log,
and never commits, so the change and all its effects are saved together or not at all.
Who listens to what is listed in one place, ``hls_events/subscribers.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask, current_app

from .models import Community, Event, EventMode, EventSession, EventStatus, Programme

EXTENSION = "domain_events"


@dataclass(frozen=True)
class ProgrammePublished:
    """A programme went public (or public again)."""

    programme: Programme


@dataclass(frozen=True)
class EventPublished:
    """An event went on the programme; ``previous`` is the status it had before."""

    event: Event
    previous: EventStatus


@dataclass(frozen=True)
class EventUnpublished:
    """An event went back to being a draft."""

    event: Event
    previous: EventStatus


@dataclass(frozen=True)
class EventCancelled:
    """An event will not happen."""

    event: Event
    previous: EventStatus


@dataclass(frozen=True)
class EventDetailsChanged:
    """What calendars show of an event changed: its title or its mode (online, in person,
    hybrid). The ``old_`` values are what it was."""

    event: Event
    old_title: str
    old_mode: EventMode

    @property
    def retitled(self) -> bool:
        return self.old_title != self.event.title

    @property
    def mode_changed(self) -> bool:
        return self.old_mode != self.event.mode


@dataclass(frozen=True)
class SessionRetitled:
    """A session's own title changed (its time and place did not)."""

    session: EventSession
    old_title: str


@dataclass(frozen=True)
class SessionAdded:
    """A new sitting of an event that already existed."""

    session: EventSession


@dataclass(frozen=True)
class SessionMoved:
    """A session's time, place or joining link changed; the ``old_`` values are what it was."""

    session: EventSession
    old_starts_at: datetime
    old_ends_at: datetime
    old_venue_name: str
    old_venue_address: str
    joining_changed: bool

    @property
    def time_moved(self) -> bool:
        return (self.old_starts_at, self.old_ends_at) != (
            self.session.starts_at,
            self.session.ends_at,
        )

    @property
    def place_moved(self) -> bool:
        return (self.old_venue_name.strip(), self.old_venue_address.strip()) != (
            self.session.venue_name.strip(),
            self.session.venue_address.strip(),
        )


@dataclass(frozen=True)
class SessionCancelled:
    """A session will not happen (cancelled, or deleted from a draft)."""

    session: EventSession


@dataclass(frozen=True)
class PlacesAdded:
    """An event's capacity was raised or its limit removed: the waiting list may move up."""

    event: Event


@dataclass(frozen=True)
class PlacesReleased:
    """Places were given up without a cancellation by their holders (a person erased): the
    waiting lists of these events close up and move up."""

    event_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProposalAccepted:
    """A proposed event was accepted into its programme, as a draft event."""

    event: Event
    proposal_title: str


@dataclass(frozen=True)
class MeetingsAdded:
    """New meetings of a learning community, made together (one repeating series): announced
    once, beside a ``SessionAdded`` for each, so that members hear of them in one email."""

    community: Community
    sessions: tuple[EventSession, ...]


DomainEvent = (
    ProgrammePublished
    | EventPublished
    | EventUnpublished
    | EventCancelled
    | EventDetailsChanged
    | SessionRetitled
    | SessionAdded
    | SessionMoved
    | SessionCancelled
    | PlacesAdded
    | PlacesReleased
    | ProposalAccepted
    | MeetingsAdded
)

E = TypeVar("E")
Subscriber = Callable[[Any], None]


def subscribe(app: Flask, kind: type[E], subscriber: Callable[[E], None]) -> None:
    """Have ``subscriber`` called with every ``kind`` of event this app announces."""
    registry: dict[type, list[Subscriber]] = app.extensions.setdefault(EXTENSION, {})
    registry.setdefault(kind, []).append(subscriber)


def subscribers_of(kind: type) -> list[Subscriber]:
    return list(current_app.extensions.get(EXTENSION, {}).get(kind, []))


def announce(event: DomainEvent) -> None:
    """Tell every subscriber, in order, in the caller's transaction; nothing here commits."""
    for subscriber in subscribers_of(type(event)):
        subscriber(event)
