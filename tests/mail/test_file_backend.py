"""Development: the worker writes each message to instance/mail/ instead of sending it."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from hls_events.extensions import db
from hls_events.mail.delivery import deliver_all_due
from hls_events.mail.services import calendar_attachment, queue_email
from hls_events.models import OutboxMessage, OutboxStatus
from tests.mail.test_outbox import ICS


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"MAIL_BACKEND": "file", "INSTANCE_PATH": str(tmp_path / "instance")}


def test_file_backend_writes_one_readable_file_per_message(app, tmp_path):
    first = queue_email(
        "ada@example.org",
        "outbox_test",
        {"name": "Zoë", "event_title": "Learning Circle"},
        attachments=[calendar_attachment(ICS)],
    )
    queue_email("bo@example.org", "text_only", {"name": "Bo"})
    db.session.commit()

    assert deliver_all_due().sent == 2

    folder = tmp_path / "instance" / "mail"
    assert app.config["MAIL_FOLDER"] == str(folder)
    files = sorted(folder.iterdir())
    assert [path.suffix for path in files] == [".eml", ".eml"]
    assert files[0].name.endswith(f"-{first.id:06d}.eml")
    readable = files[0].read_text("utf-8")
    assert "Subject: Your place at Learning Circle" in readable
    assert "Hello Zoë," in readable, "the text part is written as it reads, not encoded"
    parsed = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["invite.ics"]
    assert {message.status for message in db.session.scalars(db.select(OutboxMessage))} == {
        OutboxStatus.SENT
    }


def test_development_mail_files_keep_crlf_in_calendar_attachments(app, tmp_path):
    queue_email(
        "ada@example.org",
        "outbox_test",
        {"name": "Ada", "event_title": "Learning Circle"},
        attachments=[calendar_attachment(ICS)],
    )
    db.session.commit()
    assert deliver_all_due().sent == 1

    [written] = (tmp_path / "instance" / "mail").iterdir()
    parsed = BytesParser(policy=policy.default).parsebytes(written.read_bytes())
    [attachment] = parsed.iter_attachments()
    body = attachment.get_payload(decode=True)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "every line of the attachment ends in CRLF"
