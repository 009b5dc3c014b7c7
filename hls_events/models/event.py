from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from ..lazy_text import _l
from .organisation import Organisation
from .programme import Theme
from .types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .programme import Programme
    from .speaker import EventSpeaker


class EventFormat(enum.StrEnum):
    WEBINAR = "webinar"
    WORKSHOP = "workshop"
    CONVERSATION = "conversation"
    LEARNING_CIRCLE = "learning_circle"
    STORY_SESSION = "story_session"
    PANEL = "panel"
    SITE_VISIT = "site_visit"
    NETWORKING = "networking"

    @property
    def label(self) -> str:
        return str(
            {
                "webinar": _l("Webinar"),
                "workshop": _l("Workshop"),
                "conversation": _l("Conversation"),
                "learning_circle": _l("Learning circle"),
                "story_session": _l("Story session"),
                "panel": _l("Panel"),
                "site_visit": _l("Site visit"),
                "networking": _l("Networking"),
            }[self.value]
        )


class EventMode(enum.StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return str(
            {
                "online": _l("Online"),
                "in_person": _l("In person"),
                "hybrid": _l("Hybrid"),
            }[self.value]
        )


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


event_themes = Table(
    "event_themes",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Event(Model):
    """One thing in a programme, hosted by an organisation; people register for it."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("programme_id", "slug", name="uq_events_programme_slug"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_closes_after_opens",
        ),
        # Which events are public, read by every practice-record search (visibility.py), from
        # the index alone (migration 0021).
        Index("ix_events_visible", "status", "programme_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Welsh beside the English, optional: see hls_events/bilingual.py.
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat, 32))
    mode: Mapped[EventMode] = mapped_column(enum_column(EventMode, 16))
    # None means no limit on places.
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    access_arrangements: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, 16),
        default=EventStatus.DRAFT,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="events")
    organisation: Mapped[Organisation | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=event_themes, order_by=Theme.name)
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventSession.starts_at",
    )
    speaker_roles: Mapped[list[EventSpeaker]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventSpeaker.position",
    )

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class EventSession(Model):
    """One timed sitting of an event. Named so it never clashes with a database or web session."""

    __tablename__ = "event_sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(Text, default="")
    # Private: shown only to confirmed registrants, never on public pages or feeds.
    joining_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus, 16),
        default=SessionStatus.SCHEDULED,
    )
    # Rises whenever time, place or status changes, for calendar clients.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="sessions")

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def __repr__(self) -> str:
        return f"<EventSession {self.id} {self.starts_at.isoformat()}>"
