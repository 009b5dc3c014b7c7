"""Community meetings as calendar entries: the members' community feed, and the entries the
personal feed (/calendar/<token>.ics) adds for every community a person belongs to.

The feed's address carries the person's private calendar token, so it is as private as their
personal feed, works only while they are a member, and changes when they ask for a new
personal address. Entries are written by the pure builder (calendars/ical.py) with the same
UIDs as everywhere else (``session-<id>@...``), so a moved meeting raises its SEQUENCE and a
cancelled one says STATUS:CANCELLED, as for events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, bindparam, select

from ..calendars import ical
from ..calendars.entries import uid_domain
from ..calendars.queries import user_for_token
from ..calendars.rows import EntrySettings, private_entry
from ..extensions import db
from ..i18n import current_language, known_language
from ..links import external_url
from ..mail.compose import Attachment, calendar_attachment
from ..models import (
    Community,
    CommunityMeeting,
    CommunityMember,
    Event,
    EventMode,
    EventSession,
    MemberStatus,
    Programme,
    SessionStatus,
)
from ..translation import gettext


def _community_url(community: Community) -> str:
    return external_url(
        "communities.community",
        programme_slug=community.programme.slug,
        community_slug=community.slug,
    )


def community_feed_url(community: Community, user: Any) -> str:
    return external_url(
        "communities.feed",
        programme_slug=community.programme.slug,
        community_slug=community.slug,
        token=user.calendar_token,
    )


class _Meeting(NamedTuple):
    """What a meeting's entry shows, as plain values: from the models or from one row."""

    session_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    joining_url: str
    status: SessionStatus
    sequence: int
    created_at: datetime
    updated_at: datetime
    mode: EventMode
    community_name: str
    community_updated_at: datetime
    community_url: str
    timezone: str


def _facts(meeting: _Meeting) -> ical.SessionFacts:
    return ical.SessionFacts(
        session_id=meeting.session_id,
        event_title=meeting.community_name,
        event_url=meeting.community_url,
        timezone=meeting.timezone,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        sequence=meeting.sequence,
        changed_at=max(meeting.updated_at, meeting.community_updated_at),
        created_at=meeting.created_at,
        session_title=meeting.title or gettext("Meeting"),
        event_summary=gettext(
            "A meeting of the %(community)s learning community.", community=meeting.community_name
        ),
        mode=meeting.mode.value,
        venue_name=meeting.venue_name,
        venue_address=meeting.venue_address,
        joining_url=meeting.joining_url,
        session_cancelled=meeting.status == SessionStatus.CANCELLED,
    )


def _entry(session: EventSession, community: Community) -> ical.CalendarEntry:
    meeting = _Meeting(
        session.id,
        session.title,
        session.starts_at,
        session.ends_at,
        session.venue_name,
        session.venue_address,
        session.joining_url,
        session.status,
        session.sequence,
        session.created_at,
        session.updated_at,
        session.event.mode,
        community.name,
        community.updated_at,
        _community_url(community),
        community.programme.timezone,
    )
    return ical.session_entry(
        _facts(meeting), uid_domain=uid_domain(), audience=ical.Audience.ATTENDING
    )


def _member_sessions(user_id: int, community_id: int) -> Iterable[tuple[EventSession, Community]]:
    query = (
        select(EventSession, Community)
        .join(CommunityMeeting, CommunityMeeting.session_id == EventSession.id)
        .join(Community, Community.id == CommunityMeeting.community_id)
        .join(
            CommunityMember,
            (CommunityMember.community_id == Community.id)
            & (CommunityMember.user_id == user_id)
            & (CommunityMember.status == MemberStatus.MEMBER),
        )
        .where(Community.status != "draft", Community.id == community_id)
        .order_by(EventSession.starts_at, EventSession.id)
    )
    return [(session, community) for session, community in db.session.execute(query)]


def member_meeting_entries(user_id: int, since: datetime) -> list[tuple[int, ical.CalendarEntry]]:
    """(session id, private entry) for every meeting of every community the person is a
    member of: plain rows, in one statement whatever the number of communities."""
    rows = (
        db.session.connection()
        .execute(_member_meetings_statement(), {"user_id": user_id, "since": since})
        .all()
    )
    settings = EntrySettings.current()
    return [
        (
            row[0],
            private_entry(
                _facts(
                    _Meeting._make(
                        (*row[:14], _community_link(settings.base_url, row[15], row[14]), row[16])
                    )
                ),
                ical.Audience.ATTENDING,
                None,
                settings,
                organizer=False,
            ),
        )
        for row in rows
    ]


@cache
def _member_meetings_statement() -> Select[*tuple[Any, ...]]:
    """The meetings of the communities ``user_id`` is a member of, ending after ``since``:
    _Meeting's values in its order, but for the community's link, made from the slugs. Made
    once per worker, as the personal feed's statements are (calendars/queries.py)."""
    return (
        select(
            EventSession.id,
            EventSession.title,
            EventSession.starts_at,
            EventSession.ends_at,
            EventSession.venue_name,
            EventSession.venue_address,
            EventSession.joining_url,
            EventSession.status,
            EventSession.sequence,
            EventSession.created_at,
            EventSession.updated_at,
            Event.mode,
            Community.name,
            Community.updated_at,
            Community.slug,
            Programme.slug,
            Programme.timezone,
        )
        .join(Event, Event.id == EventSession.event_id)
        .join(CommunityMeeting, CommunityMeeting.session_id == EventSession.id)
        .join(Community, Community.id == CommunityMeeting.community_id)
        .join(Programme, Programme.id == Community.programme_id)
        .join(
            CommunityMember,
            (CommunityMember.community_id == Community.id)
            & (CommunityMember.user_id == bindparam("user_id"))
            & (CommunityMember.status == MemberStatus.MEMBER),
        )
        .where(Community.status != "draft", EventSession.ends_at >= bindparam("since"))
    )


@lru_cache(maxsize=1024)
def _community_link(base_url: str, programme_slug: str, community_slug: str) -> str:
    # Links depend on BASE_URL alone (links.py): built once per community, not per meeting.
    del base_url  # part of the key only
    return external_url(
        "communities.community", programme_slug=programme_slug, community_slug=community_slug
    )


def community_feed(programme_slug: str, community_slug: str, token: str) -> bytes | None:
    """The community's meetings for one member, or None (404) if the token is not a member's."""
    user = user_for_token(token)
    if user is None:
        return None
    community = db.session.scalar(
        select(Community)
        .join(Programme, Programme.id == Community.programme_id)
        .where(Programme.slug == programme_slug, Community.slug == community_slug)
    )
    if community is None:
        return None
    rows = _member_sessions(user.id, community.id)
    is_member = db.session.scalar(
        select(CommunityMember.id).where(
            CommunityMember.community_id == community.id,
            CommunityMember.user_id == user.id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
    )
    if is_member is None or not community.is_public:
        return None
    site_name = current_app.config["SITE_NAME"]
    # A calendar app asks without the member's session: their account says their language.
    language = known_language(getattr(user, "language", None)) or current_language()
    with force_locale(language):
        info = ical.CalendarInfo(
            name=f"{community.name} ({site_name})",
            description=gettext(
                "The meetings of %(community)s, with the joining link. This calendar's address "
                "is private to you: do not share it.",
                community=community.name,
            ),
            url=_community_url(community),
            source=community_feed_url(community, user),
        )
        return ical.build_calendar(info, (_entry(session, c) for session, c in rows))


def meetings_attachment(community: Community, sessions: Iterable[EventSession]) -> Attachment:
    """The meetings' calendar entries, with the joining link, for an email to the members: the
    same UIDs as the feeds, so a client updates (or cancels) the entry it already has."""
    db.session.flush()
    info = ical.CalendarInfo(
        name=f"{community.name} ({community.programme.title})",
        url=_community_url(community),
        refresh=None,
    )
    body = ical.build_calendar(info, (_entry(session, community) for session in sessions))
    return calendar_attachment(body, filename=f"{community.slug}.ics", method="PUBLISH")
