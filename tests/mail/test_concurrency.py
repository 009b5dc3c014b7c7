"""Several workers at once must never send a message twice, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from hls_events import PROJECT_ROOT
from hls_events.extensions import db
from hls_events.mail.delivery import DeliveryReport, deliver_due
from hls_events.mail.services import queue_email
from hls_events.models import OutboxMessage, OutboxStatus


def queue_many(count: int) -> list[str]:
    messages = [
        queue_email(
            f"person{number}@example.org",
            "outbox_test",
            {"name": f"Person {number}", "event_title": "Learning Circle"},
        )
        for number in range(count)
    ]
    db.session.commit()
    return [message.message_id for message in messages]


def assert_each_delivered_once(smtp_server, message_ids: list[str]) -> None:
    received = Counter(mail.message_id for mail in smtp_server.messages)
    assert sorted(received) == sorted(message_ids)
    assert set(received.values()) == {1}, [key for key, seen in received.items() if seen > 1]
    statuses = db.session.scalars(select(OutboxMessage.status))
    assert set(statuses) == {OutboxStatus.SENT}


def test_worker_threads_claiming_at_once_deliver_each_message_exactly_once(app, smtp_server):
    app.config["MAIL_BATCH_SIZE"] = 3
    message_ids = queue_many(50)
    workers = 6
    start = threading.Barrier(workers)
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                start.wait()
                while (report := deliver_due()).claimed:
                    reports.append(report)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(report.sent for report in reports) == 50
    assert all(report.claimed <= 3 for report in reports), "a worker takes one batch at a time"
    assert len(reports) >= 17
    assert_each_delivered_once(smtp_server, message_ids)


def test_worker_processes_deliver_each_message_exactly_once(app, smtp_server, instance_path: Path):
    message_ids = queue_many(40)
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HLS_INSTANCE_PATH": str(instance_path),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": str(smtp_server.port),
        "MAIL_SENDER": "HLS Events <events@hls.example.org>",
        "MAIL_BATCH_SIZE": "2",
    }
    command = [sys.executable, "-m", "flask", "--app", "hls_events", "worker", "--once"]
    processes = [
        subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    sent = [int(stdout.split()[1].rstrip(",")) for stdout, _ in outputs]
    assert sum(sent) == 40
    assert_each_delivered_once(smtp_server, message_ids)
