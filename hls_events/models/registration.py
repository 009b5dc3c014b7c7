"""A person's place at an event, the answers they gave, and each event's registration settings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..lazy_text import _l
from .types import UTCDateTime, enum_column, utcnow
from .user import User

if TYPE_CHECKING:
    from .event import Event


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return str(
            {
                "confirmed": _l("Confirmed"),
                "waitlisted": _l("Waiting list"),
                "cancelled": _l("Cancelled"),
                "attended": _l("Attended"),
                "no_show": _l("Did not attend"),
            }[self.value]
        )


# Statuses that hold one of the event's places.
PLACE_HOLDING_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
ACTIVE_STATUSES = (*PLACE_HOLDING_STATUSES, RegistrationStatus.WAITLISTED)


class Sector(enum.StrEnum):
    LOCAL_GOVERNMENT = "local_government"
    HEALTH = "health"
    CENTRAL_GOVERNMENT = "central_government"
    CHARITY = "charity"
    SOCIAL_ENTERPRISE = "social_enterprise"
    FUNDER = "funder"
    UNIVERSITY = "university"
    PRIVATE = "private"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(
            {
                "local_government": _l("Local government"),
                "health": _l("NHS, health or social care"),
                "central_government": _l("Central government or an agency"),
                "charity": _l("Charity, community or voluntary organisation"),
                "social_enterprise": _l("Social enterprise"),
                "funder": _l("Funder or philanthropy"),
                "university": _l("University or research"),
                "private": _l("Private sector"),
                "other": _l("Something else"),
            }[self.value]
        )


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"

    @property
    def label(self) -> str:
        return str(
            {
                "short_text": _l("Short answer"),
                "long_text": _l("Long answer"),
                "single_choice": _l("One choice from a list"),
                "multiple_choice": _l("Any number of choices from a list"),
            }[self.value]
        )

    @property
    def has_choices(self) -> bool:
        return self in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


class Registration(Model):
    """One person's place at one event: confirmed, on the waiting list, or cancelled.

    The database holds the rules Python cannot: one registration per person and event, and
    waiting-list positions that are unique within an event and present exactly when waiting.
    Places are counted under a lock on the event row (see registrations/services.py).
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_registrations_event_user"),
        UniqueConstraint("event_id", "waitlist_position", name="uq_registrations_event_position"),
        CheckConstraint(
            "(status = 'waitlisted' AND waitlist_position IS NOT NULL)"
            " OR (status <> 'waitlisted' AND waitlist_position IS NULL)",
            name="position_only_when_waiting",
        ),
        Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, 16))
    # 1 is next in line; always 1..N without gaps among an event's waiting registrations.
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector, 32))
    job_role: Mapped[str] = mapped_column(String(200), default="")
    # Private: seen only by the programme's organisers and the event's hosts.
    access_needs: Mapped[str] = mapped_column(Text, default="")
    # Whether the event's hosts may see the person's name and email address.
    share_with_host: Mapped[bool] = mapped_column(Boolean, default=False)
    wants_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    # "attendee", "organiser" or "several" (registered for several events at once).
    source: Mapped[str] = mapped_column(String(16), default="attendee")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Added to each session's SEQUENCE in this person's own calendar entries (private feed,
    # attachments): it rises with every change of status, so that a copy they were sent
    # before is replaced (RFC 5546 section 2.1.4).
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()
    answers: Mapped[list[RegistrationAnswer]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", passive_deletes=True
    )

    def set_status(self, status: RegistrationStatus) -> None:
        """A new status; the person's calendar entries move on with it."""
        if self.status is not None and status != self.status:
            self.calendar_sequence = (self.calendar_sequence or 0) + 1
        self.status = status

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} {self.status}>"


class RegistrationSettings(Model):
    """Registration choices for one event beyond those on the event itself.

    An event without a row has the defaults.
    """

    __tablename__ = "registration_settings"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    waitlist_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def choices_in(text: str) -> list[str]:
    """A choice question's choices, stored one per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class RegistrationQuestion(Model):
    """A question an organiser or host asks when people register.

    With an event, asked for that event only; without, for every event of the programme.
    """

    __tablename__ = "registration_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, 16))
    # One choice per line, for the choice kinds.
    choices_text: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def choices(self) -> list[str]:
        return choices_in(self.choices_text)

    def __repr__(self) -> str:
        return f"<RegistrationQuestion {self.id} {self.label!r}>"


class RegistrationAnswer(Model):
    """One answer to one question. Several choices are kept one per line."""

    __tablename__ = "registration_answers"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("registration_questions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[RegistrationQuestion] = relationship()

    @property
    def values(self) -> list[str]:
        return [line for line in self.value.splitlines() if line]
