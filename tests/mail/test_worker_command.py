"""``flask --app hls_events worker``, run as an operator would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from hls_events import PROJECT_ROOT, create_app
from hls_events.config import ConfigurationError
from hls_events.extensions import db
from hls_events.models import OutboxMessage, OutboxStatus, utcnow


def test_worker_once_delivers_what_is_due_and_says_so(runner, smtp_server, queue_test_email):
    queue_test_email("ada@example.org")
    queue_test_email("bo@example.org")
    queue_test_email("cy@example.org", send_after=utcnow() + timedelta(hours=2))

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Sent 2, will retry 0, failed 0." in result.output
    assert sorted(mail.to for mail in smtp_server.messages) == [
        "ada@example.org",
        "bo@example.org",
    ]


def test_worker_once_reports_failures(runner, smtp_server, queue_test_email):
    queue_test_email()
    smtp_server.stop()

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0
    assert "Sent 0, will retry 1, failed 0." in result.output
    assert "ConnectionRefusedError" in result.output


def test_worker_needs_a_sender_to_send_smtp(app, runner):
    app.config["MAIL_SENDER"] = None

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 2
    assert "MAIL_SENDER is not set" in result.output


def test_worker_loop_delivers_and_stops_cleanly_on_sigterm(
    app, smtp_server, queue_test_email, instance_path, tmp_path
):
    queue_test_email()
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HLS_INSTANCE_PATH": str(instance_path),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": str(smtp_server.port),
        "MAIL_SENDER": "HLS Events <events@hls.example.org>",
        "PYTHONUNBUFFERED": "1",
    }
    stdout_path, stderr_path = tmp_path / "stdout", tmp_path / "stderr"
    with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "hls_events", "worker", "--interval", "0.2"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while "Sent 1" not in stdout_path.read_text() and worker.poll() is None:
            assert time.monotonic() < deadline, stderr_path.read_text()[-3000:]
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    output = stdout_path.read_text()
    assert worker.returncode == 0, stderr_path.read_text()[-3000:]
    assert "Delivering the outbox by smtp" in output
    assert "Sent 1, will retry 0, failed 0." in output
    assert output.rstrip().endswith("Worker stopped.")
    assert len(smtp_server.messages) == 1
    [status] = db.session.scalars(select(OutboxMessage.status))
    assert status == OutboxStatus.SENT


def test_settings_default_to_files_in_development_and_smtp_in_production(monkeypatch, tmp_path):
    for name in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_SENDER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HLS_ENV", "development")
    development = create_app({"INSTANCE_PATH": str(tmp_path)}).config
    assert development["MAIL_BACKEND"] == "file"
    assert development["MAIL_FOLDER"] == str(tmp_path / "mail")

    monkeypatch.setenv("HLS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    production = create_app({"INSTANCE_PATH": str(tmp_path)}).config
    assert production["MAIL_BACKEND"] == "smtp"
    assert (production["MAIL_SERVER"], production["MAIL_PORT"]) == ("smtp.example.org", 587)
    assert production["MAIL_USE_TLS"] is True
    assert production["MAIL_SENDER"] is None


def test_contradictory_mail_settings_stop_the_app_starting(tmp_path):
    with pytest.raises(ConfigurationError, match="not both"):
        create_app({"INSTANCE_PATH": str(tmp_path), "MAIL_USE_TLS": True, "MAIL_USE_SSL": True})
    with pytest.raises(ConfigurationError, match="MAIL_BACKEND"):
        create_app({"INSTANCE_PATH": str(tmp_path), "MAIL_BACKEND": "pigeon"})
