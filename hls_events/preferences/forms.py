from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, Length, Optional, ValidationError

from ..forms_common import Form, SelectChoice
from ..i18n import LANGUAGES
from ..lazy_text import _l
from ..localtime import is_valid_timezone

ZONE_MAX = 64


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _known_zone(_form: Form, field: StringField) -> None:
    if field.data and not is_valid_timezone(field.data):
        raise ValidationError(
            _l("Enter a time zone by its name, like Europe/London or Pacific/Auckland.")
        )


def zone_field() -> StringField:
    return StringField(
        _l("Your time zone"),
        validators=[Optional(), Length(max=ZONE_MAX), _known_zone],
        filters=[_strip],
        description=_l(
            "Times are always shown in the programme's time zone. Name yours, like "
            "Pacific/Auckland, to see them in your own as well. Leave it empty to see only "
            "the programme's."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class LanguageForm(Form):
    """The language switch in every page's header, for signed-in people: saved on the account."""

    language = HiddenField(validators=[AnyOf(list(LANGUAGES))])
    next = HiddenField()


class PreferencesForm(Form):
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validators=[AnyOf(list(LANGUAGES), message=_l("Choose English or Cymraeg."))],
    )
    timezone = zone_field()


class VisitZoneForm(Form):
    """The time zone for this visit only: a GET form, so it needs no CSRF token."""

    class Meta(Form.Meta):
        csrf = False

    timezone = zone_field()
