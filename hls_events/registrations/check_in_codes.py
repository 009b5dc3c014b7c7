"""The link and QR code that open one person's check-in at the door: a signed token naming the
registration and its person (a salt of its own, so that it opens nothing else), built from
BASE_URL (hls_events/links.py) and drawn by segno."""

from __future__ import annotations

import io

import segno
from flask import current_app

from ..extensions import db
from ..links import external_url
from ..models import Registration
from ..translation import gettext
from .tokens import (
    CHECK_IN_SALT,
    BadRegistrationLink,
    make_registration_token,
    read_registration_token,
)


def check_in_token(registration: Registration) -> str:
    return make_registration_token(
        current_app.config["SECRET_KEY"], registration.id, registration.user_id, CHECK_IN_SALT
    )


def check_in_url(registration: Registration) -> str:
    """The link in the attendee's QR code, from BASE_URL (hls_events/links.py)."""
    return external_url("check_in.scan", token=check_in_token(registration))


def _qr(registration: Registration) -> segno.QRCode:
    return segno.make(check_in_url(registration), error="m")


def check_in_qr_svg(registration: Registration) -> str:
    """The QR code for the confirmation page, as inline SVG (drawn by segno)."""
    return str(
        _qr(registration).svg_inline(
            scale=5, title=gettext("QR code that opens your check-in at the door")
        )
    )


def check_in_qr_png(registration: Registration) -> bytes:
    """The QR code for the confirmation email, as a PNG attachment."""
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def registration_for_token(token: str) -> Registration | None:
    """The registration a QR code names, or None for a code that is not one of ours."""
    try:
        registration_id, user_id = read_registration_token(
            current_app.config["SECRET_KEY"], token, CHECK_IN_SALT
        )
    except BadRegistrationLink:
        return None
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.user_id != user_id:
        return None
    return registration
