"""Account tests send their email through the app's real SMTP path to aiosmtpd on loopback,
and follow the links in what arrives."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from hls_events.accounts import tokens
from tests.conftest import csrf_token_from
from tests.smtp import ReceivedMail


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


@pytest.fixture
def inbox(deliver_outbox: Callable[..., list[ReceivedMail]]) -> Callable[[str], list[ReceivedMail]]:
    """Deliver the outbox and return what has arrived for one address since it was last asked."""
    unread: list[ReceivedMail] = []

    def _inbox(address: str) -> list[ReceivedMail]:
        unread.extend(deliver_outbox())
        mine = [mail for mail in unread if address in mail.envelope_to]
        unread[:] = [mail for mail in unread if mail not in mine]
        return mine

    return _inbox


@pytest.fixture
def one_email(inbox: Callable[[str], list[ReceivedMail]]) -> Callable[[str], ReceivedMail]:
    def _one(address: str) -> ReceivedMail:
        messages = inbox(address)
        assert len(messages) == 1, f"expected one email to {address}, got {messages}"
        return messages[0]

    return _one


@pytest.fixture
def follow_link(client: FlaskClient) -> Callable[..., Any]:
    """Open an emailed link, then press the button on the page it opens, as a person does."""

    def _follow(link: str, data: dict[str, str] | None = None) -> Any:
        page = client.get(link)
        assert page.status_code == 200, f"{link} answered {page.status_code}: {page.text}"
        return client.post(link, data={**(data or {}), "csrf_token": csrf_token_from(page.text)})

    return _follow


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Move the clock tokens are read by forward, without waiting."""

    def _later(seconds: float) -> None:
        monkeypatch.setattr(tokens, "clock", lambda: time.time() + seconds)

    return _later


@pytest.fixture
def signed_in_as(client: FlaskClient, sign_in: Callable[..., Any]) -> Callable[..., Any]:
    def _signed_in_as(email: str, password: str = "correct horse battery") -> None:
        response = sign_in(email, password)
        assert response.status_code == 302, response.text

    return _signed_in_as


@pytest.fixture
def signed_in_as_by_link(
    post_form: Callable[..., Any],
    one_email: Callable[[str], ReceivedMail],
    follow_link: Callable[..., Any],
) -> Callable[[str], None]:
    """Sign in the way someone without a password does: ask for a link, then follow it."""

    def _signed_in_as_by_link(email: str) -> None:
        post_form("/account/sign-in/email", {"email": email})
        response = follow_link(one_email(email).link("/account/sign-in/link/"))
        assert response.status_code == 302, response.text

    return _signed_in_as_by_link
