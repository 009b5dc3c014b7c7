"""A speaker's write-up of their session: written, changed, published, unpublished, deleted.
Each use case takes plain values, works in one transaction and commits once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import WriteUp, WriteUpStatus, utcnow
from ..service_errors import Reason
from ..translation import gettext
from .eligibility import check_may_write_up, load_event
from .errors import ReflectionError
from .queries import own_write_up
from .search import clean_text

MAX_TITLE = 200
MAX_WRITE_UP = 30_000
MAX_URL = 500


@dataclass(frozen=True)
class WriteUpDraft:
    title: str
    body: str
    slides_url: str = ""
    recording_url: str = ""


class WriteUpAction(enum.StrEnum):
    SAVE = "save"  # keep it as it is: a draft stays a draft, a published one stays published
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


def _web_link(value: str, field: str) -> str:
    value = clean_text(value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReflectionError(
            gettext("Enter a web address starting with https:// (or http://)."), field=field
        )
    if len(value) > MAX_URL:
        raise ReflectionError(
            gettext("Keep the address to %(count)s characters or fewer.", count=MAX_URL),
            field=field,
        )
    return value


def save_write_up(
    event_id: int,
    user_id: int,
    draft: WriteUpDraft,
    action: WriteUpAction = WriteUpAction.SAVE,
    *,
    now: datetime | None = None,
) -> int:
    """Write, change, publish or unpublish the person's write-up of the event."""
    now = now or utcnow()
    event = load_event(event_id)
    speaker = check_may_write_up(event, user_id)
    title = clean_text(draft.title or "").strip()
    body = clean_text(draft.body or "").strip()
    if not title:
        raise ReflectionError(gettext("Give your write-up a title."), field="title")
    if len(title) > MAX_TITLE:
        raise ReflectionError(
            gettext("Keep the title to %(count)s characters or fewer.", count=MAX_TITLE),
            field="title",
        )
    if not body:
        raise ReflectionError(gettext("Write something about your session."), field="body")
    if len(body) > MAX_WRITE_UP:
        raise ReflectionError(
            gettext(
                "Keep the write-up to %(most)s characters or fewer (it has %(count)s).",
                most=f"{MAX_WRITE_UP:,}",
                count=f"{len(body):,}",
            ),
            field="body",
        )
    slides_url = _web_link(draft.slides_url, "slides_url")
    recording_url = _web_link(draft.recording_url, "recording_url")

    write_up = db.session.scalar(
        select(WriteUp).where(WriteUp.event_id == event.id, WriteUp.speaker_id == speaker.id)
    )
    if write_up is None:
        write_up = WriteUp(
            programme_id=event.programme_id,
            event_id=event.id,
            speaker_id=speaker.id,
            status=WriteUpStatus.DRAFT,
            featured=False,
            hidden_reason="",
            created_at=now,
        )
        db.session.add(write_up)
    write_up.title = title
    write_up.body = body
    write_up.slides_url = slides_url
    write_up.recording_url = recording_url
    write_up.updated_at = now
    if action == WriteUpAction.PUBLISH:
        if write_up.status != WriteUpStatus.PUBLISHED:
            write_up.published_at = now
        write_up.status = WriteUpStatus.PUBLISHED
    elif action == WriteUpAction.UNPUBLISH:
        write_up.status = WriteUpStatus.DRAFT
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ReflectionError(
            gettext(
                "Your write-up was saved from another window at the same moment. "
                "Open it again to make your changes."
            ),
        ) from None
    return write_up.id


def delete_write_up(event_id: int, user_id: int) -> None:
    write_up = own_write_up(event_id, user_id)
    if write_up is None:
        raise ReflectionError(
            gettext("You have no write-up of this event."), reason=Reason.NOT_FOUND
        )
    db.session.delete(write_up)
    db.session.commit()
