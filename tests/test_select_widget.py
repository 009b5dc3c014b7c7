"""Every form's selects are written by forms_common.Select, and every field's attributes by
forms_common.html_params: the same HTML as WTForms' own."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
import wtforms.widgets.core
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import Select as WTFormsSelect

from hls_events.forms_common import Form, Select, SelectChoice, html_params


class _Choosing(Form):
    class Meta:
        csrf = False

    plain = SelectField(
        "Plain",
        choices=[
            SelectChoice("", "Any"),
            SelectChoice("a&b", 'Quotes " and <tags>'),
            SelectChoice("dwr", "Dŵr"),
            SelectChoice("2026", ""),
        ],
    )
    numbers = SelectField(
        "Numbers", choices=[SelectChoice(1, "One"), SelectChoice(2, "Two")], coerce=int
    )
    truth = SelectField(
        "Truth", choices=[SelectChoice(True, "Yes"), SelectChoice(False, "No")], coerce=bool
    )
    required = SelectField(
        "Required", choices=[SelectChoice("x", "X")], validators=[DataRequired()]
    )
    styled = SelectField(
        "Styled",
        choices=[SelectChoice("s", "S", render_kw={"disabled": True}), SelectChoice("t", "T")],
    )
    grouped = SelectField(
        "Grouped",
        choices=[
            SelectChoice("g", "G", optgroup="Group"),
            SelectChoice("o", "O", optgroup="Other"),
        ],
    )
    several = SelectMultipleField(
        "Several", choices=[SelectChoice("m", "M"), SelectChoice("n", "N")]
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "a&b", "numbers": "2", "truth": "True", "styled": "s", "grouped": "o"},
        {"plain": "2026", "several": ["m", "n"]},
    ],
)
def test_each_select_is_written_as_wtforms_writes_it(app, data):
    with app.test_request_context("/"):
        form = _Choosing(data=data)
        for field in form:
            ours = str(field(class_="wide", aria_describedby="hint"))
            original = field.widget
            if isinstance(original, Select):
                field.widget = WTFormsSelect()
            theirs = str(field.widget(field, class_="wide", aria_describedby="hint"))
            field.widget = original
            assert ours == theirs, field.name


def test_single_selects_get_the_faster_widget(app):
    with app.test_request_context("/"):
        form = _Choosing()
        for field in form:
            field()
        assert isinstance(form.plain.widget, Select)
        assert not isinstance(form.several.widget, Select)


# --- Attributes: forms_common.html_params writes what WTForms' own writes -----------------


def _wtforms_own_html_params() -> Any:
    """WTForms' html_params as it ships: its widgets' module loaded afresh, unpatched."""
    spec = importlib.util.find_spec("wtforms.widgets.core")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.html_params


_ATTRIBUTE_NAMES = st.from_regex(r"(data_|aria_)?[a-z][a-z_]{0,8}_?", fullmatch=True)
_ATTRIBUTE_VALUES = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(),
    st.text(alphabet=st.sampled_from("ab \"'<>&=ŵ\n")),
    st.text(alphabet=st.sampled_from('ab "<i>')).map(Markup),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_ATTRIBUTE_NAMES, _ATTRIBUTE_VALUES, max_size=6))
def test_attributes_are_written_as_wtforms_writes_them(attributes):
    assert str(html_params(**attributes)) == str(_wtforms_own_html_params()(**attributes))


class _EveryKind(Form):
    class Meta:
        csrf = False

    text = StringField("Text <b>", validators=[DataRequired(), Length(max=20)])
    search = SearchField("Search", render_kw={"placeholder": 'Say "dŵr"'})
    words = TextAreaField("Words")
    agreed = BooleanField("Agreed")
    when = DateField("When")
    count = IntegerField("Count")
    secret = HiddenField("Secret")
    go = SubmitField("Go")


def test_every_kind_of_field_is_written_as_with_wtforms_own(app, monkeypatch):
    data = {"text": 'a "quoted" <tag>', "words": "x & y", "agreed": True, "count": 3}
    with app.test_request_context("/"):
        form = _EveryKind(data=data)
        ours = [(str(field(class_="wide", data_x="1")), str(field.label())) for field in form]
        original = _wtforms_own_html_params()
        core = wtforms.widgets.core
        monkeypatch.setattr(core, "html_params", original)
        monkeypatch.setattr(wtforms.widgets, "html_params", original)
        monkeypatch.setattr(core.Input, "html_params", staticmethod(original))
        monkeypatch.setattr(core.Button, "html_params", staticmethod(original))
        theirs = [(str(field(class_="wide", data_x="1")), str(field.label())) for field in form]
    assert ours == theirs
    assert 'placeholder="Say &#34;dŵr&#34;"' in ours[1][0]
