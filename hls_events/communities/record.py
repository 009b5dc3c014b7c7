"""The community's record: what members chose to share with the community (or more widely),
by meeting and by theme, and searchable within the community. Who may read each reflection is decided by the
one rule, hls_events/reflections/visibility.py, in the same query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select, union
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..inputs import ID_MAX, whole_number
from ..models import (
    Community,
    CommunityMeeting,
    EventSession,
    Reflection,
    Theme,
    Visibility,
    reflection_themes,
)
from ..reflections.visibility import Reader, byline, reflection_condition
from .journey import numbered_meetings

if TYPE_CHECKING:
    from sqlalchemy import CompoundSelect

QUERY_MAX = 200


@dataclass(frozen=True)
class RecordEntry:
    reflection: Reflection
    byline: str
    # The meeting reflected on (its number in the series), if the reflection is about one.
    meeting: EventSession | None = None
    meeting_number: int | None = None


@dataclass(frozen=True)
class CommunityRecord:
    entries: list[RecordEntry]
    themes: list[tuple[Theme, int]]
    query: str
    theme_slug: str
    # (number, meeting, how many shared reflections on it), in meeting order.
    meetings: list[tuple[int, EventSession, int]] = field(default_factory=list)
    meeting_id: int | None = None


def community_event_ids(community: Community) -> CompoundSelect[int]:
    """The series event and the events of its tasters, as a subquery."""
    return union(
        select(Community.event_id).where(Community.id == community.id),
        select(EventSession.event_id)
        .join(CommunityMeeting, CommunityMeeting.session_id == EventSession.id)
        .where(CommunityMeeting.community_id == community.id),
    )


def meeting_choice(value: str | None) -> int | None:
    """A meeting's id from the address, or None for any meeting (or nonsense)."""
    return whole_number((value or "").strip(), ID_MAX)


def community_record(
    community: Community,
    reader: Reader,
    query: str = "",
    theme_slug: str = "",
    meeting_id: int | None = None,
) -> CommunityRecord:
    query = query.replace("\x00", "").strip()[:QUERY_MAX]
    numbered = numbered_meetings(community.id)
    numbers = {session.id: number for number, session in numbered}
    if meeting_id not in numbers:
        meeting_id = None
    shared = (
        Reflection.event_id.in_(community_event_ids(community)),
        Reflection.visibility != Visibility.PRIVATE,
        Reflection.hidden_at.is_(None),
        reflection_condition(reader),
    )
    listing = (
        select(Reflection)
        .where(*shared)
        .options(selectinload(Reflection.author), selectinload(Reflection.themes))
        .order_by(Reflection.created_at.desc(), Reflection.id.desc())
    )
    if query:
        listing = listing.where(
            func.lower(Reflection.body).contains(query.lower(), autoescape=True)
        )
    if theme_slug:
        listing = listing.where(
            Reflection.id.in_(
                select(reflection_themes.c.reflection_id)
                .join(Theme, Theme.id == reflection_themes.c.theme_id)
                .where(Theme.slug == theme_slug)
            )
        )
    if meeting_id is not None:
        listing = listing.where(Reflection.session_id == meeting_id)
    entries = [
        RecordEntry(
            r,
            byline(r.attribution, r.author.name if r.author else None),
            r.session,
            numbers.get(r.session_id or 0),
        )
        for r in db.session.scalars(listing.options(selectinload(Reflection.session)).limit(200))
    ]
    themes = db.session.execute(
        select(Theme, func.count(Reflection.id))
        .join(reflection_themes, reflection_themes.c.theme_id == Theme.id)
        .join(Reflection, Reflection.id == reflection_themes.c.reflection_id)
        .where(*shared)
        .group_by(Theme.id)
        .order_by(Theme.name)
    ).all()
    per_meeting = dict(
        db.session.execute(
            select(Reflection.session_id, func.count(Reflection.id))
            .where(*shared, Reflection.session_id.is_not(None))
            .group_by(Reflection.session_id)
        ).all()
    )
    return CommunityRecord(
        entries,
        [(theme, count) for theme, count in themes],
        query,
        theme_slug,
        [(number, s, per_meeting[s.id]) for number, s in numbered if s.id in per_meeting],
        meeting_id,
    )
