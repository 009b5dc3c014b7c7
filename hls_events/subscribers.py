"""Who acts on what: every domain event (hls_events/domain_events.py) and its subscribers, in the
order they run, in the announcing service's transaction.

Read it as a table. To make something happen when, say, a session moves, add a row here; the
service that moves the session does not change. Kept pages need no row: every committed write
to a table shown on public pages moves the content revision (hls_events/page_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from .communities import notices as community_members
from .domain_events import (
    EventCancelled,
    EventDetailsChanged,
    EventPublished,
    EventUnpublished,
    MeetingsAdded,
    PlacesAdded,
    PlacesReleased,
    ProgrammePublished,
    ProposalAccepted,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    SessionRetitled,
    subscribe,
)
from .organise import activity
from .registrations import availability as waiting_list
from .registrations import change_notices as registrants
from .schedule import log as schedule_log

SUBSCRIBERS: list[tuple[type, Callable[[Any], None]]] = [
    # what happened          who acts on it: what they do
    (ProgrammePublished, schedule_log.programme_published),  # log: "published with N events"
    (EventPublished, schedule_log.event_published),  # log: "Added: ..."
    (EventPublished, registrants.event_republished),  # once cancelled: reminders back; emailed
    (EventUnpublished, schedule_log.event_withdrawn),  # log: "Taken off the programme."
    (EventCancelled, schedule_log.event_withdrawn),  # log: "The event is cancelled."
    (EventCancelled, registrants.event_cancelled),  # reminders withdrawn; everyone emailed
    (EventDetailsChanged, registrants.event_details_changed),  # new title or mode: emailed
    (SessionRetitled, registrants.session_retitled),  # new session title: everyone emailed
    (SessionAdded, schedule_log.session_added),  # log: "A new session: ..."
    (SessionAdded, registrants.session_changed),  # reminders queued; everyone emailed
    (SessionMoved, schedule_log.session_moved),  # log: "Moved from ... to ..."
    (SessionMoved, registrants.session_changed),  # reminders re-queued; everyone emailed
    (SessionCancelled, schedule_log.session_cancelled),  # log: "The session on ... is cancelled."
    (SessionCancelled, registrants.session_changed),  # reminders withdrawn; everyone emailed
    (PlacesAdded, waiting_list.places_added),  # the waiting list moves up at once
    (PlacesReleased, waiting_list.places_released),  # waiting lists close up and move up
    # Learning communities: a meeting is a session, so the rows above serve a taster's
    # registrants; the community's members hear of their meetings here.
    (SessionMoved, community_members.meeting_moved),  # members emailed, with the calendar entry
    (SessionCancelled, community_members.meeting_cancelled),  # members emailed
    (MeetingsAdded, community_members.meetings_added),  # members emailed once, every new date
    # The programme's activity log: who did what, when.
    (ProgrammePublished, activity.programme_published),
    (EventPublished, activity.event_published),
    (EventUnpublished, activity.event_unpublished),
    (EventCancelled, activity.event_cancelled),
    (SessionAdded, activity.session_added),
    (SessionMoved, activity.session_moved),
    (SessionCancelled, activity.session_cancelled),
    (PlacesAdded, activity.places_added),
    (ProposalAccepted, activity.proposal_accepted),
]


def init_app(app: Flask) -> None:
    for kind, subscriber in SUBSCRIBERS:
        subscribe(app, kind, subscriber)
