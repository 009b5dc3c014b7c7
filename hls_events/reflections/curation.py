"""Curating the practice record: an organiser features an entry, or hides it with a reason its
author is shown, or undoes either."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import cast

from ..extensions import db
from ..models import Reflection, WriteUp, utcnow
from ..service_errors import Reason
from ..translation import gettext
from .entries import EntryKind
from .errors import ReflectionError
from .search import clean_text
from .visibility import Reader, may_curate

MAX_REASON = 500


class CurateAction(enum.StrEnum):
    FEATURE = "feature"
    UNFEATURE = "unfeature"
    HIDE = "hide"
    SHOW = "show"


def curate(
    kind: EntryKind,
    entry_id: int,
    reader: Reader,
    action: CurateAction,
    reason: str = "",
    *,
    now: datetime | None = None,
) -> None:
    """Feature an entry, or hide it with a reason its author is shown, or undo either.

    For the organisers of the entry's programme (the route checks too; this is the guard)."""
    model = Reflection if kind == EntryKind.REFLECTION else WriteUp
    entry = cast("Reflection | WriteUp | None", db.session.get(model, entry_id))
    if entry is None:
        raise ReflectionError(gettext("There is no such entry."), reason=Reason.NOT_FOUND)
    if not may_curate(reader, entry.programme_id):
        raise ReflectionError(
            gettext("Only the programme's organisers can do that."), reason=Reason.FORBIDDEN
        )
    now = now or utcnow()
    if action == CurateAction.FEATURE:
        entry.featured = True
    elif action == CurateAction.UNFEATURE:
        entry.featured = False
    elif action == CurateAction.HIDE:
        reason = clean_text(reason or "").strip()
        if not reason:
            raise ReflectionError(
                gettext("Say why it is hidden: its author is shown the reason."), field="reason"
            )
        if len(reason) > MAX_REASON:
            raise ReflectionError(
                gettext("Keep the reason to %(count)s characters or fewer.", count=MAX_REASON),
                field="reason",
            )
        entry.hidden_at = now
        entry.hidden_reason = reason
        entry.hidden_by_id = reader.user_id
        entry.featured = False
    elif action == CurateAction.SHOW:
        entry.hidden_at = None
        entry.hidden_reason = ""
        entry.hidden_by_id = None
    db.session.commit()
