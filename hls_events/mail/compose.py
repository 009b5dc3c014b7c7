"""Turning a queued message into an RFC 5322 email. No Flask here, so the worker and tests
can build exactly what goes on the wire."""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email import policy as email_policy
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime, make_msgid, parseaddr
from typing import cast

# What goes over SMTP: CRLF line ends and no raw 8-bit bodies, so any server accepts it.
SMTP_POLICY = email_policy.SMTP.clone(cte_type="7bit")


@dataclass(frozen=True)
class Attachment:
    """A file attached to an email. Text content stays readable in the outbox table."""

    filename: str
    content: bytes | str
    content_type: str = "application/octet-stream"

    def to_json(self) -> dict[str, str]:
        if isinstance(self.content, str):
            encoding, content = "text", self.content
        else:
            encoding, content = "base64", base64.b64encode(self.content).decode("ascii")
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "encoding": encoding,
            "content": content,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Attachment:
        content: bytes | str = data["content"]
        if data.get("encoding") == "base64":
            content = base64.b64decode(data["content"])
        return cls(data["filename"], content, data["content_type"])


def calendar_attachment(
    ics: bytes | str, filename: str = "invite.ics", method: str = "PUBLISH"
) -> Attachment:
    """An iCalendar file that mail clients offer to add to a calendar.

    ``method`` must match the METHOD property inside the document.
    """
    text = ics.decode("utf-8") if isinstance(ics, bytes) else ics
    return Attachment(filename, text, f"text/calendar; method={method}; charset=utf-8")


def encode_attachments(attachments: Iterable[Attachment]) -> str:
    return json.dumps([attachment.to_json() for attachment in attachments])


def decode_attachments(stored: str) -> list[Attachment]:
    return [Attachment.from_json(item) for item in json.loads(stored or "[]")]


def email_address(value: str) -> str:
    """The bare address in "Name <address>" or "address"; ValueError if there is none."""
    if "\r" in value or "\n" in value:
        raise ValueError("an email address cannot contain a line break")
    address = parseaddr(value)[1]
    if "@" not in address:
        raise ValueError(f"not an email address: {value!r}")
    return address


def new_message_id(sender: str | None) -> str:
    """A Message-ID in the sender's domain, fixed at queue time so retries keep it."""
    return make_msgid(domain=_domain_of(sender))


@functools.lru_cache(maxsize=16)
def _domain_of(sender: str | None) -> str:
    # The sender is the site's setting: parsed once per worker, not for every message queued.
    return email_address(sender).rpartition("@")[2] if sender else "localhost"


def compose(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[Attachment] = (),
    message_id: str,
    date: datetime,
    policy: Policy = SMTP_POLICY,
) -> EmailMessage:
    """Plain text first, HTML as its alternative, then any attachments."""
    message = EmailMessage(policy=policy)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        _attach(message, attachment)
    return message


def _attach(message: EmailMessage, attachment: Attachment) -> None:
    content_type = email_policy.default.header_factory("content-type", attachment.content_type)
    params = dict(content_type.params)
    content = attachment.content
    if isinstance(content, str) and content_type.maintype == "text":
        charset = params.pop("charset", "utf-8")
        message.add_attachment(
            content, subtype=content_type.subtype, charset=charset, filename=attachment.filename
        )
        # Keep the parameters in the order given: "text/calendar; method=PUBLISH; charset=utf-8".
        value = "; ".join(
            [content_type.content_type, *(f"{name}={value}" for name, value in params.items())]
        )
        part = cast("list[EmailMessage]", message.get_payload())[-1]
        part.replace_header("Content-Type", f"{value}; charset={charset}")
        return
    if isinstance(content, str):
        content = content.encode("utf-8")
    message.add_attachment(
        content,
        maintype=content_type.maintype,
        subtype=content_type.subtype,
        filename=attachment.filename,
        params=params,
    )
