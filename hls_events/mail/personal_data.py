"""The outbox's part of the register of personal data (hls_events/personal_data.py).

Emails to a person hold their address and name, and whatever the email was about: erasing
the account deletes them (a message a worker is sending at that moment is left to finish
rather than pulled from under it). Emails to other people may name them too (a notice to
the organisers, say): their name and address are struck out of those, which stay as the
other person's mail (those already sent lose their bodies as well, as old mail does).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, or_, select

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus, User
from ..personal_data import Holding

REMOVED = "[removed]"
# A message in one of these states will not be sent again: its body is no longer needed.
FINISHED = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED)
# Text columns of a message that may name someone.
_TEXT_COLUMNS = ("subject", "body_text", "body_html", "attachments", "last_error")


def messages_to(email: str) -> Any:
    """Messages addressed to ``email``, bare or as ``Name <email>``."""
    return or_(OutboxMessage.to_address == email, OutboxMessage.to_address.endswith(f"<{email}>"))


def _emails(user: User) -> list[dict[str, Any]]:
    # Subjects only: the bodies of sign-in emails held links that must not travel further.
    messages = db.session.scalars(
        select(OutboxMessage).where(messages_to(user.email)).order_by(OutboxMessage.created_at)
    )
    return [
        {
            "subject": message.subject,
            "status": str(message.status),
            "queued_at": message.created_at.isoformat(),
            "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        }
        for message in messages
    ]


def erase_body(message: OutboxMessage) -> None:
    """Keep who a message went to, what kind it was (subject and key) and when; drop what it
    said (for a message that will not be sent again)."""
    message.body_text = ""
    message.body_html = ""
    message.attachments = "[]"
    message.last_error = ""


def _full_name(user: User) -> str:
    """The name to look for in other people's mail: only a full name (two words or more), so
    that erasing "Sam" does not strike every other Sam out of everyone's email."""
    name = " ".join(user.name.split())
    return name if len(name.split(" ")) >= 2 else ""


def _patterns(user: User) -> list[re.Pattern[str]]:
    words = [user.email]
    if _full_name(user):
        words.append(_full_name(user))
    return [re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE) for word in words]


def _strike_out_of_others_mail(user: User) -> None:
    patterns = _patterns(user)
    mentions = or_(
        *(
            getattr(OutboxMessage, column).contains(word, autoescape=True)
            for column in _TEXT_COLUMNS
            for word in {user.email, _full_name(user)}
            if word
        )
    )
    for message in db.session.scalars(select(OutboxMessage).where(mentions)):
        if message.status in FINISHED:
            # Delivered or given up: only who, what kind (its key) and when are still needed,
            # and its subject may quote what the person wrote.
            erase_body(message)
            message.subject = REMOVED
        for column in _TEXT_COLUMNS:
            text = getattr(message, column) or ""
            for pattern in patterns:
                text = pattern.sub(REMOVED, text)
            setattr(message, column, text)


def erase_mail_of(user: User) -> None:
    """Delete the person's emails and strike them out of other people's, in the caller's
    transaction (no commit)."""
    db.session.execute(
        delete(OutboxMessage)
        .where(messages_to(user.email), OutboxMessage.status != OutboxStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    _strike_out_of_others_mail(user)


def _erase(user: User, _keep_published: bool) -> None:
    erase_mail_of(user)


HOLDINGS = (
    Holding(
        "outbox_messages",
        "to_address",
        "emails",
        "deleted; their name and address struck out of other people's emails",
        export=_emails,
        erase=_erase,
    ),
)
