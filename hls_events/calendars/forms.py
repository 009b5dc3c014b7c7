from __future__ import annotations

from wtforms import BooleanField

from ..forms_common import Form
from ..lazy_text import _l


class NewAddressForm(Form):
    """Replaces the private calendar address; nothing to fill in but the CSRF token."""


class CalendarChoicesForm(Form):
    include_waitlisted = BooleanField(
        _l("Show events I am on the waiting list for, marked as tentative")
    )
