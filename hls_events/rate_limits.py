"""The one key for limits on forms that send email: whose inbox the email lands in."""

from __future__ import annotations

from flask import request
from flask_login import current_user

ADDRESS_MAX = 254


def email_recipient_key() -> str:
    """The typed address, or else the signed-in account (whose own address gets the email).

    Without the account, everyone signed in would share the bucket of the empty address, and
    the eleventh person to register in an hour would be refused."""
    typed = request.form.get("email", "").strip().lower()[:ADDRESS_MAX]
    if typed:
        return "email:" + typed
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return "email:"
