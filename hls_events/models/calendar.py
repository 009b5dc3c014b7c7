"""What each calendar feed last served, so that its Last-Modified moves forward on every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime


class CalendarFeedVersion(Model):
    """The fingerprint of a feed's latest content and when that content was first served.

    A feed changes for reasons no single row records: a session deleted from a draft, a speaker
    taken off an event, a theme renamed, a session ageing out of a personal feed. Comparing the
    fingerprint of what is built now with the one stored here catches all of them, so
    Last-Modified (which Apple Calendar revalidates by, alone) never stands still while the
    content moves.
    """

    __tablename__ = "calendar_feed_versions"

    # e.g. "programme:12@events.example.org"; see calendars/services.py.
    feed_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    etag: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
