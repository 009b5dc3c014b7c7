"""Where the worker hands finished emails: an SMTP server, or files in development."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email import policy as email_policy
from email.message import EmailMessage
from email.policy import Policy
from pathlib import Path
from typing import Any, Protocol

from ..models import utcnow
from .compose import SMTP_POLICY, email_address

BACKENDS = ("smtp", "file")


class Transport(Protocol):
    policy: Policy

    def send(self, message: EmailMessage, outbox_id: int) -> None:
        """Deliver one message or raise; returning means the receiver has taken it."""

    def close(self) -> None: ...


class SMTPTransport:
    """One connection, opened on first use and reused for a batch; dropped after any error
    so that the next message starts from a clean session."""

    policy: Policy = SMTP_POLICY

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        use_tls: bool = False,
        use_ssl: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.envelope_sender = email_address(sender)
        self.use_tls = use_tls
        self.use_ssl = use_ssl
        self.username = username
        self.password = password
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage, outbox_id: int) -> None:
        connection = self._connection or self._connect()
        try:
            connection.send_message(
                message,
                from_addr=self.envelope_sender,
                to_addrs=[email_address(str(message["To"]))],
            )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            connection.close()

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if self.use_ssl:
            connection = smtplib.SMTP_SSL(timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(timeout=self.timeout)
        try:
            code, greeting = connection.connect(self.host, self.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, greeting)
            if self.use_tls:
                connection.starttls(context=context)
                connection.ehlo()
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection


class FileTransport:
    """Development: one readable .eml file per message, named by time and outbox id.

    Lines end in CRLF, as SMTP sends them, so that a calendar attachment saved from the file
    is the same document a mail client receives; text stays 8-bit, readable as it is."""

    policy: Policy = email_policy.default.clone(linesep="\r\n")

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage, outbox_id: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{utcnow():%Y%m%d-%H%M%S}-{outbox_id:06d}.eml"
        partial = path.with_suffix(".eml.partial")
        partial.write_bytes(message.as_bytes(policy=self.policy))
        os.replace(partial, path)

    def close(self) -> None:
        pass


def transport_from_config(config: Mapping[str, Any]) -> Transport:
    backend = config["MAIL_BACKEND"]
    if backend == "file":
        return FileTransport(config["MAIL_FOLDER"])
    if backend == "smtp":
        return SMTPTransport(
            host=config["MAIL_SERVER"],
            port=int(config["MAIL_PORT"]),
            sender=config["MAIL_SENDER"],
            use_tls=bool(config["MAIL_USE_TLS"]),
            use_ssl=bool(config["MAIL_USE_SSL"]),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            timeout=float(config["MAIL_TIMEOUT"]),
        )
    raise ValueError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
