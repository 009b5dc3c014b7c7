"""The account page's forms for personal API tokens."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms_common import Form
from .tokens import NAME_MAX_LENGTH


class NewTokenForm(Form):
    name = StringField(
        "Name",
        description="What will use it, such as “our website's events page”.",
        validators=[
            DataRequired("Give the token a name, so you know what uses it."),
            Length(max=NAME_MAX_LENGTH, message=f"Use {NAME_MAX_LENGTH} characters or fewer."),
        ],
    )


class RevokeTokenForm(Form):
    """A button with nothing to fill in: the form is there for its CSRF token."""
