"""Who may write in the practice record, and when: people with a place at an event (confirmed
or attended) and its speakers reflect, once its last session has ended; an event's speakers
write it up. Who may read is decided in visibility.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    AuthorRole,
    CommunityMeeting,
    CommunityMember,
    CommunityStatus,
    Event,
    EventSession,
    EventStatus,
    MemberStatus,
    ProgrammeStatus,
    Speaker,
)
from ..service_errors import Reason
from ..translation import gettext
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
    if is_community_series(event.id):
        # A community meets all year: its members reflect on each meeting, one at a time.
        raise ReflectionError(
            gettext("Reflect on each meeting from the community's page."),
            reason=Reason.FORBIDDEN,
        )
    end = last_session_end(event)
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


def check_may_reflect_on_meeting(
    session_id: int, user_id: int, now: datetime
) -> tuple[EventSession, AuthorRole]:
    """The meeting and the person's role if they may write a new reflection on it now: its
    community's current members, once it has ended; else why not."""
    meeting = db.session.get(CommunityMeeting, session_id)
    if meeting is None:
        raise ReflectionError(gettext("There is no such meeting."), reason=Reason.NOT_FOUND)
    community, session = meeting.community, meeting.session
    if (
        community.status == CommunityStatus.DRAFT
        or community.programme.status == ProgrammeStatus.DRAFT
    ):
        raise ReflectionError(
            gettext("This community is not open for reflections."), reason=Reason.FORBIDDEN
        )
    if session.is_cancelled:
        raise ReflectionError(
            gettext("This meeting was cancelled, so there is nothing to reflect on."),
            reason=Reason.FORBIDDEN,
        )
    member = db.session.scalar(
        select(CommunityMember.id).where(
            CommunityMember.community_id == community.id,
            CommunityMember.user_id == user_id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
    )
    if member is None:
        raise ReflectionError(
            gettext("Only the community's members can reflect on its meetings."),
            reason=Reason.FORBIDDEN,
        )
    if session.ends_at > now:
        zone = community.programme.zone
        raise ReflectionError(
            gettext(
                "You can reflect once this meeting has ended: after %(time)s on %(day)s.",
                time=format_clock(session.ends_at, zone),
                day=format_day(to_local(session.ends_at, zone).date()),
            ),
            reason=Reason.CONFLICT,
        )
    return session, AuthorRole.ATTENDEE


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
