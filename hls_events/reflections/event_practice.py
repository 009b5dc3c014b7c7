"""What the event page shows of the practice record: the event's write-ups, how many
reflections the reader may see, and the reader's way in to reflecting or writing up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, exists, func, select

from ..extensions import db
from ..models import Event, EventStatus, Reflection, Visibility, WriteUp, WriteUpStatus
from .entries import Entry, EntryKind
from .queries import has_ended, own_reflection, own_write_up, role_at, speaker_profile
from .record import RecordFilters, all_entries
from .visibility import Reader, reflection_condition


@dataclass
class EventPractice:
    """What the event page shows of the record, and the reader's way in to it."""

    write_ups: list[Entry]
    reflections_seen: int
    # "reflect", "edit" (has one), "wait" (not over yet), or "" (not for this reader)
    reflection_state: str = ""
    reflection_message: str = ""
    may_write_up: bool = False
    own_write_up_status: WriteUpStatus | None = None


def event_practice(reader: Reader, event: Event, now: datetime) -> EventPractice:
    # Most events on a page built as a programme opens have neither yet: one cheap statement
    # instead of ranking the record for the event's write-ups and counting its reflections.
    any_reflections, any_write_ups = db.session.execute(
        _any_practice_query(), {"event_id": event.id}
    ).one()
    write_ups = (
        all_entries(
            reader,
            RecordFilters(
                programme=event.programme.slug, event=event.slug, kind=EntryKind.WRITE_UP
            ),
        )
        if any_write_ups
        else []
    )
    reflections_seen = (
        db.session.scalar(
            select(func.count())
            .select_from(Reflection)
            .where(
                Reflection.event_id == event.id,
                Reflection.visibility != Visibility.PRIVATE,
                Reflection.hidden_at.is_(None),
                reflection_condition(reader),
            )
        )
        if any_reflections
        else 0
    ) or 0
    practice = EventPractice(write_ups=write_ups, reflections_seen=reflections_seen)
    if reader.user_id is None or event.status != EventStatus.PUBLISHED:
        return practice
    if own_reflection(event.id, reader.user_id) is not None:
        practice.reflection_state = "edit"
    elif role_at(event.id, reader.user_id) is not None:
        if has_ended(event, now):
            practice.reflection_state = "reflect"
        else:
            practice.reflection_state = "wait"
    if speaker_profile(event.id, reader.user_id) is not None:
        practice.may_write_up = True
        own = own_write_up(event.id, reader.user_id)
        practice.own_write_up_status = own.status if own is not None else None
    return practice


@cache
def _any_practice_query() -> Select[bool, bool]:
    """Built once per worker (each event page asks)."""
    return select(
        exists().where(Reflection.event_id == bindparam("event_id")),
        exists().where(WriteUp.event_id == bindparam("event_id")),
    )
