"""An invitation by email to speak at an event, accepted by the person with that address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import Event
from .speaker import Speaker
from .types import UTCDateTime, utcnow


class SpeakerInvitation(Model):
    """Links a speaker profile on an event to the account of whoever holds the email address.

    Accepted once, by a signed-in person whose confirmed email address is the one it was sent to.
    """

    __tablename__ = "speaker_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    speaker: Mapped[Speaker] = relationship()
    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<SpeakerInvitation {self.id} {self.email}>"
