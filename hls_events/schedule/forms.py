"""The session form's clash warning: shown once, and saved anyway only when confirmed."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from wtforms import BooleanField

from ..forms_common import Form
from ..lazy_text import _l
from ..localtime import to_utc
from ..models import Event, EventSession
from ..organise.permissions import can_see_event
from .clashes import Clash, find_clashes


class ClashConfirmForm(Form):
    """Part of the session form (which carries the CSRF token), so no token of its own."""

    class Meta:
        csrf = False

    confirm_clashes = BooleanField(_l("Save anyway: I know about these clashes"))


def unconfirmed_clashes(
    event: Event, details: Any, session: EventSession | None = None
) -> list[Clash]:
    """The clashes a session with these details would have, unless the organiser has already
    seen them and ticked "save anyway". `details` is organise.services.SessionDetails."""
    if ClashConfirmForm().confirm_clashes.data:
        return []
    zone = event.programme.zone
    return find_clashes(
        event,
        to_utc(details.day, details.starts_at, zone),
        to_utc(details.day, details.ends_at, zone),
        details.venue_name,
        details.joining_url,
        exclude_session_id=session.id if session is not None else None,
        can_see=lambda other: can_see_event(current_user, other),
    )
