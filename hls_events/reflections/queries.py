"""Reading the reflections area: single entries, a person's own reflections and write-ups, and
the facts the services decide from (who took part, whether the event is over, the programme's
prompts). Nothing here changes anything. The event page's part is in event_practice.py; the
record's filter choices are in filter_choices.py.

Every query over reflections and write-ups carries visibility.py's condition, as record.py
explains; the listing, its search, exports and feeds are there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select, union_all
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    AuthorRole,
    Community,
    CommunityMember,
    CommunityStatus,
    Event,
    EventSpeaker,
    EventStatus,
    MemberStatus,
    Programme,
    Reflection,
    ReflectionPrompt,
    Registration,
    Speaker,
    Theme,
    WriteUp,
)
from ..programmes.themes import themes_offered
from ..visibility import is_one_of
from .entries import Entry, EntryKind
from .entry_rows import EntryRef, entries_for_rows
from .prompts import Prompt, default_prompts
from .visibility import (
    PUBLIC_PROGRAMME_STATUSES,
    TAKING_PART,
    Reader,
    reflection_condition,
    write_up_condition,
)

# --- The facts the services decide from --------------------------------------------------------


def prompts_for(programme_id: int) -> list[Prompt]:
    """The programme's prompts, or the defaults if its organisers have not set any."""
    rows = db.session.scalars(
        select(ReflectionPrompt)
        .where(ReflectionPrompt.programme_id == programme_id)
        .order_by(ReflectionPrompt.position, ReflectionPrompt.id)
    ).all()
    if not rows:
        return default_prompts()
    return [Prompt(row.question, row.hint, row.question_cy, row.hint_cy) for row in rows]


def has_own_prompts(programme_id: int) -> bool:
    return (
        db.session.scalar(
            select(ReflectionPrompt.id).where(ReflectionPrompt.programme_id == programme_id)
        )
        is not None
    )


def last_session_end(event: Event) -> datetime | None:
    """When the event's last session still going ahead ends; None if it has none."""
    return max((s.ends_at for s in event.sessions if not s.is_cancelled), default=None)


def has_ended(event: Event, now: datetime) -> bool:
    end = last_session_end(event)
    return end is not None and end <= now


def speaker_profile(event_id: int, user_id: int) -> Speaker | None:
    """The person's speaker profile, if it is on this event."""
    return db.session.scalar(
        select(Speaker)
        .join(EventSpeaker, EventSpeaker.speaker_id == Speaker.id)
        .where(EventSpeaker.event_id == event_id, Speaker.user_id == user_id)
    )


def role_at(event_id: int, user_id: int) -> AuthorRole | None:
    """How the person took part in the event, if they did: speaking, or with a place."""
    if speaker_profile(event_id, user_id) is not None:
        return AuthorRole.SPEAKER
    taking_part = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event_id,
            Registration.user_id == user_id,
            is_one_of(Registration.status, TAKING_PART),
        )
    )
    if taking_part is None:
        taking_part = _community_member_of(event_id, user_id)
    return AuthorRole.ATTENDEE if taking_part is not None else None


def _community_member_of(event_id: int, user_id: int) -> int | None:
    """A learning community's members take part in its series event's meetings."""
    return db.session.scalar(
        select(CommunityMember.id)
        .join(Community, Community.id == CommunityMember.community_id)
        .where(
            Community.event_id == event_id,
            CommunityMember.user_id == user_id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
    )


def is_community_series(event_id: int) -> bool:
    """The event holding a public community's meetings: a draft, since they are members-only."""
    return (
        db.session.scalar(
            select(Community.id).where(
                Community.event_id == event_id, Community.status != CommunityStatus.DRAFT
            )
        )
        is not None
    )


def own_reflection(event_id: int, user_id: int, session_id: int | None = None) -> Reflection | None:
    """The person's reflection on the event as a whole, or on one of its meetings."""
    about = (
        Reflection.session_id.is_(None)
        if session_id is None
        else Reflection.session_id == session_id
    )
    return db.session.scalar(
        select(Reflection)
        .where(Reflection.event_id == event_id, Reflection.author_id == user_id, about)
        .options(selectinload(Reflection.themes))
    )


def questions_for(event: Event, reflection: Reflection | None) -> list[Prompt]:
    """The questions a reflection answers: as first asked, or the programme's prompts now."""
    if reflection is not None:
        return [Prompt(item["question"], item.get("hint", "")) for item in reflection.answers]
    return prompts_for(event.programme_id)


def own_write_up(event_id: int, user_id: int) -> WriteUp | None:
    return db.session.scalar(
        select(WriteUp)
        .join(Speaker, Speaker.id == WriteUp.speaker_id)
        .where(WriteUp.event_id == event_id, Speaker.user_id == user_id)
    )


def theme_choices(programme: Programme) -> list[Theme]:
    """The themes a reflection on one of this programme's events may carry."""
    return themes_offered(programme)


# --- Single entries ----------------------------------------------------------------------------


def reflection_entry(reader: Reader, reflection_id: int) -> Entry | None:
    return _entry(
        reader,
        EntryKind.REFLECTION,
        select(Reflection.id).where(Reflection.id == reflection_id, reflection_condition(reader)),
    )


def write_up_entry(reader: Reader, write_up_id: int) -> Entry | None:
    return _entry(
        reader,
        EntryKind.WRITE_UP,
        select(WriteUp.id).where(WriteUp.id == write_up_id, write_up_condition(reader)),
    )


def _entry(reader: Reader, kind: EntryKind, readable: sa.Select[Any]) -> Entry | None:
    """The entry, if ``readable`` (its id where the reader may see it) finds it."""
    entry_id = db.session.scalar(readable)
    if entry_id is None:
        return None
    entries = entries_for_rows(reader, [EntryRef(kind, entry_id)])
    return entries[0] if entries else None


def entry_exists(kind: EntryKind, entry_id: int) -> bool:
    model = Reflection if kind == EntryKind.REFLECTION else WriteUp
    return db.session.get(model, entry_id) is not None


@dataclass
class AwaitingReflection:
    event: Event
    ended_at: datetime


@dataclass
class MyPractice:
    awaiting: list[AwaitingReflection]
    reflections: list[Entry]
    write_ups: list[Entry]


def my_practice(reader: Reader, now: datetime) -> MyPractice:
    """The person's reflections and write-ups, and the events they may still reflect on."""
    assert reader.user_id is not None
    user_id = reader.user_id
    reflections = db.session.execute(
        select(Reflection.id, Reflection.event_id)
        .where(Reflection.author_id == user_id)
        .order_by(Reflection.created_at.desc(), Reflection.id.desc())
    ).all()
    write_ups = db.session.scalars(
        select(WriteUp.id)
        .join(Speaker, Speaker.id == WriteUp.speaker_id)
        .where(Speaker.user_id == user_id)
        .order_by(WriteUp.updated_at.desc(), WriteUp.id.desc())
    ).all()
    reflected = {r.event_id for r in reflections}
    taking_part = union_all(
        select(Registration.event_id).where(
            Registration.user_id == user_id, is_one_of(Registration.status, TAKING_PART)
        ),
        select(EventSpeaker.event_id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id),
    )
    events = db.session.scalars(
        select(Event)
        .where(Event.id.in_(taking_part), Event.status == EventStatus.PUBLISHED)
        .options(selectinload(Event.sessions), selectinload(Event.programme))
    )
    awaiting = []
    for event in events:
        if event.id in reflected or event.programme.status not in PUBLIC_PROGRAMME_STATUSES:
            continue
        end = last_session_end(event)
        if end is not None and end <= now:
            awaiting.append(AwaitingReflection(event, end))
    awaiting.sort(key=lambda item: item.ended_at, reverse=True)
    entries = entries_for_rows(
        reader,
        [EntryRef(EntryKind.REFLECTION, r.id) for r in reflections]
        + [EntryRef(EntryKind.WRITE_UP, w) for w in write_ups],
    )
    return MyPractice(
        awaiting=awaiting,
        reflections=[entry for entry in entries if entry.is_reflection],
        write_ups=[entry for entry in entries if not entry.is_reflection],
    )
