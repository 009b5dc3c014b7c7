"""Email waiting to be sent: written in the same transaction as the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, enum_column, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OutboxMessage(Model):
    """One email for one recipient, and where its delivery stands: rendered when queued, or
    (with ``kind``) written by the worker just before it is first sent.

    A worker claims a message by setting it to sending with a lease (``claimed_until``);
    if the worker dies mid-send, another reclaims the message once the lease runs out.
    ``message_id`` is fixed when the message is queued, so a resend after a crash carries
    the same Message-ID and receiving systems can recognise the duplicate.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's question, "what is due?", is answered from this index.
        Index("ix_outbox_messages_status_send_after", "status", "send_after"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # JSON list of {"filename", "content_type", "encoding": "text" | "base64", "content"}.
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, 16), default=OutboxStatus.PENDING
    )
    # Lets a later change cancel what is still queued, e.g. "reminder:registration:42".
    key: Mapped[str | None] = mapped_column(String(200), index=True)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # Written by the mail worker when it sends (hls_events/mail/later.py): what to write, about
    # which registration, in which language. Subject and bodies stay empty until then, so the
    # request that queued it pays only for this row. No foreign key: a registration erased
    # before the message is written withdraws the message.
    kind: Mapped[str | None] = mapped_column(String(40))
    registration_id: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status} to {self.to_address}>"
