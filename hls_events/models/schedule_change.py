"""What changed in a published programme's schedule, for the "what changed" page and feed."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..lazy_text import _l
from .types import UTCDateTime, enum_column, utcnow


class ChangeKind(enum.StrEnum):
    PUBLISHED = "published"
    NEW = "new"
    MOVED = "moved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(
            {
                "published": _l("Programme published"),
                "new": _l("New"),
                "moved": _l("Moved"),
                "cancelled": _l("Cancelled"),
            }[self.value]
        )


class ScheduleChange(Model):
    """One change people who have seen the schedule should know about.

    Written only while the programme is public, and only ever added. It keeps the event's title
    and the words describing the change as they were, so that the log still reads true after
    the event is renamed or moved again.
    """

    __tablename__ = "schedule_changes"
    __table_args__ = (Index("ix_schedule_changes_programme_at", "programme_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="SET NULL")
    )
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, 16))
    event_title: Mapped[str] = mapped_column(String(200), default="")
    # A sentence in the programme's time zone, e.g. "Moved from Tuesday 7 October, 10:00 ...".
    description: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ScheduleChange {self.id} {self.kind}>"
