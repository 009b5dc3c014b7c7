from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..lazy_text import _l
from .organisation import Organisation
from .types import UTCDateTime, enum_column

if TYPE_CHECKING:
    from .event import Event


class SpeakerRole(enum.StrEnum):
    HOST = "host"
    SPEAKER = "speaker"
    FACILITATOR = "facilitator"

    @property
    def label(self) -> str:
        return str(
            {
                "host": _l("Host"),
                "speaker": _l("Speaker"),
                "facilitator": _l("Facilitator"),
            }[self.value]
        )


class Speaker(Model):
    """A person's public profile as host, speaker or facilitator."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    bio: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    # Web addresses, one per line (http and https only; checked by the speakers area).
    links_text: Mapped[str] = mapped_column(Text, default="")
    # The re-encoded photo's random file name in the uploads folder, outside the web root.
    photo_filename: Mapped[str | None] = mapped_column(String(64), unique=True)
    photo_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.links_text.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Speaker {self.slug}>"


class EventSpeaker(Model):
    """The role a speaker plays in one event."""

    __tablename__ = "event_speakers"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[SpeakerRole] = mapped_column(
        enum_column(SpeakerRole, 16),
        default=SpeakerRole.SPEAKER,
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # What the organisers ask of this speaker for this event, shown in their speaker portal.
    brief: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="speaker_roles")
    speaker: Mapped[Speaker] = relationship()
