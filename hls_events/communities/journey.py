"""Reflecting on a community's meetings: which meetings a member may reflect on, and their
learning journey (their own reflections across the meetings, in meeting order) on one page and
as Markdown or CSV to keep. Reads only; writing goes through the reflections service."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_day, to_local
from ..models import Community, CommunityMeeting, EventSession, Reflection, utcnow
from ..spreadsheets import csv_writer
from ..translation import gettext


@dataclass(frozen=True)
class MeetingReflection:
    """One meeting held, and the reader's reflection on it if they wrote one."""

    session: EventSession
    # 1 for the community's first meeting, counting every meeting held or to come.
    number: int
    reflection: Reflection | None
    # The meeting has ended, so a reflection may be written now.
    open: bool


def numbered_meetings(community_id: int) -> list[tuple[int, EventSession]]:
    """The community's meetings in order, numbered from 1; cancelled ones are left out."""
    sessions = db.session.scalars(
        select(EventSession)
        .join(CommunityMeeting, CommunityMeeting.session_id == EventSession.id)
        .where(CommunityMeeting.community_id == community_id)
        .order_by(EventSession.starts_at, EventSession.id)
    )
    held = [session for session in sessions if not session.is_cancelled]
    return list(enumerate(held, start=1))


def own_meeting_reflections(community_id: int, user_id: int) -> dict[int, Reflection]:
    """The person's reflections on the community's meetings, by meeting (session id)."""
    rows = db.session.scalars(
        select(Reflection)
        .join(CommunityMeeting, CommunityMeeting.session_id == Reflection.session_id)
        .where(CommunityMeeting.community_id == community_id, Reflection.author_id == user_id)
        .options(selectinload(Reflection.themes))
    )
    return {reflection.session_id: reflection for reflection in rows if reflection.session_id}


def meetings_to_reflect(
    community: Community, user_id: int, now: datetime | None = None
) -> list[MeetingReflection]:
    """Every meeting that has started, newest first, with the person's reflection on it."""
    now = now or utcnow()
    own = own_meeting_reflections(community.id, user_id)
    found = [
        MeetingReflection(session, number, own.get(session.id), session.ends_at <= now)
        for number, session in numbered_meetings(community.id)
        if session.starts_at <= now or session.id in own
    ]
    return list(reversed(found))


def journey(community: Community, user_id: int) -> list[MeetingReflection]:
    """The person's reflections across the meetings, in the order the meetings happened."""
    own = own_meeting_reflections(community.id, user_id)
    return [
        MeetingReflection(session, number, own[session.id], True)
        for number, session in numbered_meetings(community.id)
        if session.id in own
    ]


def _meeting_words(community: Community, item: MeetingReflection) -> str:
    day = format_day(to_local(item.session.starts_at, community.programme.zone).date())
    return gettext("Meeting %(number)d, %(day)s", number=item.number, day=day)


def as_markdown(community: Community, items: list[MeetingReflection]) -> str:
    lines = [gettext("# My learning journey: %(name)s", name=community.name), ""]
    for item in items:
        reflection = item.reflection
        assert reflection is not None
        lines += [f"## {_meeting_words(community, item)}", ""]
        for answer in reflection.answers:
            if answer.get("answer"):
                lines += [f"### {answer['question']}", "", answer["answer"], ""]
        if reflection.themes:
            themes = ", ".join(theme.name for theme in reflection.themes)
            lines += [gettext("Themes: %(themes)s", themes=themes), ""]
        lines += [gettext("Shared with: %(whom)s", whom=reflection.visibility.label), ""]
    return "\n".join(lines)


def as_csv(community: Community, items: list[MeetingReflection]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ("meeting", "meeting date", "written", "question", "answer", "themes", "shared with")
    )
    zone = community.programme.zone
    for item in items:
        reflection = item.reflection
        assert reflection is not None
        themes = "; ".join(theme.name for theme in reflection.themes)
        for answer in reflection.answers:
            if not answer.get("answer"):
                continue
            writer.writerow(
                (
                    item.number,
                    to_local(item.session.starts_at, zone).date().isoformat(),
                    reflection.created_at.isoformat(),
                    answer.get("question", ""),
                    answer.get("answer", ""),
                    themes,
                    reflection.visibility.label,
                )
            )
    return buffer.getvalue()
