"""A real SMTP server on loopback (aiosmtpd) that the app's outbox worker delivers to.

Loaded as a pytest plugin from tests/conftest.py. To send a test module's mail there::

    @pytest.fixture
    def app_config(mail_app_config):
        return mail_app_config            # or {**mail_app_config, "OTHER": "setting"}

    def test_confirmation_has_a_link(client, deliver_outbox):
        ...                                # do what queues the email, and commit
        [mail] = deliver_outbox()          # runs the worker once; returns what arrived
        assert mail.to == "ada@example.org"
        client.get(mail.link("/account/"))  # absolute URLs work with the test client
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask, current_app, has_app_context

from hls_events.extensions import db

LINK = re.compile(r"""https?://[^\s<>"')\]]+""")


class ReceivedMail:
    """One message as the SMTP server received it, with the envelope it came in."""

    def __init__(self, envelope_from: str, envelope_to: list[str], raw: bytes) -> None:
        self.envelope_from = envelope_from
        self.envelope_to = envelope_to
        self.raw = raw
        self.message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None, "the message has no text/plain part"
        return body.get_content().replace("\r\n", "\n")  # type: ignore[union-attr]

    @property
    def html(self) -> str | None:
        body = self.message.get_body(("html",))
        if body is None:
            return None
        return body.get_content().replace("\r\n", "\n")  # type: ignore[union-attr]

    @property
    def links(self) -> list[str]:
        """Links in the plain-text part, in order: what a reader of any mail client sees."""
        return [link.rstrip(".,;:!?") for link in LINK.findall(self.text)]

    def link(self, containing: str = "") -> str:
        """The one link containing ``containing``; the test client accepts it as it is."""
        matches = list(dict.fromkeys(link for link in self.links if containing in link))
        assert len(matches) == 1, f"expected one link with {containing!r}, found {matches}"
        return matches[0]

    @property
    def attachments(self) -> list[EmailMessage]:
        return list(self.message.iter_attachments())  # type: ignore[arg-type]

    def attachment(self, filename: str) -> EmailMessage:
        for part in self.attachments:
            if part.get_filename() == filename:
                return part
        raise AssertionError(f"no attachment {filename!r} in {self.subject!r}")

    def __repr__(self) -> str:
        return f"<ReceivedMail to {self.to} {self.subject!r}>"


class _Recorder:
    """aiosmtpd handler: keeps every message, refuses the addresses it is told to."""

    def __init__(self, server: LoopbackSMTPServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any
    ) -> str:
        if address in self.server.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        mail = ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), raw)
        with self.server.lock:
            self.server.messages.append(mail)
        return "250 Message accepted for delivery"


class LoopbackSMTPServer:
    """aiosmtpd on 127.0.0.1. ``stop()`` and ``start()`` again on the same port simulate an
    outage; ``refused`` holds recipients to reject with a permanent 550."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = _free_port()
        self.messages: list[ReceivedMail] = []
        self.refused: set[str] = set()
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is None:
            controller = Controller(_Recorder(self), hostname=self.host, port=self.port)
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @property
    def app_config(self) -> dict[str, Any]:
        """Settings that send the app's mail here, through the real SMTP transport."""
        return {
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_SENDER": "HLS Events <events@hls.example.org>",
            "MAIL_TIMEOUT": 5,
        }

    def received_by(self, address: str) -> list[ReceivedMail]:
        with self.lock:
            return [mail for mail in self.messages if address in mail.envelope_to]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSMTPServer]:
    server = LoopbackSMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_app_config(smtp_server: LoopbackSMTPServer) -> dict[str, Any]:
    """Merge into a module's ``app_config`` so its mail goes to ``smtp_server``."""
    return smtp_server.app_config


@pytest.fixture
def deliver_outbox(
    smtp_server: LoopbackSMTPServer,
) -> Callable[..., list[ReceivedMail]]:
    """Run the worker's deliver-once step, as a separate worker would (its own session),
    and return the messages that arrived meanwhile. Any failed delivery fails the test
    unless ``strict=False``."""
    from hls_events.mail.delivery import deliver_all_due

    def _deliver(app: Flask | None = None, *, strict: bool = True) -> list[ReceivedMail]:
        app = app or current_app._get_current_object()  # type: ignore[attr-defined]
        if has_app_context() and (db.session.new or db.session.dirty or db.session.deleted):
            raise AssertionError("commit before delivering: the worker sees committed rows only")
        with smtp_server.lock:
            before = len(smtp_server.messages)
        with app.app_context():
            report = deliver_all_due()
        if strict and report.errors:
            raise AssertionError("delivery failed: " + "; ".join(report.errors))
        with smtp_server.lock:
            return smtp_server.messages[before:]

    return _deliver
