"""Delivering the outbox: claim what is due, send each message once, record what happened.

Several workers may run at once. A claim selects a batch of due messages, then moves them
to "sending" with a lease (``claimed_until``) and commits. On PostgreSQL the SELECT takes row
locks with SKIP LOCKED, so workers pass over each other's rows instead of waiting. SQLite has
no row locks, so the UPDATE repeats the "is it due?" test and returns only the rows it changed;
SQLite has a single writer, so of two racing workers the second finds the rows already taken.
A worker that dies mid-send leaves its messages "sending"; once the lease has run out, another
worker claims them again.

Attempts are counted when a message is claimed, so a message that crashes its worker every
time still runs out of attempts instead of being retried forever.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus, utcnow
from .compose import compose, decode_attachments
from .later import needs_writing, write_now
from .transports import Transport, transport_from_config

ERROR_LENGTH = 2000


@dataclass
class DeliveryReport:
    """What one round of delivery did; ``retrying`` messages will be tried again later."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    withdrawn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return self.sent + self.retrying + self.failed + self.withdrawn

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.withdrawn += other.withdrawn
        self.errors.extend(other.errors)


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... never more than max_seconds."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), max_seconds))


def claim_due(limit: int, *, now: datetime | None = None) -> list[int]:
    """Claim up to ``limit`` due messages for this worker and commit; returns their ids."""
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    due = or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.send_after <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until < now),
    )
    candidates = db.session.scalars(
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.send_after, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL only
    ).all()
    if not candidates:
        db.session.commit()
        return []
    claimed = db.session.execute(
        update(OutboxMessage)
        # ``due`` again: on SQLite another worker may have claimed a candidate since the SELECT.
        .where(OutboxMessage.id.in_(candidates), due)
        .values(
            status=OutboxStatus.SENDING,
            claimed_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id),
        execution_options={"synchronize_session": False},
    )
    ids = sorted(claimed.scalars())
    db.session.commit()
    return ids


def deliver_due(
    *,
    limit: int | None = None,
    transport: Transport | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Claim one batch of due messages and try each once. Commits as it goes."""
    ids = claim_due(limit or current_app.config["MAIL_BATCH_SIZE"])
    if not ids:
        return DeliveryReport()
    return deliver_claimed(ids, transport=transport, should_stop=should_stop)


def deliver_claimed(
    ids: Sequence[int],
    *,
    transport: Transport | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Try each message this worker has claimed once; if asked to stop, hand the rest back."""
    report = DeliveryReport()
    own_transport = transport is None
    transport = transport or transport_from_config(current_app.config)
    try:
        for position, outbox_id in enumerate(ids):
            if should_stop():
                release(ids[position:])
                break
            _deliver_one(outbox_id, transport, report)
    finally:
        if own_transport:
            transport.close()
    return report


def deliver_all_due(*, should_stop: Callable[[], bool] = lambda: False) -> DeliveryReport:
    """Deliver batches until nothing is due. Messages that fail are rescheduled for later,
    so this ends even while the mail server is down."""
    total = DeliveryReport()
    transport = transport_from_config(current_app.config)
    try:
        while not should_stop():
            report = deliver_due(transport=transport, should_stop=should_stop)
            total.add(report)
            if not report.claimed:
                break
    finally:
        transport.close()
    return total


def release(ids: Sequence[int]) -> None:
    """Hand claimed but untried messages back, for this or another worker to take at once."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING)
        .values(
            status=OutboxStatus.PENDING,
            claimed_until=None,
            attempts=OutboxMessage.attempts - 1,
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _deliver_one(outbox_id: int, transport: Transport, report: DeliveryReport) -> None:
    config = current_app.config
    message = db.session.get(OutboxMessage, outbox_id, populate_existing=True)
    if message is None or message.status != OutboxStatus.SENDING:
        # Cancelled after it was claimed.
        db.session.commit()
        report.withdrawn += 1
        return
    attempts = message.attempts
    if attempts > config["MAIL_MAX_ATTEMPTS"]:
        # Only reachable when workers died while holding it: do not try once more.
        _record_failure(outbox_id, attempts, "gave up: workers stopped while sending", report)
        return
    try:
        if needs_writing(message):
            # Written once, with the claim held, and stored: a retry sends the same email.
            if not write_now(message):
                _withdraw(outbox_id, report)
                return
            db.session.flush()
        email = compose(
            sender=config["MAIL_SENDER"],
            to=message.to_address,
            subject=message.subject,
            text=message.body_text,
            html=message.body_html,
            attachments=decode_attachments(message.attachments),
            message_id=message.message_id,
            date=utcnow(),
            policy=transport.policy,
        )
        # End the read before talking to the mail server: no transaction stays open meanwhile.
        db.session.commit()
        transport.send(email, outbox_id)
    except Exception as error:
        db.session.rollback()
        current_app.logger.warning("Outbox message %s not sent: %s", outbox_id, error)
        _record_failure(
            outbox_id, attempts, _describe(error), report, permanent=_is_permanent(error)
        )
        return
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(status=OutboxStatus.SENT, sent_at=utcnow(), claimed_until=None, last_error=""),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    report.sent += 1


def _withdraw(outbox_id: int, report: DeliveryReport) -> None:
    """Nothing left to write (the registration was erased): cancel instead of sending."""
    db.session.rollback()
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.CANCELLED, claimed_until=None),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    report.withdrawn += 1


def _record_failure(
    outbox_id: int,
    attempts: int,
    error: str,
    report: DeliveryReport,
    *,
    permanent: bool = False,
) -> None:
    config = current_app.config
    values: dict[str, object] = {"claimed_until": None, "last_error": error[:ERROR_LENGTH]}
    if permanent or attempts >= config["MAIL_MAX_ATTEMPTS"]:
        values["status"] = OutboxStatus.FAILED
        report.failed += 1
    else:
        values["status"] = OutboxStatus.PENDING
        values["send_after"] = utcnow() + retry_delay(
            attempts,
            base_seconds=config["MAIL_RETRY_SECONDS"],
            max_seconds=config["MAIL_RETRY_MAX_SECONDS"],
        )
        report.retrying += 1
    report.errors.append(f"message {outbox_id}: {error}")
    db.session.execute(
        update(OutboxMessage)
        # If it was cancelled while we tried, it stays cancelled.
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(**values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _is_permanent(error: Exception) -> bool:
    """A recipient the server refuses outright will be refused again: do not retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return False


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
