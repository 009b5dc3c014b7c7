"""What the community pages show, built as small view-models. Who sees what (the member list
above all) is decided here from a ``Standing``; templates query nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..bilingual import Localised, localised, localised_markdown
from ..extensions import db
from ..markdown import render_markdown
from ..models import (
    Community,
    CommunityMeeting,
    CommunityMember,
    EventSession,
    MeetingApology,
    MeetingAttendance,
    MemberStatus,
    Programme,
    User,
    utcnow,
)
from .common import consenting, facilitator_users
from .journey import own_meeting_reflections
from .membership import members_count, waitlist_length
from .permissions import Standing


@dataclass(frozen=True)
class MeetingView:
    session: EventSession
    is_taster: bool
    # Only for members and those who run the community.
    joining_url: str = ""
    taster_event_slug: str = ""
    apologised: bool = False
    # The reader has reflected on this meeting.
    reflected: bool = False

    @property
    def is_cancelled(self) -> bool:
        return self.session.is_cancelled


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    member_id: int
    name: str
    organisation: str
    working_on: str
    # Only for those who run the community.
    email: str = ""
    status: MemberStatus = MemberStatus.MEMBER
    waitlist_position: int | None = None
    listed: bool = True


@dataclass
class CommunityPage:
    community: Community
    programme: Programme
    purpose_html: Markup
    # The name and (rendered) purpose in the reader's language where written in it.
    name: Localised
    purpose: Localised
    facilitators: list[User]
    upcoming: list[MeetingView]
    where: Standing
    members_count: int
    waiting_count: int
    places_left: int | None
    # None: the reader may not see the list. Members see those who agreed to be listed.
    members: list[MemberRow] | None = None
    unlisted_count: int = 0
    past: list[MeetingView] = field(default_factory=list)


def meetings(community_id: int) -> list[tuple[CommunityMeeting, EventSession]]:
    rows = db.session.execute(
        select(CommunityMeeting, EventSession)
        .join(EventSession, EventSession.id == CommunityMeeting.session_id)
        .where(CommunityMeeting.community_id == community_id)
        .options(selectinload(EventSession.event))
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()
    return [(meeting, session) for meeting, session in rows]


def _meeting_view(
    meeting: CommunityMeeting,
    session: EventSession,
    inside: bool,
    apologised: set[int],
    reflected: set[int] | None = None,
) -> MeetingView:
    return MeetingView(
        session=session,
        is_taster=meeting.is_taster,
        joining_url=session.joining_url if inside and not session.is_cancelled else "",
        taster_event_slug=session.event.slug if meeting.is_taster else "",
        apologised=session.id in apologised,
        reflected=session.id in (reflected or set()),
    )


def member_rows(community: Community, *, with_contact: bool) -> list[MemberRow]:
    """Current members; with contact details and the waiting list for those who run it."""
    statuses = [MemberStatus.MEMBER]
    if with_contact:
        statuses += [MemberStatus.WAITLISTED, MemberStatus.REQUESTED]
    rows = db.session.execute(
        select(CommunityMember, User)
        .join(User, User.id == CommunityMember.user_id)
        .where(CommunityMember.community_id == community.id, CommunityMember.status.in_(statuses))
        .order_by(CommunityMember.status, CommunityMember.waitlist_position, User.name)
    ).all()
    listed = consenting(community.id, [user.id for _member, user in rows])
    return [
        MemberRow(
            user_id=user.id,
            member_id=member.id,
            name=user.name,
            organisation=member.organisation,
            working_on=member.working_on,
            email=user.email if with_contact else "",
            status=member.status,
            waitlist_position=member.waitlist_position,
            listed=user.id in listed,
        )
        for member, user in rows
    ]


def community_page(
    community: Community, where: Standing, now: datetime | None = None
) -> CommunityPage:
    now = now or utcnow()
    inside = where.is_member or where.runs
    apologised: set[int] = set()
    reflected: set[int] = set()
    if where.membership is not None:
        apologised = set(
            db.session.scalars(
                select(MeetingApology.session_id).where(
                    MeetingApology.user_id == where.membership.user_id
                )
            )
        )
        reflected = set(own_meeting_reflections(community.id, where.membership.user_id))
    views = [_meeting_view(m, s, inside, apologised, reflected) for m, s in meetings(community.id)]
    count = members_count(community.id)
    limit = community.member_limit
    page = CommunityPage(
        community=community,
        programme=community.programme,
        purpose_html=render_markdown(community.purpose),
        name=localised(community, "name"),
        purpose=localised_markdown(community, "purpose"),
        facilitators=facilitator_users(community.id),
        upcoming=[view for view in views if view.session.ends_at >= now],
        past=[view for view in views if view.session.ends_at < now] if inside else [],
        where=where,
        members_count=count,
        waiting_count=waitlist_length(community.id),
        places_left=None if limit is None else max(limit - count, 0),
    )
    if where.runs:
        page.members = member_rows(community, with_contact=True)
    elif where.is_member:
        rows = member_rows(community, with_contact=False)
        assert where.membership is not None  # is_member
        # A member always sees themself, so they can see what the others see of them.
        page.members = [
            row for row in rows if row.listed or row.user_id == where.membership.user_id
        ]
        page.unlisted_count = len(rows) - len(page.members)
    return page


@dataclass(frozen=True)
class AttendanceRow:
    session: EventSession
    # None: not marked yet.
    attended: bool | None
    apologised: bool


def my_attendance(community_id: int, user_id: int) -> list[AttendanceRow]:
    marks = dict(
        db.session.execute(
            select(MeetingAttendance.session_id, MeetingAttendance.attended).where(
                MeetingAttendance.user_id == user_id
            )
        ).all()
    )
    apologies = set(
        db.session.scalars(
            select(MeetingApology.session_id).where(MeetingApology.user_id == user_id)
        )
    )
    now = utcnow()
    return [
        AttendanceRow(session, marks.get(session.id), session.id in apologies)
        for _meeting, session in meetings(community_id)
        if session.starts_at <= now and not session.is_cancelled
    ]


@dataclass(frozen=True)
class ContinuityRow:
    member: MemberRow
    attended: int
    marked: int
    # Missed the last two meetings marked.
    dropped_away: bool


def continuity(community: Community) -> tuple[list[EventSession], list[ContinuityRow]]:
    """Meetings marked so far, and for each member how many they came to, most first."""
    held = [
        session
        for _meeting, session in meetings(community.id)
        if not session.is_cancelled and session.starts_at <= utcnow()
    ]
    marks: dict[tuple[int, int], bool] = {
        (session_id, user_id): attended
        for session_id, user_id, attended in db.session.execute(
            select(
                MeetingAttendance.session_id, MeetingAttendance.user_id, MeetingAttendance.attended
            ).where(MeetingAttendance.session_id.in_([s.id for s in held]))
        )
    }
    marked_sessions = [s for s in held if any(key[0] == s.id for key in marks)]
    rows = []
    for member in member_rows(community, with_contact=True):
        if member.status != MemberStatus.MEMBER:
            continue
        mine = [marks.get((s.id, member.user_id)) for s in marked_sessions]
        known = [value for value in mine if value is not None]
        last_two = known[-2:]
        rows.append(
            ContinuityRow(
                member=member,
                attended=sum(1 for value in known if value),
                marked=len(known),
                dropped_away=len(last_two) == 2 and not any(last_two),
            )
        )
    rows.sort(key=lambda row: (-row.attended, row.member.name))
    return marked_sessions, rows


def attendance_marks(session_id: int) -> dict[int, bool]:
    return dict(
        db.session.execute(
            select(MeetingAttendance.user_id, MeetingAttendance.attended).where(
                MeetingAttendance.session_id == session_id
            )
        ).all()
    )


def public_communities(programme: Programme) -> list[Community]:
    return list(
        db.session.scalars(
            select(Community)
            .where(Community.programme_id == programme.id, Community.status != "draft")
            .order_by(Community.name)
        )
    )
