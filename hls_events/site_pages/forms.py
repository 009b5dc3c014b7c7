from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms_common import Form
from ..lazy_text import _l


class SitePageForm(Form):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Text"),
        description=_l(
            "Written in Markdown: ## for a heading, a blank line between paragraphs,"
            " - for a list item, [words](https://example.org) for a link. Pictures and HTML are"
            " not shown."
        ),
        validators=[DataRequired(_l("Enter the text of the page.")), Length(max=100_000)],
        render_kw={"rows": 30},
    )
