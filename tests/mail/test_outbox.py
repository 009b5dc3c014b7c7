from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from hls_events.extensions import db
from hls_events.mail.delivery import (
    claim_due,
    deliver_all_due,
    deliver_claimed,
    deliver_due,
    retry_delay,
)
from hls_events.mail.services import (
    Attachment,
    calendar_attachment,
    cancel_pending,
    queue_email,
)
from hls_events.models import OutboxMessage, OutboxStatus, utcnow
from tests.factories import make_user

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HLS Events//EN\r\nMETHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\nUID:session-1@hls-events\r\nDTSTAMP:20300101T090000Z\r\n"
    "DTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\nSUMMARY:Learning Circle\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
PDF = b"%PDF-1.4\n\x00\xff binary bytes survive the outbox\n%%EOF\n"


def make_due(*ids: int) -> None:
    """Time passes: whatever was rescheduled is due now."""
    condition = OutboxMessage.id.in_(ids) if ids else True
    db.session.execute(
        update(OutboxMessage).where(condition).values(send_after=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def stored(message: OutboxMessage) -> OutboxMessage:
    db.session.refresh(message)
    return message


def test_committed_change_delivers_one_message_with_text_html_and_attachment(
    deliver_outbox, smtp_server
):
    user = make_user("ada@example.org", name="Ada")
    message = queue_email(
        user.email,
        "outbox_test",
        {"name": user.name, "event_title": "Learning Circle"},
        attachments=[
            calendar_attachment(ICS, "learning-circle.ics"),
            Attachment("notes.pdf", PDF, "application/pdf"),
        ],
    )
    db.session.commit()

    [mail] = deliver_outbox()

    assert mail.envelope_to == ["ada@example.org"]
    assert mail.envelope_from == "events@hls.example.org"
    assert mail.to == "ada@example.org"
    assert mail.subject == "Your place at Learning Circle"
    assert mail.message_id == message.message_id
    assert "Hello Ada," in mail.text
    assert mail.links == ["http://localhost/healthz", "http://localhost/"]
    assert mail.html is not None
    assert "<strong>Learning Circle</strong>" in mail.html
    assert "<title>Your place at Learning Circle</title>" in mail.html
    invite = mail.attachment("learning-circle.ics")
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "PUBLISH"
    assert invite.get_content_charset() == "utf-8"
    assert str(invite["Content-Type"]).startswith("text/calendar; method=")
    assert "SUMMARY:Learning Circle" in invite.get_content()
    notes = mail.attachment("notes.pdf")
    assert notes.get_content_type() == "application/pdf"
    assert notes.get_content() == PDF
    assert stored(message).status == OutboxStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert deliver_outbox() == []
    assert len(smtp_server.messages) == 1


def test_links_open_with_the_test_client(client, deliver_outbox, queue_test_email):
    queue_test_email()

    [mail] = deliver_outbox()

    assert client.get(mail.link("/healthz")).json == {"status": "ok", "database": "ok"}


def test_rolled_back_change_sends_nothing(deliver_outbox):
    make_user("ada@example.org")
    queue_email("ada@example.org", "outbox_test", {"name": "Ada", "event_title": "Circle"})
    db.session.flush()
    db.session.rollback()

    assert deliver_outbox() == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_text_only_template_sends_a_single_plain_part(deliver_outbox):
    queue_email("ada@example.org", "text_only", {"name": "Ada"})
    db.session.commit()

    [mail] = deliver_outbox()

    assert mail.subject == "A note for Ada"
    assert not mail.message.is_multipart()
    assert mail.html is None
    assert "Just text, for Ada." in mail.text


def test_long_subject_is_shortened_to_fit(app):
    message = queue_email("ada@example.org", "text_only", {"name": "Ada " * 100})

    assert 290 < len(message.subject) <= 300
    assert message.subject.endswith("…")


def test_queueing_refuses_what_could_never_be_sent(app):
    with pytest.raises(ValueError, match="not an email address"):
        queue_email("nobody", "text_only", {"name": "Ada"})
    with pytest.raises(ValueError, match="line break"):
        queue_email("ada@example.org\nBcc: eve@example.org", "text_only", {"name": "Ada"})
    with pytest.raises(ValueError, match="timezone-aware"):
        queue_email(
            "ada@example.org",
            "text_only",
            {"name": "Ada"},
            send_after=utcnow().replace(tzinfo=None),
        )


def test_server_down_reschedules_with_backoff_then_delivers_once(
    app, deliver_outbox, smtp_server, queue_test_email
):
    message = queue_test_email()
    smtp_server.stop()

    report = deliver_all_due()

    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    stored(message)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.claimed_until is None
    assert message.send_after > utcnow() + timedelta(seconds=50)

    smtp_server.start()
    assert deliver_outbox() == [], "not due again until the backoff has passed"
    make_due()
    [mail] = deliver_outbox()

    assert mail.message_id == message.message_id, "a retry keeps its Message-ID"
    assert stored(message).status == OutboxStatus.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert deliver_outbox() == []
    assert len(smtp_server.messages) == 1


def test_gives_up_after_max_attempts(app, smtp_server, queue_test_email):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    message = queue_test_email()
    smtp_server.stop()

    for _ in range(2):
        assert deliver_all_due().retrying == 1
        make_due()
    assert deliver_all_due().failed == 1

    assert stored(message).status == OutboxStatus.FAILED
    assert message.attempts == 3
    smtp_server.start()
    make_due()
    assert deliver_all_due().claimed == 0
    assert smtp_server.messages == []


def test_backoff_doubles_and_is_capped():
    delays = [retry_delay(n, base_seconds=60, max_seconds=3600) for n in range(1, 9)]

    assert [int(delay.total_seconds() // 60) for delay in delays] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_refused_recipient_fails_at_once(app, smtp_server, queue_test_email):
    smtp_server.refused.add("gone@example.org")
    message = queue_test_email("gone@example.org")

    report = deliver_all_due()

    assert report.failed == 1
    assert stored(message).status == OutboxStatus.FAILED
    assert message.attempts == 1
    assert "550" in message.last_error


def test_message_is_held_until_send_after(deliver_outbox, queue_test_email):
    reminder = queue_test_email(send_after=utcnow() + timedelta(hours=1))

    assert deliver_outbox() == []
    assert stored(reminder).status == OutboxStatus.PENDING
    assert reminder.attempts == 0

    make_due(reminder.id)
    assert len(deliver_outbox()) == 1


def test_cancel_pending_withdraws_queued_messages_by_key(deliver_outbox, queue_test_email):
    later = utcnow() + timedelta(days=1)
    queue_test_email("ada@example.org", key="reminder:session:1:registration:1", send_after=later)
    queue_test_email("bo@example.org", key="reminder:session:1:registration:2", send_after=later)
    queue_test_email("cy@example.org", key="reminder:session:10:registration:3", send_after=later)
    queue_test_email("di@example.org", key="confirmation:registration:4")

    assert cancel_pending("confirmation:registration:4") == 1
    assert cancel_pending("reminder:session:1:", prefix=True) == 2
    db.session.commit()
    make_due()

    [mail] = deliver_outbox()
    assert mail.to == "cy@example.org"
    statuses = db.session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id))
    assert list(statuses) == [OutboxStatus.CANCELLED] * 2 + [OutboxStatus.SENT] + [
        OutboxStatus.CANCELLED
    ]
    assert cancel_pending("reminder:session:10:registration:3") == 0, "sent stays sent"


def test_cancelling_in_the_same_transaction_as_queueing(deliver_outbox):
    queue_email("ada@example.org", "text_only", {"name": "Ada"}, key="welcome:1")
    assert cancel_pending("welcome:1") == 1
    db.session.commit()

    assert deliver_outbox() == []


def test_message_cancelled_after_a_worker_claimed_it_is_not_sent(
    app, smtp_server, queue_test_email
):
    message = queue_test_email(key="reminder:registration:7")
    claimed = claim_due(10)
    assert claimed == [message.id]

    assert cancel_pending("reminder:registration:7") == 1
    db.session.commit()
    report = deliver_claimed(claimed)

    assert report.withdrawn == 1
    assert stored(message).status == OutboxStatus.CANCELLED
    assert smtp_server.messages == []


def test_expired_lease_is_reclaimed_and_a_live_one_left_alone(
    deliver_outbox, smtp_server, queue_test_email
):
    crashed = queue_test_email("ada@example.org")
    busy = queue_test_email("bo@example.org")
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == crashed.id)
        .values(status=OutboxStatus.SENDING, attempts=1, claimed_until=utcnow() - timedelta(1))
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == busy.id)
        .values(status=OutboxStatus.SENDING, attempts=1, claimed_until=utcnow() + timedelta(1))
    )
    db.session.commit()

    [mail] = deliver_outbox()

    assert mail.to == "ada@example.org"
    assert stored(crashed).status == OutboxStatus.SENT
    assert crashed.attempts == 2
    assert stored(busy).status == OutboxStatus.SENDING


def test_message_whose_workers_keep_dying_is_given_up(app, smtp_server, queue_test_email):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    message = queue_test_email()
    db.session.execute(
        update(OutboxMessage).values(
            status=OutboxStatus.SENDING, attempts=2, claimed_until=utcnow() - timedelta(1)
        )
    )
    db.session.commit()

    assert deliver_all_due().failed == 1
    assert stored(message).status == OutboxStatus.FAILED
    assert "gave up" in message.last_error
    assert smtp_server.messages == []


def test_stopping_hands_back_the_rest_of_the_batch(app, smtp_server, queue_test_email):
    messages = [queue_test_email(f"person{n}@example.org") for n in range(3)]
    sent: list[int] = []

    def stop_after_first() -> bool:
        sent.append(1)
        return len(sent) > 1

    report = deliver_due(should_stop=stop_after_first)

    assert report.sent == 1
    assert len(smtp_server.messages) == 1
    rest = [stored(message) for message in messages[1:]]
    assert [message.status for message in rest] == [OutboxStatus.PENDING] * 2
    assert [message.attempts for message in rest] == [0, 0]
    assert deliver_all_due().sent == 2


def test_an_email_queued_with_no_request_and_no_server_name_links_to_base_url(app):
    """The worker and the CLI queue email with no request: links come from BASE_URL alone."""
    app.config["SERVER_NAME"] = None
    app.config["BASE_URL"] = "https://events.example.org"
    message = queue_email(
        "ada@example.org", "outbox_test", {"name": "Ada", "event_title": "Learning Circle"}
    )
    assert "https://events.example.org/healthz" in message.body_text
    assert 'href="https://events.example.org/"' in message.body_html
    db.session.rollback()
