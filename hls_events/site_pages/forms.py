from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms_common import Form


class SitePageForm(Form):
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=200)])
    body = TextAreaField(
        "Text",
        description="Written in Markdown: ## for a heading, a blank line between paragraphs,"
        " - for a list item, [words](https://example.org) for a link. Pictures and HTML are"
        " not shown.",
        validators=[DataRequired("Enter the text of the page."), Length(max=100_000)],
        render_kw={"rows": 30},
    )
