"""Emails the mail worker writes when it sends them, rather than the request that queues them.

A registration's confirmation is most of what registering costs if it is rendered in the
request (two templates and a calendar file). So the request queues a row that records only
what is needed, in its own transaction (``queue_written_later``): the recipient, the kind of
email, the registration it is about and the language. The worker, holding the message's claim,
calls the kind's writer, stores what it wrote on the row (so a retry sends the same email and
the outbox shows what went) and sends it.

Reminders go the same way: each is a row with its time to send, written when it is due.

Writers are registered by the area that owns the email (``registers_writer``), so the mail
area knows nothing of registrations. A writer returns None when there is nothing left to say,
such as a registration erased since: the message is then withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale

from ..i18n import DEFAULT_LANGUAGE
from ..models import OutboxMessage
from .compose import Attachment, encode_attachments


@dataclass(frozen=True)
class Written:
    subject: str
    body_text: str
    body_html: str
    attachments: list[Attachment]


Writer = Callable[[OutboxMessage], Written | None]
_writers: dict[str, Writer] = {}


def registers_writer(kind: str) -> Callable[[Writer], Writer]:
    """Decorate the function that writes emails of ``kind`` from their outbox row."""

    def decorate(writer: Writer) -> Writer:
        _writers[kind] = writer
        return writer

    return decorate


def needs_writing(message: OutboxMessage) -> bool:
    return message.kind is not None and not message.body_text


def write_now(message: OutboxMessage) -> bool:
    """Write ``message`` onto its row in the current transaction; False if it has nothing left
    to say (the caller withdraws it). LookupError for a kind no writer is registered for."""
    writer = _writers.get(message.kind or "")
    if writer is None:
        raise LookupError(f"no writer for emails of kind {message.kind!r}")
    with force_locale(message.language or DEFAULT_LANGUAGE):
        written = writer(message)
    if written is None:
        return False
    message.subject = written.subject
    message.body_text = written.body_text
    message.body_html = written.body_html
    message.attachments = encode_attachments(written.attachments)
    return True
