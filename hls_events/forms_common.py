"""The base of every form: what a browser may send is checked here once, not in each form.

A file posted under a text field's name would otherwise reach the field's filters and
validators as a ``FileStorage`` (``object of type 'FileStorage' has no len()``, a 500). Here it
is taken out before the fields see it and becomes the field's error, so the person gets the form
back with a message, as for any other wrong answer. Bodies that are not forms (JSON) are not
read as forms: every form on the site is an HTML form.
"""

from __future__ import annotations

from typing import Any

import wtforms
import wtforms.widgets.core
from flask import has_request_context, render_template, request
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import EmailField
from wtforms.fields import FileField, MultipleFileField
from wtforms.validators import DataRequired, Email, Length

from .lazy_text import _l

# A choice of a select field. types-WTForms 3.2.1 predates WTForms 3.3's SelectChoice; every
# module imports it from here, so that this is the only place that says so.
SelectChoice = wtforms.SelectChoice  # type: ignore[attr-defined]

EMAIL_MAX = 254


FILE_IN_TEXT_FIELD = _l("This needs to be typed, not a file. Please try again.")

_FILE_FIELDS = (FileField, MultipleFileField)


class Form(FlaskForm):
    """Every form's base (``tests/test_inputs.py`` checks that none is left out)."""

    _files_in_text_fields: set[str]

    class Meta(FlaskForm.Meta):
        def render_field(self, field: Any, render_kw: Any) -> Markup:
            if type(field.widget) is wtforms.widgets.Select and not field.widget.multiple:
                field.widget = _SELECT
            return super().render_field(field, render_kw)

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            if _is_json_post():
                return MultiDict()
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            return _without_stray_files(form, formdata)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        stray = [self._fields[name] for name in self._stray_files() if name in self._fields]
        for field in stray:
            # Replaces what the field's validators said about the text it did not get.
            field.errors = [FILE_IN_TEXT_FIELD]
        return valid and not stray

    def _stray_files(self) -> set[str]:
        return getattr(self, "_files_in_text_fields", set())


class Select(wtforms.widgets.Select):
    """WTForms' select, the same HTML, written faster: WTForms inspects ``render_option``'s
    signature on every render and formats each option's attributes through string.Formatter,
    which made the practice record's filters a tenth of a search page's cost."""

    @classmethod
    def _dispatch_render_option(cls) -> Any:
        return cls.render_option

    # WTForms 3.3's signature, which types-WTForms 3.2.1 predates (as SelectChoice above).
    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:  # type: ignore[override]
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')


_SELECT = Select()


def html_params(**attributes: Any) -> Markup:
    """WTForms' ``html_params``: the same text, written without string.Formatter, which
    WTForms formats each attribute through. Every input, button, label and select is written
    by it: on a page of the practice record, a third of the filters' cost.
    ``tests/test_select_widget.py`` checks it writes what WTForms' own does."""
    written = []
    for key, value in sorted(attributes.items()):
        name = key.rstrip("_")  # class_ is class
        if name.startswith(("data_", "aria_")):
            name = name.replace("_", "-")
        if value is True:
            written.append(name)
        elif value is not False:
            written.append(f'{escape(name)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(written))


def use_faster_html_params() -> None:
    """Every place WTForms writes attributes from (its widgets' module and package, and the
    widgets that keep it as their own) writes them with ``html_params`` above."""
    core = wtforms.widgets.core
    core.html_params = html_params
    wtforms.widgets.html_params = html_params
    core.Input.html_params = staticmethod(html_params)  # type: ignore[method-assign]
    core.Button.html_params = staticmethod(html_params)  # type: ignore[attr-defined]


use_faster_html_params()


def _is_json_post() -> bool:
    return has_request_context() and request.method != "GET" and request.is_json


def _without_stray_files(form: Form, formdata: Any) -> Any:
    """The form's data with every file dropped that was sent under a field that takes no file."""
    file_fields = {name for name, field in form._fields.items() if isinstance(field, _FILE_FIELDS)}
    stray = {
        key
        for key, value in formdata.items(multi=True)
        if isinstance(value, FileStorage) and key not in file_fields
    }
    form._files_in_text_fields = stray
    if not stray:
        return formdata
    kept: MultiDict[str, Any] = MultiDict()
    for key, value in formdata.items(multi=True):
        if not (key in stray and isinstance(value, FileStorage)):
            kept.add(key, value)
    return kept


def render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """The page with its form: 422 when the form was refused, so that clients see the refusal."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def email_field(
    label: str = _l("Email address"),
    *,
    required: str = _l("Enter your email address."),
    **kwargs: Any,
) -> EmailField:
    """A person's own email address, checked the same way wherever one is asked for."""
    return EmailField(
        label,
        validators=[
            DataRequired(required),
            Length(
                max=EMAIL_MAX,
                message=_l("Email addresses are at most %(max)s characters.", max=EMAIL_MAX),
            ),
            Email(_l("Enter an email address in the right format, like name@example.org.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
        **kwargs,
    )
