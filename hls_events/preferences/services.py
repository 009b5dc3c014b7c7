"""Saving a person's language and time zone on their account."""

from __future__ import annotations

from ..extensions import db
from ..models import User
from ..service_errors import Reason, ServiceError
from ..translation import gettext


def save_preferences(
    user_id: int, *, language: str | None = None, timezone: str | None = None, zone_given: bool
) -> None:
    """Save the language (when given) and the time zone (when ``zone_given``; empty clears it)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise ServiceError(gettext("No such account."), reason=Reason.NOT_FOUND)
    if language is not None:
        user.language = language
    if zone_given:
        user.timezone = timezone or None
    db.session.commit()
