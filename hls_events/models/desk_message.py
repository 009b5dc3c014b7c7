"""A message sent from the organiser's desk: kept, with its text, so that organisers can see who
emailed whom, when, and what it said. Kept as long as the programme."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .event import Event
from .types import UTCDateTime, utcnow
from .user import User


class DeskMessage(Model):
    """One email sent to an audience of a programme (one copy queued per person). The sender's
    name is kept too, so that the line still reads when the account is gone."""

    __tablename__ = "desk_messages"
    __table_args__ = (Index("ix_desk_messages_programme_created", "programme_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    # The event, when the audience was one event's people.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    sender_name: Mapped[str] = mapped_column(String(200))
    # places, waiting, speakers, hosts, event (hls_events/organise/mailing.py)
    audience: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event | None] = relationship()
    sender: Mapped[User | None] = relationship()
