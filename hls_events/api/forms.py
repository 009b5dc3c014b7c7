"""The account page's forms for personal API tokens."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms_common import Form
from ..lazy_text import _l
from .tokens import NAME_MAX_LENGTH


class NewTokenForm(Form):
    name = StringField(
        _l("Name"),
        description=_l("What will use it, such as “our website's events page”."),
        validators=[
            DataRequired(_l("Give the token a name, so you know what uses it.")),
            Length(
                max=NAME_MAX_LENGTH,
                message=_l("Use %(count)s characters or fewer.", count=NAME_MAX_LENGTH),
            ),
        ],
    )


class RevokeTokenForm(Form):
    """A button with nothing to fill in: the form is there for its CSRF token."""
