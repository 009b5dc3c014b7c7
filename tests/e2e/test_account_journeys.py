"""A person's account from sign-up to deletion, in a real browser, with real email.

The app's outbox worker delivers over SMTP to aiosmtpd on loopback; the browser then opens
the links exactly as they arrived.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_axe_violations, goto, submit
from tests.smtp import ReceivedMail

EMAIL = "ada@example.org"
PASSWORD = "plum orchard lantern"
NEW_PASSWORD = "quiet river morning"


@pytest.fixture
def app_config(app_config: dict[str, Any], mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **mail_app_config}


@pytest.fixture
def emailed_link(deliver_outbox: Callable[..., list[ReceivedMail]]) -> Callable[[str, str], str]:
    """Deliver the outbox and return the link with `path` in the one email to `address` that
    has such a link (others, such as "your password has changed", may arrive alongside)."""

    def _link(address: str, path: str) -> str:
        messages = [
            mail
            for mail in deliver_outbox()
            if address in mail.envelope_to and any(path in link for link in mail.links)
        ]
        assert len(messages) == 1, f"expected one email to {address} linking {path}: {messages}"
        return messages[0].link(path)

    return _link


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _check(page: Page, heading: str) -> None:
    _heading(page, heading)
    assert_no_axe_violations(page)


def _sign_out(page: Page) -> None:
    assert submit(page, "Sign out").status == 302
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_account_from_sign_up_to_deletion(open_page: Callable[..., Page], emailed_link):
    page = open_page()

    # Sign up with a name and an email address; a mistake is explained beside the field.
    goto(page, "/account/sign-in")
    page.get_by_role("link", name="Create an account").click()
    _check(page, "Create an account")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@")
    assert submit(page, "Create account").status == 422
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    page.get_by_label("Email address").fill(EMAIL)
    assert submit(page, "Create account").status == 302
    _check(page, "Check your email")
    expect(page.get_by_text(f"We have sent an email to {EMAIL}")).to_be_visible()

    # Confirm by the emailed link: it signs in.
    goto(page, emailed_link(EMAIL, "/account/confirm/"))
    _check(page, "Confirm your email address")
    assert submit(page, "Confirm and sign in").status == 302
    _check(page, "Your account")
    expect(page.get_by_role("status")).to_contain_text(f"{EMAIL} is confirmed")

    # Set a password, and agree to one thing, separately.
    page.get_by_role("link", name="Set a password").click()
    _check(page, "Set a password")
    page.get_by_label("New password").fill(PASSWORD)
    assert submit(page, "Save password").status == 302
    news = page.locator("#consent-programme_news")
    news.get_by_role("button", name="Agree").click()
    expect(page.locator("#consent-programme_news")).to_contain_text("You agreed on")
    expect(page.locator("#consent-research_contact")).to_contain_text("You have not agreed.")
    assert_no_axe_violations(page)
    _sign_out(page)

    # Sign in with the password.
    goto(page, "/account/sign-in")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    assert submit(page, "Sign in").status == 302
    _heading(page, "Your account")
    _sign_out(page)

    # Sign in with a link sent by email.
    goto(page, "/account/sign-in")
    page.get_by_role("link", name="Email me a sign-in link").click()
    _check(page, "Email me a sign-in link")
    page.get_by_label("Email address").fill(EMAIL)
    assert submit(page, "Send me a link").status == 302
    _check(page, "Check your email")
    goto(page, emailed_link(EMAIL, "/account/sign-in/link/"))
    _check(page, "Sign in")
    assert submit(page, "Sign in").status == 302
    _heading(page, "Your account")
    _sign_out(page)

    # Forgotten password: reset it by email. A common password is refused, with the reason.
    goto(page, "/account/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    _check(page, "Reset your password")
    page.get_by_label("Email address").fill(EMAIL)
    assert submit(page, "Send me a link").status == 302
    goto(page, emailed_link(EMAIL, "/account/reset-password/"))
    _check(page, "Choose a new password")
    page.get_by_label("New password").fill("password123")
    assert submit(page, "Save password and sign in").status == 422
    expect(page.get_by_role("alert")).to_contain_text("most commonly used passwords")
    assert_no_axe_violations(page)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    assert submit(page, "Save password and sign in").status == 302
    _check(page, "Your account")

    # Download everything held about them.
    download = page.request.get("/account/data.json")
    assert download.status == 200
    assert json.loads(download.text())["account"]["email"] == EMAIL

    # Delete the account, after a second step that asks about published content.
    page.get_by_role("link", name="Delete your account").click()
    _check(page, "Delete your account")
    assert submit(page, "Delete my account").status == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose what should happen")
    assert_no_axe_violations(page)
    page.get_by_label("Remove it").check()
    assert submit(page, "Delete my account").status == 302
    expect(page.get_by_role("status")).to_contain_text("Your account and what we held")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # The account is gone: its password no longer signs in.
    goto(page, "/account/sign-in")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    assert submit(page, "Sign in").status == 422


def test_expired_link_page_is_accessible(page: Page, emailed_link):
    goto(page, "/account/sign-in/link/not-a-real-token", 400)
    _check(page, "This link does not work")
    expect(page.get_by_role("link", name="Email me a new sign-in link")).to_be_visible()
