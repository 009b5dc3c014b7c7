"""Registration forms. The attendee's form is built per event, from the programme's questions."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.consents import CONSENT_PURPOSES
from ..forms_common import Form, SelectChoice, email_field
from ..lazy_text import _l, lazy_label
from ..models import QuestionKind, Sector
from .answers import Answers
from .questions import Questions, QuestionShape, shape_of

NAME_MAX = 200


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _sector_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a sector"))] + [
        SelectChoice(sector.value, lazy_label(sector)) for sector in Sector
    ]


def _sector_is_a_choice(_form: Form, field: SelectField) -> None:
    if field.data not in {sector.value for sector in Sector}:
        raise ValidationError(_l("Choose the sector you work in, or “Something else”."))


class RegistrationForm(Form):
    """Name and email (for people not signed in), the fixed questions, the consents; the
    programme's own questions are added as ``question_<id>`` fields by ``registration_form``."""

    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(
                max=NAME_MAX,
                message=_l("Your name must be %(max)s characters or fewer.", max=NAME_MAX),
            ),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "name", "spellcheck": "false"},
    )
    email = email_field(description=_l("We send your confirmation and the joining details here."))
    organisation = StringField(
        _l("Organisation"),
        description=_l("Where you work or volunteer, if anywhere."),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        render_kw={"autocomplete": "organization"},
    )
    sector = SelectField(_l("Sector"), choices=_sector_choices(), validators=[_sector_is_a_choice])
    job_role = StringField(
        _l("Your role"),
        description=_l("For example: commissioner, social worker, team leader."),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        render_kw={"autocomplete": "organization-title"},
    )
    access_needs = TextAreaField(
        _l("Access needs"),
        description=_l(
            "Anything that would help you take part, such as captions, a British Sign "
            "Language interpreter or step-free access. Only the organisers and the event's hosts "
            "see this."
        ),
        validators=[Optional(), Length(max=5000)],
        filters=[_strip],
    )
    share_with_host = BooleanField(_l("The event's hosts may see my name and email address"))
    wants_reminders = BooleanField(
        _l("Email me a reminder the day before and an hour before"), default=True
    )

    # Set by registration_form().
    question_ids: list[int] = []
    consent_purposes: list[str] = []

    def question_fields(self) -> list[Field]:
        return [self[f"question_{question_id}"] for question_id in self.question_ids]

    def consent_fields(self) -> list[Field]:
        return [self[f"consent_{purpose}"] for purpose in self.consent_purposes]

    def answers(self) -> Answers:
        custom: dict[int, list[str]] = {}
        for question_id in self.question_ids:
            data = self[f"question_{question_id}"].data
            if isinstance(data, list):
                custom[question_id] = [str(value) for value in data]
            elif data:
                custom[question_id] = [str(data)]
        return Answers(
            organisation=self.organisation.data or "",
            sector=Sector(self.sector.data) if self.sector.data else None,
            job_role=self.job_role.data or "",
            access_needs=self.access_needs.data or "",
            share_with_host=bool(self.share_with_host.data),
            wants_reminders=bool(self.wants_reminders.data),
            custom=custom,
            consents={
                purpose: bool(self[f"consent_{purpose}"].data) for purpose in self.consent_purposes
            },
        )


def _question_field(question: QuestionShape) -> Field:
    required = (
        [InputRequired(_l("Answer “%(question)s”.", question=question.label))]
        if question.required
        else []
    )
    optional = [] if question.required else [Optional()]
    # WTForms takes None for no description, though its stubs say str.
    description = cast(str, question.hint or None)
    if question.kind == QuestionKind.SHORT_TEXT:
        return StringField(
            question.label,
            description=description,
            validators=[*required, *optional, Length(max=500)],
            filters=[_strip],
        )
    if question.kind == QuestionKind.LONG_TEXT:
        return TextAreaField(
            question.label,
            description=description,
            validators=[*required, *optional, Length(max=5000)],
            filters=[_strip],
        )
    choices = [SelectChoice(choice, choice) for choice in question.choices]
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return RadioField(
            question.label,
            description=description,
            choices=choices,
            validators=[*required, *optional],
            validate_choice=True,
        )
    return MultiCheckboxField(
        question.label,
        description=description,
        choices=choices,
        validators=[*required, *optional],
        validate_choice=True,
    )


def registration_form(
    questions: Questions,
    *,
    signed_in: bool,
    consents_to_ask: list[str] | None = None,
    **kwargs: Any,
) -> RegistrationForm:
    """The attendee's form for these questions. Signed-in people are not asked who they are."""
    form = registration_form_class(questions, consents_to_ask)(**kwargs)
    if signed_in:
        del form.name
        del form.email
    return form


def registration_form_class(
    questions: Questions, consents_to_ask: list[str] | None = None
) -> type[RegistrationForm]:
    """The form class asking these questions, and these consents (all of them if None)."""
    purposes = tuple(
        purpose
        for purpose in (list(CONSENT_PURPOSES) if consents_to_ask is None else consents_to_ask)
        if purpose in CONSENT_PURPOSES
    )
    return _form_class(form_shape(questions, purposes))


FormShape = tuple[tuple[QuestionShape, ...], tuple[str, ...]]


def form_shape(questions: Questions, purposes: tuple[str, ...]) -> FormShape:
    """What an event's registration form is made from: its questions and the consents asked."""
    return (tuple(shape_of(question) for question in questions), purposes)


@lru_cache(maxsize=256)
def _form_class(shape: FormShape) -> type[RegistrationForm]:
    """One form class per shape, made once per worker: making a WTForms class is a fair part
    of a built event page, and most events share the programme's questions."""
    questions, purposes = shape
    attributes: dict[str, Any] = {
        f"question_{question.id}": _question_field(question) for question in questions
    }
    for purpose in purposes:
        # Shown in the reader's language; recorded in the English wording (accounts/consents.py).
        attributes[f"consent_{purpose}"] = BooleanField(_l(CONSENT_PURPOSES[purpose]))
    attributes["question_ids"] = [question.id for question in questions]
    attributes["consent_purposes"] = list(purposes)
    return cast(
        "type[RegistrationForm]", type("EventRegistrationForm", (RegistrationForm,), attributes)
    )


class ActionForm(Form):
    """A button with nothing to fill in: the form is there for its CSRF token."""
