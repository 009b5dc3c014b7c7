"""The check-in page's forms: a tick (or its undo), a search, and a walk-in."""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, HiddenField, SearchField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms_common import EMAIL_MAX, Form
from ..lazy_text import _l
from .forms import NAME_MAX


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class TickForm(Form):
    """``arrived`` is "yes" to tick, "no" to undo; ``q`` keeps the search for the way back."""

    arrived = HiddenField()
    q = HiddenField(filters=[_strip], validators=[Optional(), Length(max=200)])


class SearchForm(Form):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Find someone by name or email"),
        filters=[_strip],
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class WalkInForm(Form):
    name = StringField(
        _l("Their name"),
        validators=[
            DataRequired(_l("Enter their name.")),
            Length(max=NAME_MAX, message=_l("Keep the name to 200 characters or fewer.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("Their email address"),
        validators=[
            DataRequired(_l("Enter their email address.")),
            Length(max=EMAIL_MAX),
            Email(_l("Enter an email address in the right format, like name@example.org.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
