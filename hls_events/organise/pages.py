"""What the organiser's page of one event shows, built before rendering: templates query
nothing."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from ..models import Event, EventSession, Programme, Proposal
from ..proposals.queries import proposal_for_event
from .permissions import can_publish, is_organiser_of


@dataclass(frozen=True)
class OrganiserEventPage:
    """One event as its organisers and hosts manage it."""

    programme: Programme
    event: Event
    sessions: list[EventSession]
    is_organiser: bool
    can_publish: bool
    # The proposal the event was made from, if any: it says which days and times suit the host.
    from_proposal: Proposal | None


def organiser_event_page(programme: Programme, event: Event) -> OrganiserEventPage:
    return OrganiserEventPage(
        programme=programme,
        event=event,
        sessions=list(event.sessions),
        is_organiser=is_organiser_of(current_user, programme),
        can_publish=can_publish(current_user, programme),
        from_proposal=proposal_for_event(event),
    )
