from __future__ import annotations

from typing import cast

from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..forms_common import Form, SelectChoice, email_field
from ..lazy_text import _l
from .passwords import MAX_LENGTH, MIN_LENGTH, password_problem

NAME_MAX = 200


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _acceptable_password(_form: Form, field: PasswordField) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(_l("Enter a password.")), _acceptable_password],
        description=_l(
            "At least %(count)s characters. Any characters you like; "
            "three or four random words are easy to remember and hard to guess.",
            count=MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )


class SignInForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(
                max=MAX_LENGTH,
                message=_l("Passwords are at most %(count)s characters.", count=MAX_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignUpForm(Form):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(
                max=NAME_MAX,
                message=_l("Your name must be %(count)s characters or fewer.", count=NAME_MAX),
            ),
        ],
        description=_l("As you would like it shown to organisers and on name badges."),
        filters=[_strip],
        render_kw={"autocomplete": "name", "spellcheck": "false"},
    )
    email = email_field(
        description=_l("We will send a link to this address to confirm it is yours.")
    )


class EmailForm(Form):
    """Asks for an address to send a link to: a sign-in link, or a password reset."""

    email = email_field()


class NameForm(Form):
    name = cast(StringField, SignUpForm.name)


class ChangeEmailForm(Form):
    email = email_field(
        _l("New email address"),
        required=_l("Enter your new email address."),
        description=_l(
            "We will send a link to this address. Your address changes when you open it."
        ),
    )


class ResetPasswordForm(Form):
    password = _new_password_field(_l("New password"))


class ChangePasswordForm(Form):
    """Changing a password needs the current one; setting a first password does not."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[
            Length(
                max=MAX_LENGTH,
                message=_l("Passwords are at most %(count)s characters.", count=MAX_LENGTH),
            )
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field(_l("New password"))


class DeleteAccountForm(Form):
    published = RadioField(
        _l("What should happen to what you have published?"),
        choices=[
            SelectChoice("anonymise", _l("Keep it, without my name")),
            SelectChoice("remove", _l("Remove it")),
        ],
        validators=[InputRequired(_l("Choose what should happen to what you have published."))],
        description=_l(
            "For example reflections you made public. Kept without your name, others can still "
            "learn from it; nobody can tell it was yours."
        ),
    )


class ActionForm(Form):
    """A button with nothing to fill in: the form is there for its CSRF token."""
