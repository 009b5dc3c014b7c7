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
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..calendars import ical
from ..calendars.entries import uid_domain
from ..calendars.queries import user_for_token
from ..extensions import db
from ..i18n import current_language, known_language
from ..links import external_url
from ..mail.compose import Attachment, calendar_attachment
from ..models import (
    Community,
    CommunityMeeting,
    CommunityMember,
    EventSession,
    MemberStatus,
    Programme,
    User,
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


def _entry(session: EventSession, community: Community) -> ical.CalendarEntry:
    facts = ical.SessionFacts(
        session_id=session.id,
        event_title=community.name,
        event_url=_community_url(community),
        timezone=community.programme.timezone,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence,
        changed_at=max(session.updated_at, community.updated_at),
        created_at=session.created_at,
        session_title=session.title or gettext("Meeting"),
        event_summary=gettext(
            "A meeting of the %(community)s learning community.", community=community.name
        ),
        mode=session.event.mode.value,
        venue_name=session.venue_name,
        venue_address=session.venue_address,
        joining_url=session.joining_url,
        session_cancelled=session.is_cancelled,
    )
    return ical.session_entry(facts, uid_domain=uid_domain(), audience=ical.Audience.ATTENDING)


def _member_sessions(
    user_id: int, community_id: int | None = None, since: datetime | None = None
) -> Iterable[tuple[EventSession, Community]]:
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
        .where(Community.status != "draft")
        .order_by(EventSession.starts_at, EventSession.id)
    )
    if community_id is not None:
        query = query.where(Community.id == community_id)
    if since is not None:
        query = query.where(EventSession.ends_at >= since)
    return [(session, community) for session, community in db.session.execute(query)]


def member_meeting_entries(user: User, since: datetime) -> list[tuple[int, ical.CalendarEntry]]:
    """(session id, entry) for every meeting of every community the person is a member of."""
    return [
        (session.id, _entry(session, community))
        for session, community in _member_sessions(user.id, since=since)
    ]


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
