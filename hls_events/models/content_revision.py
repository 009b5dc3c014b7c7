"""One number that every change to public content moves: what kept copies of pages are keyed by."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


class ContentRevision(Model):
    """A single row (id 1). See hls_events/page_cache.py for what moves it and what reads it."""

    __tablename__ = "content_revisions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(BigInteger)
