"""Every form's selects are written by forms_common.Select: the same HTML as WTForms' own."""

from __future__ import annotations

import pytest
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import Select as WTFormsSelect

from hls_events.forms_common import Form, Select, SelectChoice


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
