"""Forms of the reflections area. They check the shape of what was sent; the services decide
whether it may be saved, and say why not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wtforms import (
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..bilingual import localised_text
from ..forms_common import Form, SelectChoice
from ..inputs import form_id
from ..lazy_text import _l, lazy_label
from ..models import Attribution, Principle, Programme, Theme, Visibility
from ..translation import gettext
from .consent import attribution_wording, visibility_wording
from .curation import MAX_REASON
from .entries import EntryKind
from .filter_choices import FilterChoices
from .prompts import (
    MAX_HINT,
    MAX_PROMPTS,
    MAX_QUESTION,
    PRINCIPLE_HINTS,
    PRINCIPLE_QUESTION,
    Prompt,
)
from .record import RecordFilters
from .services import MAX_ANSWER
from .write_ups import MAX_TITLE, MAX_URL, MAX_WRITE_UP


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# --- Writing a reflection ----------------------------------------------------------------------


class ReflectionForm(Form):
    themes = MultiCheckboxField(
        _l("Themes"),
        description=_l("Choose any that fit, so others can find your reflection."),
        coerce=form_id,
        validate_choice=False,
    )
    principles = MultiCheckboxField(
        PRINCIPLE_QUESTION,
        description=_l("Choose any that fit."),
        choices=[
            SelectChoice(principle.value, PRINCIPLE_HINTS[principle]) for principle in Principle
        ],
        validate_choice=False,
    )
    visibility = RadioField(
        _l("Who may read it?"),
        description=_l("You can change this, or delete your reflection, at any time."),
        validators=[InputRequired(_l("Choose who may read your reflection."))],
        validate_choice=False,
    )
    attribution = RadioField(
        _l("How is it signed?"),
        validators=[InputRequired(_l("Choose how your reflection is signed."))],
        validate_choice=False,
    )

    answer_count = 0

    def answer_fields(self) -> list[Field]:
        return [self[f"answer_{index}"] for index in range(self.answer_count)]

    def answers(self) -> list[str]:
        return [field.data or "" for field in self.answer_fields()]


def reflection_form(
    questions: Sequence[Prompt],
    themes: Sequence[Theme],
    programme: Programme,
    author_name: str,
    *,
    for_community: bool = False,
    **kwargs: Any,
) -> ReflectionForm:
    """A form with one answer per question, asked in the words given. "Members of this
    community" is offered only on a community's meetings (``for_community``)."""

    class _ReflectionForm(ReflectionForm):
        answer_count = len(questions)

    for index, prompt in enumerate(questions):
        setattr(
            _ReflectionForm,
            f"answer_{index}",
            TextAreaField(
                localised_text(prompt, "question"),
                description=localised_text(prompt, "hint"),
                validators=[
                    Length(
                        max=MAX_ANSWER,
                        message=_l(
                            "Keep each answer to %(count)s characters or fewer.",
                            count=f"{MAX_ANSWER:,}",
                        ),
                    )
                ],
                filters=[_strip],
            ),
        )
    form = _ReflectionForm(**kwargs)
    form.themes.choices = [SelectChoice(theme.id, theme.name) for theme in themes]
    form.visibility.choices = [
        SelectChoice(v.value, visibility_wording(v, programme.title))
        for v in Visibility
        if for_community or v != Visibility.COMMUNITY
    ]
    form.attribution.choices = [
        SelectChoice(
            a.value,
            gettext("With my name (%(name)s)", name=author_name)
            if a == Attribution.NAMED
            else attribution_wording(Attribution.ANONYMOUS),
        )
        for a in Attribution
    ]
    return form


class ActionForm(Form):
    """A button and its CSRF token."""


# --- Writing up a session ----------------------------------------------------------------------


class WriteUpForm(Form):
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Give your write-up a title.")),
            Length(
                max=MAX_TITLE,
                message=_l("Keep the title to %(count)s characters or fewer.", count=MAX_TITLE),
            ),
        ],
        filters=[_strip],
    )
    body = TextAreaField(
        _l("Your write-up"),
        description=_l(
            "In Markdown: # for a heading, - for a list, > for a quote, "
            "[words](https://example.org) for a link. Other formatting is removed."
        ),
        validators=[
            InputRequired(_l("Write something about your session.")),
            Length(
                max=MAX_WRITE_UP,
                message=_l(
                    "Keep the write-up to %(count)s characters or fewer.",
                    count=f"{MAX_WRITE_UP:,}",
                ),
            ),
        ],
    )
    slides_url = StringField(
        _l("Link to your slides (optional)"),
        description=_l("A web address starting with https://"),
        validators=[Optional(), Length(max=MAX_URL)],
        filters=[_strip],
    )
    recording_url = StringField(
        _l("Link to the recording (optional)"),
        description=_l("A web address starting with https://"),
        validators=[Optional(), Length(max=MAX_URL)],
        filters=[_strip],
    )


# --- Curating ----------------------------------------------------------------------------------


class CurateForm(Form):
    reason = TextAreaField(
        _l("Why hide it?"),
        description=_l("Its author is shown this, so write it for them."),
        validators=[
            Optional(),
            Length(
                max=MAX_REASON,
                message=_l("Keep it to %(count)s characters or fewer.", count=MAX_REASON),
            ),
        ],
        filters=[_strip],
    )


# --- Prompts -----------------------------------------------------------------------------------


class PromptsForm(Form):
    def prompt_fields(self) -> list[tuple[Field, Field]]:
        return [(self[f"question_{i}"], self[f"hint_{i}"]) for i in range(MAX_PROMPTS)]

    def welsh_prompt_fields(self) -> list[tuple[Field, Field]]:
        return [(self[f"question_cy_{i}"], self[f"hint_cy_{i}"]) for i in range(MAX_PROMPTS)]

    def prompts(self) -> list[Prompt]:
        return [
            Prompt(question.data or "", hint.data or "", question_cy.data or "", hint_cy.data or "")
            for (question, hint), (question_cy, hint_cy) in zip(
                self.prompt_fields(), self.welsh_prompt_fields(), strict=True
            )
        ]


def _prompt_line(label: str, max_length: int, *, welsh: bool = False) -> StringField:
    """One line of a question or its hint: the four fields of a question differ only in label,
    length and language (Welsh is marked ``lang="cy"`` for spelling and screen readers)."""
    return StringField(
        label,
        validators=[Optional(), Length(max=max_length)],
        filters=[_strip],
        render_kw={"lang": "cy"} if welsh else None,
    )


def _question_fields(index: int) -> dict[str, StringField]:
    """Question ``index`` (from 0) and its hint, in English and in Welsh, by field name."""
    number = index + 1
    return {
        f"question_{index}": _prompt_line(_l("Question %(number)s", number=number), MAX_QUESTION),
        f"hint_{index}": _prompt_line(
            _l("Hint for question %(number)s (optional)", number=number), MAX_HINT
        ),
        f"question_cy_{index}": _prompt_line(
            _l("Question %(number)s in Welsh (optional)", number=number), MAX_QUESTION, welsh=True
        ),
        f"hint_cy_{index}": _prompt_line(
            _l("Hint for question %(number)s in Welsh (optional)", number=number),
            MAX_HINT,
            welsh=True,
        ),
    }


for _index in range(MAX_PROMPTS):
    for _name, _field in _question_fields(_index).items():
        setattr(PromptsForm, _name, _field)


def prompts_form(prompts: Sequence[Prompt], **kwargs: Any) -> PromptsForm:
    data = {}
    for index, prompt in enumerate(prompts[:MAX_PROMPTS]):
        data[f"question_{index}"] = prompt.question
        data[f"hint_{index}"] = prompt.hint
        data[f"question_cy_{index}"] = prompt.question_cy
        data[f"hint_cy_{index}"] = prompt.hint_cy
    return PromptsForm(data=data, **kwargs)


# --- The record's filters ----------------------------------------------------------------------


class RecordFilterForm(Form):
    """Search and filters, read from the query string so that a view can be shared."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    programme = SelectField(_l("Programme"), validate_choice=True)
    event = SelectField(_l("Event"), validate_choice=True)
    community = SelectField(_l("Learning community"), validate_choice=True)
    theme = SelectField(_l("Theme"), validate_choice=True)
    principle = SelectField(_l("Principle"), validate_choice=True)
    kind = SelectField(_l("Kind"), validate_choice=True)
    year = SelectField(_l("Year"), validate_choice=True)

    def set_choices(self, choices: FilterChoices) -> None:
        self.programme.choices = [SelectChoice("", _l("Any programme"))] + [
            SelectChoice(*choice) for choice in choices.programmes
        ]
        self.event.choices = [SelectChoice("", _l("Any event"))] + [
            SelectChoice(*choice) for choice in choices.events
        ]
        self.community.choices = [SelectChoice("", _l("Any community"))] + [
            SelectChoice(*choice) for choice in choices.communities
        ]
        self.theme.choices = [SelectChoice("", _l("Any theme"))] + [
            SelectChoice(*choice) for choice in choices.themes
        ]
        self.principle.choices = [SelectChoice("", _l("Any principle"))] + [
            SelectChoice(p.value, lazy_label(p)) for p in Principle
        ]
        self.kind.choices = [
            SelectChoice("", _l("Reflections and write-ups")),
            SelectChoice(EntryKind.REFLECTION.value, _l("Reflections")),
            SelectChoice(EntryKind.WRITE_UP.value, _l("Write-ups")),
        ]
        self.year.choices = [SelectChoice("", _l("Any year"))] + [
            SelectChoice(str(year), str(year)) for year in choices.years
        ]

    def filters(self) -> RecordFilters:
        """The valid filters; a value that is not a choice is reported beside its field."""
        values: dict[str, str] = {}
        fields = (
            self.programme,
            self.event,
            self.community,
            self.theme,
            self.principle,
            self.kind,
            self.year,
        )
        for field in fields:
            if field.data and field.validate(self):
                values[field.name] = field.data
            elif field.data:
                field.errors = [
                    gettext(
                        "“%(value)s” is not one of the choices, so it was ignored.",
                        value=field.data,
                    )
                ]
                field.data = ""
        query = self.q.data or ""
        if len(query) > 200:
            self.q.errors = [gettext("Search for 200 characters or fewer; the rest was ignored.")]
            query = query[:200]
        return RecordFilters(
            q=query,
            programme=values.get("programme"),
            event=values.get("event") if "programme" in values else None,
            community=values.get("community") if "programme" in values else None,
            theme=values.get("theme"),
            principle=Principle(values["principle"]) if "principle" in values else None,
            kind=EntryKind(values["kind"]) if "kind" in values else None,
            year=int(values["year"]) if "year" in values else None,
        )
