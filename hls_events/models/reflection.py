"""Reflections and write-ups: what people take from events, and the practice record they make.

Who may read what is decided in one place, hls_events/reflections/visibility.py; nothing here
decides it. Full-text search is kept by the database itself (see migration 0005_reflections):
on SQLite, FTS5 tables ``reflection_search`` and ``write_up_search`` that triggers keep in step
with ``body`` (and a write-up's ``title``), and ``reflection_search_public`` of the public,
listed reflections alone (migration 0020), which a visitor's search reads; on PostgreSQL, a generated ``search_vector``
column on each table with a GIN index. Neither is mapped here, because neither exists on the
other database.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from ..lazy_text import _l
from .programme import Theme
from .types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .event import Event, EventSession
    from .programme import Programme
    from .speaker import Speaker
    from .user import User


class Visibility(enum.StrEnum):
    """Who may read a reflection, as its author chose. Each includes the ones before it."""

    PRIVATE = "private"
    ORGANISERS = "organisers"
    # Only for reflections on a learning community's meetings.
    COMMUNITY = "community"
    PARTICIPANTS = "participants"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return str(
            {
                "private": _l("Only me"),
                "organisers": _l("The organisers and hosts"),
                "community": _l("Members of this community"),
                "participants": _l("People taking part in the programme"),
                "public": _l("Everyone"),
            }[self.value]
        )

    @property
    def is_shared(self) -> bool:
        return self != Visibility.PRIVATE


class Attribution(enum.StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"

    @property
    def label(self) -> str:
        return str({"named": _l("With my name"), "anonymous": _l("Anonymously")}[self.value])


class Principle(enum.StrEnum):
    """The three principles of Human Learning Systems."""

    HUMAN = "human"
    LEARNING = "learning"
    SYSTEMS = "systems"

    @property
    def label(self) -> str:
        return str(
            {
                "human": _l("Human"),
                "learning": _l("Learning"),
                "systems": _l("Systems"),
            }[self.value]
        )


def principles_in(stored: str) -> list[Principle]:
    """The principles a reflection's ``principles`` column names, space-separated."""
    return [Principle(value) for value in stored.split() if value]


class AuthorRole(enum.StrEnum):
    ATTENDEE = "attendee"
    SPEAKER = "speaker"


class WriteUpStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


reflection_themes = Table(
    "reflection_themes",
    db.metadata,
    Column("reflection_id", ForeignKey("reflections.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ReflectionPrompt(Model):
    """One question a programme asks in its reflections. A programme with none asks the
    defaults (hls_events/reflections/prompts.py)."""

    __tablename__ = "reflection_prompts"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    question: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(String(500), default="")
    # Welsh beside the English, optional: see hls_events/bilingual.py.
    question_cy: Mapped[str] = mapped_column(String(300), default="", server_default="")
    hint_cy: Mapped[str] = mapped_column(String(500), default="", server_default="")


class Reflection(Model):
    """What one person (an attendee or a speaker) takes from one event, or, on a learning
    community, from one of its meetings (``session_id``): one per person and event, or per
    person and meeting, so that members reflect after each meeting.

    ``answers`` keeps each question in the words it was asked, so that later changes to the
    programme's prompts never change what someone answered. ``body`` is the answers' text,
    written by the service with them: it is what search indexes and quotes.
    """

    __tablename__ = "reflections"
    __table_args__ = (
        # Partial unique indexes (both databases have them): one reflection per person on an
        # event as a whole, and one per person on each meeting of a community.
        Index(
            "uq_reflections_event_author",
            "event_id",
            "author_id",
            unique=True,
            sqlite_where=text("session_id IS NULL"),
            postgresql_where=text("session_id IS NULL"),
        ),
        Index(
            "uq_reflections_session_author",
            "session_id",
            "author_id",
            unique=True,
            sqlite_where=text("session_id IS NOT NULL"),
            postgresql_where=text("session_id IS NOT NULL"),
        ),
        Index("ix_reflections_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The community meeting reflected on (a session of ``event_id``); None for an event.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE")
    )
    # None once the author has deleted their account and chosen to leave it, unsigned.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_role: Mapped[AuthorRole] = mapped_column(enum_column(AuthorRole, 16))
    # [{"question": "...", "answer": "..."}, ...] in the order asked.
    answers: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    # Space-separated Principle values, e.g. "human systems".
    principles: Mapped[str] = mapped_column(String(40), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, 16))
    attribution: Mapped[Attribution] = mapped_column(enum_column(Attribution, 16))
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship()
    event: Mapped[Event] = relationship()
    session: Mapped[EventSession | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    themes: Mapped[list[Theme]] = relationship(secondary=reflection_themes, order_by=Theme.name)
    consents: Mapped[list[ReflectionConsent]] = relationship(
        back_populates="reflection",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReflectionConsent.recorded_at",
    )

    @property
    def principle_list(self) -> list[Principle]:
        return principles_in(self.principles)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def __repr__(self) -> str:
        return f"<Reflection {self.id} event={self.event_id} {self.visibility}>"


class ReflectionConsent(Model):
    """The author's choice of readers and signature, in the words they were shown.

    Only ever added to, so the history of what someone agreed to stays; the newest is current.
    """

    __tablename__ = "reflection_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(
        ForeignKey("reflections.id", ondelete="CASCADE"), index=True
    )
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, 16))
    attribution: Mapped[Attribution] = mapped_column(enum_column(Attribution, 16))
    wording: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reflection: Mapped[Reflection] = relationship(back_populates="consents")


class ReflectionInvitation(Model):
    """That a person was emailed an invitation to reflect on an event: at most once each."""

    __tablename__ = "reflection_invitations"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WriteUp(Model):
    """A speaker's account of their session, in Markdown, with links to slides or recordings.

    Belongs to the speaker profile (the organisers' record of who spoke), not the account, so
    it keeps its author's public name. Once published it is for everyone.
    """

    __tablename__ = "write_ups"
    __table_args__ = (
        UniqueConstraint("event_id", "speaker_id", name="uq_write_ups_event_speaker"),
        Index("ix_write_ups_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    # Markdown, rendered and cleaned on display.
    body: Mapped[str] = mapped_column(Text, default="")
    slides_url: Mapped[str] = mapped_column(String(500), default="")
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[WriteUpStatus] = mapped_column(
        enum_column(WriteUpStatus, 16), default=WriteUpStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship()
    event: Mapped[Event] = relationship()
    speaker: Mapped[Speaker] = relationship()

    @property
    def is_published(self) -> bool:
        return self.status == WriteUpStatus.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def __repr__(self) -> str:
        return f"<WriteUp {self.id} event={self.event_id} {self.status}>"
