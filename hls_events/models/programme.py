from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from .types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .event import Event
    from .user import User


class ProgrammeStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


programme_organisers = Table(
    "programme_organisers",
    db.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

programme_themes = Table(
    "programme_themes",
    db.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(Model):
    """A tag such as "systems stewardship": on the shared list every programme chooses from,
    or added by one programme for itself (``programme_id``), and then offered to that programme
    only. A programme's forms offer the themes it chose (``Programme.themes``)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The programme that added it for itself; None for the shared list. A programme's removal
    # leaves its themes on the shared list, as other programmes may have chosen them since.
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL"), index=True
    )

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Programme(Model):
    """A convening with dates and a time zone, such as an HLS Week."""

    __tablename__ = "programmes"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Welsh beside the English, optional: see hls_events/bilingual.py.
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ProgrammeStatus] = mapped_column(
        enum_column(ProgrammeStatus, 16),
        default=ProgrammeStatus.DRAFT,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisers: Mapped[list[User]] = relationship(secondary=programme_organisers)
    themes: Mapped[list[Theme]] = relationship(secondary=programme_themes, order_by=Theme.name)
    events: Mapped[list[Event]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status == ProgrammeStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"
