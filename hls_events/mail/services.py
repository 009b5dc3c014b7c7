"""Queueing email inside the caller's transaction, so a rolled-back change sends nothing and a
committed one is never lost. Nothing here commits and nothing talks SMTP; the worker
(``flask --app hls_events worker``) delivers what is committed.

Each email is a template pair, ``templates/email/<name>.txt`` and, optionally, ``<name>.html``.
The subject is the ``{% block subject %}`` of the ``.txt`` template. Both templates extend
``email/base.txt`` and ``email/base.html``, which lay out ``{% block body %}`` and never print
the subject block; the rendered subject is passed to both bodies as ``subject``. For example::

    {% extends "email/base.txt" %}
    {% block subject %}You have a place at {{ event.title }}{% endblock %}
    {% block body %}
    Hello {{ person.name }},
    ...
    {% endblock %}

Rendering happens in the app context when the message is queued, so the message stores
exactly what will be sent (except for ``queue_written_later``, whose message the worker writes
just before sending it: see later.py); build links with ``hls_events.links.external_url`` (in a service)
or the ``external_url`` template global (in an email template): both take the site's address
from ``BASE_URL`` alone, so a worker with no request renders the same links.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import Insert, insert, select, update

from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE, force_zone, known_language
from ..models import OutboxMessage, OutboxStatus, User, utcnow
from .compose import (
    Attachment,
    calendar_attachment,
    email_address,
    encode_attachments,
    new_message_id,
)

if TYPE_CHECKING:
    from sqlalchemy import CursorResult, String, Table

__all__ = [
    "Attachment",
    "Email",
    "Later",
    "Recipient",
    "calendar_attachment",
    "cancel_pending",
    "queue_email",
    "queue_emails",
    "queue_written_later",
]

# Both columns are String(n), so their lengths are set.
SUBJECT_LENGTH = cast(int, cast("String", OutboxMessage.__table__.c.subject.type).length)
TO_LENGTH = cast(int, cast("String", OutboxMessage.__table__.c.to_address.type).length)


@dataclass(frozen=True)
class Recipient:
    """Who an email is for, with the language and own time zone to write it in.

    A caller that already holds the account passes one (``Recipient.of(user)``), so queueing
    looks nothing up: an email from the desk to 700 people would otherwise read 700 accounts.
    """

    address: str
    language: str = DEFAULT_LANGUAGE
    zone: str | None = None

    @classmethod
    def of(cls, user: User) -> Recipient:
        """The account's address, saved language (British English if none) and own zone."""
        return cls(user.email, known_language(user.language) or DEFAULT_LANGUAGE, user.timezone)


def queue_email(
    to: str | Recipient,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    attachments: Iterable[Attachment] = (),
    send_after: datetime | None = None,
    key: str | None = None,
    language: str | None = None,
) -> OutboxMessage:
    """Render ``templates/email/<template>`` and add it to the outbox in the current transaction.

    ``to`` is an address, whose account (if any) gives the language and time zone, or a
    ``Recipient`` carrying both, which saves that lookup. ``language``, when given, wins over
    either. ``send_after`` holds a message back until then (reminders). ``key`` names what the
    message is about, so that ``cancel_pending(key)`` can withdraw it if that thing changes.
    """
    if send_after is not None and send_after.tzinfo is None:
        raise ValueError("send_after must be timezone-aware")
    message = OutboxMessage(
        **_outbox_row(to, template, context, attachments, key, language),
        send_after=send_after or utcnow(),
    )
    db.session.add(message)
    return message


@dataclass(frozen=True)
class Email:
    """One of many emails from the same template: who it is for, what it says, its key."""

    to: Recipient
    context: Mapping[str, Any]
    key: str | None = None


def queue_emails(template: str, emails: Iterable[Email]) -> int:
    """Render many emails from ``templates/email/<template>``, each in its recipient's language
    and zone, and add them to the outbox in the current transaction in one statement: an email
    to 700 people is one INSERT, not 700. Returns how many were queued."""
    now = utcnow()
    rows = [
        {**_outbox_row(email.to, template, email.context, (), email.key, None), "send_after": now}
        for email in emails
    ]
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
    return len(rows)


def _outbox_row(
    to: str | Recipient,
    template: str,
    context: Mapping[str, Any] | None,
    attachments: Iterable[Attachment],
    key: str | None,
    language: str | None,
) -> dict[str, Any]:
    """The outbox columns of one rendered email, but for when it may be sent."""
    address = to.address if isinstance(to, Recipient) else to
    email_address(address)
    if len(address) > TO_LENGTH:
        raise ValueError(f"a recipient longer than {TO_LENGTH} characters cannot be stored")
    recipient = to if isinstance(to, Recipient) else Recipient(to, *recipient_settings(to))
    # In the recipient's language: the one named, else the one on their account; times also in
    # the recipient's own zone when they chose one.
    with force_locale(language or recipient.language), force_zone(recipient.zone):
        subject, body_text, body_html = render_email(template, context)
    return {
        "to_address": address,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "attachments": encode_attachments(attachments),
        "status": OutboxStatus.PENDING,
        "key": key,
        "attempts": 0,
        "last_error": "",
        "message_id": new_message_id(current_app.config.get("MAIL_SENDER")),
    }


def render_email(template: str, context: Mapping[str, Any] | None = None) -> tuple[str, str, str]:
    """Subject, text and HTML of ``templates/email/<template>``, in the current locale."""
    variables = dict(context or {})
    text_name = f"email/{template}.txt"
    subject = _render_subject(text_name, variables)
    variables["subject"] = subject
    body_text = render_template(text_name, **variables)
    body_html = _render_html(f"email/{template}.html", variables)
    return subject, body_text, body_html


@dataclass(frozen=True)
class Later:
    """One email for the mail worker to write when it sends it (see later.py): its kind, the
    key that can withdraw it, and when it may go (at once if None)."""

    kind: str
    key: str | None = None
    send_after: datetime | None = None


def queue_written_later(
    to: str, messages: Iterable[Later], *, registration_id: int, language: str | None
) -> None:
    """Queue emails to one person in the current transaction, for the mail worker to write
    when it sends them (see later.py): the request pays only for their rows, written in one
    INSERT built once per worker rather than as objects for the session to flush."""
    email_address(to)
    if len(to) > TO_LENGTH:
        raise ValueError(f"a recipient longer than {TO_LENGTH} characters cannot be stored")
    now = utcnow()
    language = known_language(language) or DEFAULT_LANGUAGE
    sender = current_app.config.get("MAIL_SENDER")
    rows = []
    for message in messages:
        if message.send_after is not None and message.send_after.tzinfo is None:
            raise ValueError("send_after must be timezone-aware")
        rows.append(
            {
                "to_address": to,
                "subject": "",
                "body_text": "",
                "body_html": "",
                "attachments": "[]",
                "status": OutboxStatus.PENDING,
                "key": message.key,
                "send_after": message.send_after or now,
                "attempts": 0,
                "last_error": "",
                "message_id": new_message_id(sender),
                "kind": message.kind,
                "registration_id": registration_id,
                "language": language,
            }
        )
    if rows:
        db.session.execute(_insert_outbox_row(), rows)


@functools.cache
def _insert_outbox_row() -> Insert:
    return insert(cast("Table", OutboxMessage.__table__))


def recipient_language(address: str) -> str:
    """The language saved on the account with this address; British English for anyone else."""
    return recipient_settings(address)[0]


def recipient_settings(address: str) -> tuple[str, str | None]:
    """The language and own time zone saved on the account with this address, if any."""
    saved = db.session.execute(
        select(User.language, User.timezone).where(User.email == address.strip().lower())
    ).first()
    if saved is None:
        return DEFAULT_LANGUAGE, None
    return known_language(saved.language) or DEFAULT_LANGUAGE, saved.timezone


def cancel_pending(key: str, *, prefix: bool = False) -> int:
    """Withdraw queued messages about ``key`` (or every key starting with it), in the current
    transaction. Returns how many were withdrawn.

    A message a worker has claimed but not yet sent is withdrawn too: the worker checks again
    just before sending.
    """
    matches_key = (
        OutboxMessage.key.startswith(key, autoescape=True) if prefix else (OutboxMessage.key == key)
    )
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(OutboxMessage)
            .where(
                matches_key,
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            )
            .values(status=OutboxStatus.CANCELLED, claimed_until=None),
            execution_options={"synchronize_session": "fetch"},
        ),
    )
    return result.rowcount


def _render_subject(name: str, variables: dict[str, Any]) -> str:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_template(name)
    block = template.blocks.get("subject")
    if block is None:
        raise LookupError(f"{name} has no {{% block subject %}}")
    block_variables = dict(variables)
    app.update_template_context(block_variables)
    rendered = "".join(block(template.new_context(block_variables)))
    # A header is one line: collapse the template's line breaks and indentation.
    subject = " ".join(rendered.split())
    if not subject:
        raise ValueError(f"{name} renders an empty subject")
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return subject


def _render_html(name: str, variables: dict[str, Any]) -> str:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return ""
    return render_template(name, **variables)
