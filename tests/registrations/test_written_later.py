"""A registration's confirmation is queued as one outbox row in the registration's own
transaction, recording what the mail worker needs; the worker writes the email and its
calendar file when it sends it (hls_events/mail/later.py)."""

from __future__ import annotations

import icalendar
import pytest
from sqlalchemy import delete, select
from sqlalchemy import event as sqlalchemy_event

from hls_events.extensions import db
from hls_events.models import OutboxMessage, OutboxStatus, Registration, User
from hls_events.registrations import first_registration
from hls_events.registrations.errors import RegistrationError


def _outbox(kind: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).one()


def test_the_confirmation_row_is_written_in_the_registrations_transaction(event, sign_up):
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.split("(")[0].strip())

    def committed(_conn) -> None:
        statements.append("COMMIT")

    engine = db.engine
    sqlalchemy_event.listen(engine, "before_cursor_execute", note)
    sqlalchemy_event.listen(engine, "commit", committed)
    try:
        outcome = sign_up(event, "ada@example.org")
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", note)
        sqlalchemy_event.remove(engine, "commit", committed)

    registration = statements.index("INSERT INTO registrations")
    outbox = statements.index("INSERT INTO outbox_messages")
    first, last = sorted((registration, outbox))
    # Both rows in one transaction: no commit between them, one after both.
    assert "COMMIT" not in statements[first:last]
    assert "COMMIT" in statements[last:]
    message = _outbox("registration_confirmed")
    assert (message.registration_id, message.to_address, message.language) == (
        outcome.registration_id,
        "ada@example.org",
        "en_GB",
    )
    assert message.key == f"registration:{outcome.registration_id}:registration_confirmed"
    # Nothing written yet: the request paid for the row alone.
    assert (message.subject, message.body_text, message.attachments) == ("", "", "[]")


def test_a_refused_registration_queues_nothing(event, sign_up, monkeypatch):
    queue = first_registration.queue_written_later

    def fail(*args, **kwargs):
        queue(*args, **kwargs)
        raise RegistrationError("stopped after the email was queued", "invalid")

    monkeypatch.setattr(first_registration, "queue_written_later", fail)
    with pytest.raises(RegistrationError):
        sign_up(event, "ada@example.org")
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert db.session.scalars(select(Registration)).all() == []


def test_the_worker_writes_the_email_and_its_calendar_file_when_it_sends(
    event, sign_up, deliver_outbox
):
    outcome = sign_up(event, "ada@example.org")
    [mail] = [m for m in deliver_outbox() if m.subject.startswith("You have a place")]
    assert mail.subject == "You have a place at Learning Circle"
    assert mail.to == "ada@example.org"
    assert "Learning Circle" in mail.text
    ics = mail.attachment("learning-circle.ics").get_content()
    [vevent] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith("Learning Circle")
    # What was sent is kept on the row: a retry would send the same email.
    message = _outbox("registration_confirmed")
    assert message.status == OutboxStatus.SENT
    assert message.subject == mail.subject
    assert "BEGIN:VEVENT" in message.attachments
    assert message.registration_id == outcome.registration_id


def test_the_waiting_list_email_is_written_later_in_the_language_on_the_account(
    event, sign_up, deliver_outbox
):
    for number in range(3):
        sign_up(event, f"placed{number}@example.org")
    deliver_outbox()
    db.session.add(User(email="bo@example.org", name="Bo", language="cy"))
    db.session.commit()
    sign_up(event, "bo@example.org")
    message = _outbox("registration_waitlisted")
    assert message.language == "cy"
    [mail] = deliver_outbox()
    assert mail.to == "bo@example.org"
    assert mail.subject == "Rydych chi ar y rhestr aros ar gyfer Learning Circle"  # in Welsh
    assert not mail.attachments


def test_a_registration_erased_before_sending_withdraws_its_email(event, sign_up, deliver_outbox):
    outcome = sign_up(event, "ada@example.org")
    db.session.execute(delete(Registration).where(Registration.id == outcome.registration_id))
    db.session.commit()
    assert [m for m in deliver_outbox() if m.subject.startswith("You have a place")] == []
    assert _outbox("registration_confirmed").status == OutboxStatus.CANCELLED
