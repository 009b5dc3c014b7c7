"""The site pages' part of the register of personal data (hls_events/personal_data.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import SitePage, User
from ..personal_data import Holding


def _edited(user: User) -> list[dict[str, Any]]:
    pages = db.session.scalars(select(SitePage).where(SitePage.updated_by_id == user.id))
    return [{"page": page.title, "updated_at": page.updated_at.isoformat()} for page in pages]


HOLDINGS = (
    Holding(
        "site_pages",
        "updated_by_id",
        "site_pages_last_edited",
        "kept, without who last edited them",
        export=_edited,
    ),
)
