"""A programme's activity log: written by the subscribers to domain events (hls_events/
subscribers.py) and by services with no domain event (emailing), read by its organisers."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain_events import (
    EventCancelled,
    EventPublished,
    EventUnpublished,
    PlacesAdded,
    ProgrammePublished,
    ProposalAccepted,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
)
from ..extensions import db
from ..models import Activity, Programme, User
from ..translation import gettext


def _actor_id() -> int | None:
    """The signed-in person whose request made the change; None for commands and the worker."""
    if has_request_context() and current_user.is_authenticated:
        return int(current_user.id)
    return None


def record(programme_id: int, action: str, summary: str, actor_id: int | None = None) -> None:
    """Add a line to the log in the caller's transaction (nothing here commits)."""
    db.session.add(
        Activity(
            programme_id=programme_id,
            actor_id=actor_id if actor_id is not None else _actor_id(),
            action=action,
            summary=summary,
        )
    )


def programme_published(change: ProgrammePublished) -> None:
    record(change.programme.id, "published", f"Published the programme {change.programme.title}.")


def event_published(change: EventPublished) -> None:
    record(change.event.programme_id, "published", f"Published the event {change.event.title}.")


def event_unpublished(change: EventUnpublished) -> None:
    record(change.event.programme_id, "unpublished", f"Unpublished {change.event.title}.")


def event_cancelled(change: EventCancelled) -> None:
    record(change.event.programme_id, "cancelled", f"Cancelled the event {change.event.title}.")


def session_added(change: SessionAdded) -> None:
    event = change.session.event
    record(event.programme_id, "session_added", f"Added a session to {event.title}.")


def session_moved(change: SessionMoved) -> None:
    event = change.session.event
    what = "time" if change.time_moved else "place or joining details"
    record(event.programme_id, "moved", f"Changed the {what} of a session of {event.title}.")


def session_cancelled(change: SessionCancelled) -> None:
    event = change.session.event
    record(event.programme_id, "cancelled", f"Cancelled a session of {event.title}.")


def places_added(change: PlacesAdded) -> None:
    event = change.event
    limit = "no limit" if event.capacity is None else f"{event.capacity} places"
    record(event.programme_id, "capacity", f"Changed the capacity of {event.title} to {limit}.")


def proposal_accepted(change: ProposalAccepted) -> None:
    record(
        change.event.programme_id,
        "proposal_accepted",
        gettext(
            "Accepted the proposal “%(title)s”: it is a draft event now.",
            title=change.proposal_title,
        ),
    )


SHOWN = 500


def recent_activity(programme: Programme) -> list[Activity]:
    """The newest lines of the log, newest first, with who did each."""
    return list(
        db.session.scalars(
            select(Activity)
            .where(Activity.programme_id == programme.id)
            .options(selectinload(Activity.actor))
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(SHOWN)
        )
    )


def activities_by(user: User) -> list[dict[str, str]]:
    """What this person did, for their personal-data export."""
    rows = db.session.execute(
        select(Activity, Programme.title)
        .join(Programme, Programme.id == Activity.programme_id)
        .where(Activity.actor_id == user.id)
        .order_by(Activity.created_at)
    )
    return [
        {
            "programme": title,
            "action": activity.action,
            "summary": activity.summary,
            "at": activity.created_at.isoformat(),
        }
        for activity, title in rows
    ]
