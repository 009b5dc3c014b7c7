from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField


class NewAddressForm(FlaskForm):
    """Replaces the private calendar address; nothing to fill in but the CSRF token."""


class CalendarChoicesForm(FlaskForm):
    include_waitlisted = BooleanField(
        "Show events I am on the waiting list for, marked as tentative"
    )
