"""A programme's call for events, and the proposals hosts make in answer to it."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from ..lazy_text import _l
from .event import EventFormat, EventMode
from .programme import Theme
from .speaker import SpeakerRole
from .types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .event import Event
    from .organisation import Organisation
    from .programme import Programme
    from .user import User


call_themes = Table(
    "call_themes",
    db.metadata,
    Column("call_id", ForeignKey("calls_for_events.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)

proposal_themes = Table(
    "proposal_themes",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class CallForEvents(Model):
    """A programme's invitation to propose events: one per programme, open between two instants."""

    __tablename__ = "calls_for_events"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opens"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), unique=True
    )
    # Markdown, rendered and cleaned on display.
    guidance: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The formats on offer, by value, one per line; none means every format.
    formats_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=call_themes, order_by=Theme.name)
    questions: Mapped[list[CallQuestion]] = relationship(
        back_populates="call",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CallQuestion.position",
    )

    @property
    def formats(self) -> list[EventFormat]:
        chosen = {line.strip() for line in self.formats_text.splitlines() if line.strip()}
        return [f for f in EventFormat if f.value in chosen] or list(EventFormat)

    def has_opened(self, now: datetime) -> bool:
        return self.opens_at <= now

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def __repr__(self) -> str:
        return f"<CallForEvents programme={self.programme_id}>"


class CallQuestion(Model):
    """A question every proposal in answer to the call must answer."""

    __tablename__ = "call_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("calls_for_events.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    call: Mapped[CallForEvents] = relationship(back_populates="questions")


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(
            {
                "draft": _l("Draft"),
                "submitted": _l("Submitted"),
                "changes_requested": _l("Changes asked for"),
                "accepted": _l("Accepted"),
                "declined": _l("Declined"),
                "withdrawn": _l("Withdrawn"),
            }[self.value]
        )


# Statuses in which the organisers have not yet decided, so the proposer may still change it.
UNDECIDED_STATUSES = (
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.CHANGES_REQUESTED,
)


class TimeOfDay(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"

    @property
    def label(self) -> str:
        return str(
            {
                "morning": _l("Morning (before 12:00)"),
                "afternoon": _l("Afternoon (12:00 to 17:00)"),
                "evening": _l("Evening (after 17:00)"),
            }[self.value]
        )


class Proposal(Model):
    """A host's proposed event, from draft to the organisers' decision.

    Format and mode may be empty while it is a draft; submitting needs them.
    """

    __tablename__ = "proposals"
    __table_args__ = (
        Index("ix_proposals_programme_status", "programme_id", "status"),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0", name="duration_positive"
        ),
        CheckConstraint(
            "expected_capacity IS NULL OR expected_capacity >= 0", name="capacity_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    # Kept when the proposer deletes their account: the programme's record of what was offered.
    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, 20), default=ProposalStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[EventFormat | None] = mapped_column(enum_column(EventFormat, 32))
    mode: Mapped[EventMode | None] = mapped_column(enum_column(EventMode, 16))
    # ISO dates of the programme's days, one per line.
    preferred_days_text: Mapped[str] = mapped_column(Text, default="")
    # TimeOfDay values, one per line.
    preferred_times_text: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    expected_capacity: Mapped[int | None] = mapped_column(Integer)
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    access_arrangements: Mapped[str] = mapped_column(Text, default="")
    may_be_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    # The organisers' message with their decision, also emailed to the proposer.
    decision_message: Mapped[str] = mapped_column(Text, default="")
    # The draft event made on acceptance.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    programme: Mapped[Programme] = relationship()
    proposer: Mapped[User | None] = relationship()
    event: Mapped[Event | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=proposal_themes, order_by=Theme.name)
    speakers: Mapped[list[ProposalSpeaker]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProposalSpeaker.position",
    )
    answers: Mapped[list[ProposalAnswer]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True
    )
    comments: Mapped[list[ProposalComment]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProposalComment.created_at",
    )

    @property
    def preferred_days(self) -> list[str]:
        return [line for line in self.preferred_days_text.splitlines() if line]

    @property
    def preferred_times(self) -> list[TimeOfDay]:
        values = {line for line in self.preferred_times_text.splitlines() if line}
        return [time for time in TimeOfDay if time.value in values]

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.status}>"


class ProposalSpeaker(Model):
    """Someone the proposer names to speak; invited by email if the proposal is accepted."""

    __tablename__ = "proposal_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[SpeakerRole] = mapped_column(
        enum_column(SpeakerRole, 16), default=SpeakerRole.SPEAKER
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="speakers")


class ProposalAnswer(Model):
    """The proposer's answer to one of the call's questions."""

    __tablename__ = "proposal_answers"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("call_questions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="answers")
    question: Mapped[CallQuestion] = relationship()


class ProposalComment(Model):
    """A note on a proposal: seen by the proposer too, unless it is internal to the organisers."""

    __tablename__ = "proposal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    # "comment", or the step it came with: "changes_requested", "accepted", "declined".
    kind: Mapped[str] = mapped_column(String(20), default="comment")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
