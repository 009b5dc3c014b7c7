from __future__ import annotations

from datetime import date
from typing import Any, cast

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields import FieldList
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..forms_common import Form as SiteForm
from ..forms_common import SelectChoice
from ..lazy_text import _l, lazy_label
from ..localtime import format_day
from ..models import (
    CallForEvents,
    EventFormat,
    EventMode,
    ProposalStatus,
    SpeakerRole,
    Theme,
    TimeOfDay,
)
from ..organise.forms import MultiCheckboxField
from ..translation import gettext
from .queries import ProposalFilters
from .services import CallDetails, ProposalDetails, SpeakerEntry

MIN_SPEAKER_ROWS = 3
REQUIRED_TO_SUBMIT = {
    "title": _l("Enter a title."),
    "summary": _l("Enter a summary."),
    "format": _l("Choose a format."),
    "mode": _l("Choose whether it is online, in person or hybrid."),
    "duration_minutes": _l("Enter how long it lasts, in minutes."),
    "organisation_name": _l("Enter the organisation hosting it."),
}


class CallForm(SiteForm):
    guidance = TextAreaField(
        _l("Guidance for hosts"),
        description=_l(
            "What you are looking for, and how proposals will be chosen. You can use Markdown."
        ),
        validators=[Length(max=20000)],
        render_kw={"rows": 8},
    )
    opens_at = DateTimeLocalField(
        _l("Opens"),
        format="%Y-%m-%dT%H:%M",
        description=_l(
            "In the programme's time zone. The call's page is public from then, even "
            "while the programme is a draft."
        ),
        validators=[DataRequired(_l("Enter when the call opens."))],
    )
    closes_at = DateTimeLocalField(
        _l("Closes"),
        format="%Y-%m-%dT%H:%M",
        description=_l("In the programme's time zone. Proposals can be changed until then."),
        validators=[DataRequired(_l("Enter when the call closes."))],
    )
    formats = MultiCheckboxField(
        _l("Formats on offer"),
        description=_l("Leave all unticked to offer every format."),
        choices=[SelectChoice(f.value, lazy_label(f)) for f in EventFormat],
        validate_choice=True,
    )
    themes = MultiCheckboxField(_l("Themes on offer"), coerce=int, validate_choice=True)
    questions = TextAreaField(
        _l("Questions hosts must answer"),
        description=_l("One question on each line. Removing a question removes its answers."),
        validators=[Length(max=10000)],
        render_kw={"rows": 5},
    )

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The call must close after it opens."))

    def validate_questions(self, field: TextAreaField) -> None:
        for line in (field.data or "").splitlines():
            if len(line.strip()) > 500:
                raise ValidationError(_l("Keep each question to 500 characters or fewer."))

    def details(self, opens_at: Any, closes_at: Any) -> CallDetails:
        return CallDetails(
            guidance=self.guidance.data or "",
            opens_at=opens_at,
            closes_at=closes_at,
            formats=[EventFormat(value) for value in self.formats.data or []],
            theme_ids=self.themes.data or [],
            questions=[line.strip() for line in (self.questions.data or "").splitlines()],
        )


class SpeakerEntryForm(Form):
    """One speaker row of the proposal form (inside it, so it needs no CSRF token of its own)."""

    name = StringField(_l("Name"), validators=[Length(max=200)])
    email = EmailField(
        _l("Email address"),
        validators=[
            Optional(),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    organisation_name = StringField(_l("Organisation"), validators=[Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, lazy_label(role)) for role in SpeakerRole],
        default=SpeakerRole.SPEAKER.value,
        validate_choice=True,
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        name = (self.name.data or "").strip()
        email = (self.email.data or "").strip()
        if email and not name:
            self.name.errors = [*self.name.errors, gettext("Enter the speaker's name.")]
            valid = False
        if name and not email:
            self.email.errors = [
                *self.email.errors,
                gettext("Enter the speaker's email address, so we can invite them."),
            ]
            valid = False
        return valid


class ProposalFormBase(SiteForm):
    # Each call's form class (proposal_form below) adds its own rows of speakers.
    speakers: FieldList[FormField[SpeakerEntryForm]]
    title = StringField(_l("Title"), validators=[Length(max=200)])
    summary = TextAreaField(
        _l("Summary"),
        description=_l("One or two sentences for the schedule."),
        validators=[Length(max=1000)],
        render_kw={"rows": 3},
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("What will happen, who it is for, and what people will take away."),
        validators=[Length(max=20000)],
        render_kw={"rows": 8},
    )
    format = SelectField(_l("Format"), validate_choice=True)
    mode = SelectField(
        _l("Online, in person or hybrid"),
        choices=[SelectChoice("", _l("Choose one"))]
        + [SelectChoice(mode.value, lazy_label(mode)) for mode in EventMode],
        validate_choice=True,
    )
    preferred_days = MultiCheckboxField(_l("Days that would suit you"), validate_choice=True)
    preferred_times = MultiCheckboxField(
        _l("Times of day that would suit you"),
        choices=[SelectChoice(time.value, lazy_label(time)) for time in TimeOfDay],
        validate_choice=True,
    )
    duration_minutes = IntegerField(
        _l("How long it lasts, in minutes"),
        validators=[
            Optional(),
            NumberRange(min=15, max=480, message=_l("Enter 15 to 480 minutes.")),
        ],
    )
    expected_capacity = IntegerField(
        _l("How many people it could take"),
        description=_l("Leave blank if there is no limit."),
        validators=[Optional(), NumberRange(min=1, max=100000, message=_l("Enter 1 or more."))],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=True)
    organisation_name = StringField(
        _l("Hosting organisation"),
        description=_l("The organisation putting on the event. It may be your own or a partner's."),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "organization", "list": "organisations"},
    )
    access_arrangements = TextAreaField(
        _l("Access arrangements"),
        description=_l("For example: captions, BSL interpretation, step-free access, quiet room."),
        validators=[Length(max=5000)],
        render_kw={"rows": 3},
    )
    may_be_recorded = BooleanField(_l("It may be recorded"))
    save = SubmitField(_l("Save as a draft"))
    submit_proposal = SubmitField(_l("Submit the proposal"))

    question_fields: list[tuple[int, str]]

    @property
    def submitting(self) -> bool:
        return bool(self.submit_proposal.data)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.submitting:
            for name, message in REQUIRED_TO_SUBMIT.items():
                field = self[name]
                if field.data in (None, "") and not field.errors:
                    field.errors = [*field.errors, str(message)]
                    valid = False
            for _question_id, name in self.question_fields:
                field = self[name]
                if not (field.data or "").strip() and not field.errors:
                    field.errors = [*field.errors, gettext("Answer this question.")]
                    valid = False
        elif not (self.title.data or "").strip():
            self.title.errors = [*self.title.errors, gettext("Enter a title, even a working one.")]
            valid = False
        emails = [
            (entry.form.email.data or "").strip().lower()
            for entry in self.speakers.entries
            if (entry.form.email.data or "").strip()
        ]
        if len(emails) != len(set(emails)):
            self.speakers.errors = [gettext("Name each speaker once.")]
            valid = False
        return valid

    def details(self) -> ProposalDetails:
        return ProposalDetails(
            title=self.title.data or "",
            summary=self.summary.data or "",
            description=self.description.data or "",
            format=EventFormat(self.format.data) if self.format.data else None,
            mode=EventMode(self.mode.data) if self.mode.data else None,
            preferred_days=list(self.preferred_days.data or []),
            preferred_times=list(self.preferred_times.data or []),
            duration_minutes=self.duration_minutes.data,
            expected_capacity=self.expected_capacity.data,
            theme_ids=list(self.themes.data or []),
            organisation_name=self.organisation_name.data or "",
            access_arrangements=self.access_arrangements.data or "",
            may_be_recorded=bool(self.may_be_recorded.data),
            speakers=[
                SpeakerEntry(
                    name=entry.form.name.data or "",
                    email=entry.form.email.data or "",
                    organisation_name=entry.form.organisation_name.data or "",
                    role=SpeakerRole(entry.form.role.data or SpeakerRole.SPEAKER.value),
                )
                for entry in self.speakers.entries
                if (entry.form.name.data or "").strip()
            ],
            answers={
                question_id: self[name].data or "" for question_id, name in self.question_fields
            },
        )

    def fill(self, details: ProposalDetails) -> None:
        for name in (
            "title",
            "summary",
            "description",
            "duration_minutes",
            "expected_capacity",
            "organisation_name",
            "access_arrangements",
            "may_be_recorded",
        ):
            self[name].data = getattr(details, name)
        self.format.data = details.format.value if details.format else ""
        self.mode.data = details.mode.value if details.mode else ""
        self.preferred_days.data = details.preferred_days
        self.preferred_times.data = details.preferred_times
        self.themes.data = details.theme_ids
        for entry, speaker in zip(self.speakers.entries, details.speakers, strict=False):
            entry.form.name.data = speaker.name
            entry.form.email.data = speaker.email
            entry.form.organisation_name.data = speaker.organisation_name
            entry.form.role.data = speaker.role.value
        for question_id, name in self.question_fields:
            self[name].data = details.answers.get(question_id, "")


def proposal_form(
    call: CallForEvents,
    days: list[date],
    themes: list[Theme],
    speaker_count: int = 0,
    **kwargs: Any,
) -> ProposalFormBase:
    """The proposal form for this call: its formats, themes and questions."""
    rows = max(MIN_SPEAKER_ROWS, speaker_count + 2)

    class ProposalForm(ProposalFormBase):
        speakers = FieldList(
            FormField(SpeakerEntryForm),
            "Speakers",
            min_entries=rows,
            max_entries=20,
        )

    question_fields = []
    for question in call.questions:
        name = f"answer_{question.id}"
        setattr(
            ProposalForm,
            name,
            TextAreaField(
                question.text,
                validators=[Length(max=5000)],
                render_kw={"rows": 4},
            ),
        )
        question_fields.append((question.id, name))
    form = ProposalForm(**kwargs)
    form.question_fields = question_fields
    form.format.choices = [SelectChoice("", _l("Choose a format"))] + [
        SelectChoice(f.value, lazy_label(f)) for f in call.formats
    ]
    form.preferred_days.choices = [SelectChoice(day.isoformat(), format_day(day)) for day in days]
    form.themes.choices = [SelectChoice(theme.id, theme.name) for theme in themes]
    return form


class CommentForm(SiteForm):
    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Write a comment.")), Length(max=10000)],
        render_kw={"rows": 4},
    )
    internal = BooleanField(
        _l("Only for organisers"),
        description=_l("The proposer will not see it, and is not emailed."),
    )


class DecisionForm(SiteForm):
    """Asking for changes, accepting or declining, with a message emailed to the proposer."""

    message = TextAreaField(_l("Message to the proposer"), validators=[Length(max=10000)])


class ProposalFilterForm(SiteForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status"))]
        + [
            SelectChoice(s.value, lazy_label(s))
            for s in ProposalStatus
            if s != ProposalStatus.DRAFT
        ],
        validate_choice=False,
    )
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice("", _l("Any format"))]
        + [SelectChoice(f.value, lazy_label(f)) for f in EventFormat],
        validate_choice=False,
    )
    theme = SelectField(_l("Theme"), validate_choice=False)
    q = StringField(_l("Title or organisation contains"), validators=[Length(max=200)])

    def set_themes(self, themes: list[Theme]) -> None:
        self.theme.choices = [SelectChoice("", _l("Any theme"))] + [
            SelectChoice(theme.slug, theme.name) for theme in themes
        ]

    def filters(self) -> ProposalFilters:
        """The filters that name a real choice; anything else is ignored."""
        statuses = {s.value for s in ProposalStatus}
        formats = {f.value for f in EventFormat}
        themes = {
            str(choice.value) for choice in cast("list[SelectChoice]", self.theme.choices or [])
        }
        return ProposalFilters(
            status=ProposalStatus(self.status.data) if self.status.data in statuses else None,
            format=EventFormat(self.format.data) if self.format.data in formats else None,
            theme=self.theme.data if self.theme.data and self.theme.data in themes else None,
            text=(self.q.data or "").strip()[:200] or None,
        )
