"""What a community's members hear when its meetings change: subscribers to the schedule's
domain events (hls_events/subscribers.py), run in the announcing service's transaction; nothing
here commits.

A meeting is a session, so moving or cancelling one (from the community's pages or the
organisers' event pages alike) announces ``SessionMoved`` or ``SessionCancelled``; the rows for
registrants serve a taster's newcomers, and these rows email the community's current members,
with the meeting's calendar entry (its SEQUENCE raised, or STATUS:CANCELLED). New meetings are
announced together (``MeetingsAdded``), so members get one email listing every new date.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain_events import MeetingsAdded, SessionCancelled, SessionMoved
from ..extensions import db
from ..mail.services import queue_email
from ..models import Community, CommunityMeeting, EventSession, utcnow
from .common import community_url, current_members
from .feeds import meetings_attachment


def _community_of(session: EventSession) -> Community | None:
    meeting = db.session.get(CommunityMeeting, session.id)
    return meeting.community if meeting is not None else None


def _tell_members(community: Community, sessions: Sequence[EventSession], kind: str) -> None:
    members = current_members(community.id)
    if not members:
        return
    attachment = meetings_attachment(community, sessions)
    stamp = utcnow().strftime("%Y%m%d%H%M%S%f")
    first = sessions[0]
    for member in members:
        queue_email(
            member.user.email,
            "community_meeting_changed" if kind != "added" else "community_meetings_added",
            {
                "person": member.user,
                "community": community,
                "programme": community.programme,
                "session": first,
                "sessions": list(sessions),
                "zone": community.programme.zone,
                "kind": kind,
                "community_url": community_url(community),
            },
            attachments=[attachment],
            key=f"community-meeting:{first.id}:{member.user_id}:{kind}:{stamp}",
        )


def meeting_moved(change: SessionMoved) -> None:
    """A meeting's time, place or joining link changed: the members are told."""
    session = change.session
    community = _community_of(session)
    if community is None or session.is_cancelled:
        return
    if not (change.time_moved or change.place_moved or change.joining_changed):
        return
    _tell_members(community, [session], "moved")


def meeting_cancelled(change: SessionCancelled) -> None:
    community = _community_of(change.session)
    if community is not None:
        _tell_members(community, [change.session], "cancelled")


def meetings_added(change: MeetingsAdded) -> None:
    if change.sessions:
        _tell_members(change.community, change.sessions, "added")
