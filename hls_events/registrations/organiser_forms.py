"""The organisers' and hosts' registration forms: adding and moving people, filtering the
list, emailing, places and dates, questions, attendance."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
)

from ..forms_common import EMAIL_MAX, Form, SelectChoice
from ..inputs import form_id
from ..lazy_text import _l, lazy_label
from ..models import QuestionKind, RegistrationStatus, Sector
from .answers import Answers
from .forms import NAME_MAX, MultiCheckboxField, _sector_choices, _strip
from .questions import QuestionDetails
from .window_fields import ClosesAfterOpening, registration_window_fields

# --- Organisers ---------------------------------------------------------------------------------


class AddRegistrationForm(Form):
    """An organiser or host registering someone else: every label speaks of "them"."""

    name = StringField(
        _l("Their name"),
        validators=[
            DataRequired(_l("Enter their name.")),
            Length(
                max=NAME_MAX,
                message=_l("Their name must be %(count)s characters or fewer.", count=NAME_MAX),
            ),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter their email address.")),
            Length(max=EMAIL_MAX),
            Email(_l("Enter an email address in the right format, like name@example.org.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    organisation = StringField(
        _l("Their organisation"),
        description=_l("Where they work or volunteer, if anywhere."),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    sector = SelectField(
        _l("Sector"), choices=_sector_choices(), validators=[Optional()], validate_choice=True
    )
    access_needs = TextAreaField(
        _l("Their access needs"),
        description=_l(
            "Anything that would help them take part, such as captions, a British Sign "
            "Language interpreter or step-free access. Only the organisers and the event's hosts "
            "see this."
        ),
        validators=[Optional(), Length(max=5000)],
        filters=[_strip],
    )
    share_with_host = BooleanField(
        _l("They agree that the event's hosts may see their name and email")
    )

    def answers(self) -> Answers:
        return Answers(
            organisation=self.organisation.data or "",
            sector=Sector(self.sector.data) if self.sector.data else None,
            access_needs=self.access_needs.data or "",
            share_with_host=bool(self.share_with_host.data),
        )


class MoveRegistrationForm(Form):
    event = SelectField(_l("Move to"), coerce=int, validate_choice=True)


STATUS_FILTER_CHOICES = [SelectChoice("", _l("Any status"))] + [
    SelectChoice(status.value, lazy_label(status)) for status in RegistrationStatus
]


class RegistrationFilterForm(Form):
    """Filters for the organiser's list, read from the address so a view can be shared."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=STATUS_FILTER_CHOICES, validate_choice=False)
    sector = SelectField(
        _l("Sector"),
        choices=[SelectChoice("", _l("Any sector"))]
        + [SelectChoice(sector.value, lazy_label(sector)) for sector in Sector],
        validate_choice=False,
    )
    q = StringField(_l("Name, email or organisation"), validators=[Optional(), Length(max=200)])

    def status_filter(self) -> RegistrationStatus | None:
        values = {status.value for status in RegistrationStatus}
        return RegistrationStatus(self.status.data) if self.status.data in values else None

    def sector_filter(self) -> Sector | None:
        values = {sector.value for sector in Sector}
        return Sector(self.sector.data) if self.sector.data in values else None

    def search_filter(self) -> str:
        """What to look for, at most as long as the field takes (a longer one is cut, not
        refused: the list is still shown)."""
        return (self.q.data or "").strip()[:200]


class EmailRegistrantsForm(Form):
    audience = RadioField(
        _l("Send to"),
        choices=[
            SelectChoice("confirmed", _l("Everyone with a place")),
            SelectChoice("waitlisted", _l("Everyone on the waiting list")),
            SelectChoice("both", _l("Both")),
        ],
        default="confirmed",
        validators=[InputRequired(_l("Choose who to send to."))],
        validate_choice=True,
    )
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Enter a subject.")), Length(max=200)],
        filters=[_strip],
    )
    message = TextAreaField(
        _l("Message"),
        description=_l(
            "Plain text. Each person's email also has the event's details and their link to cancel."
        ),
        validators=[DataRequired(_l("Enter a message.")), Length(max=10000)],
        filters=[_strip],
    )


class SettingsForm(ClosesAfterOpening, Form):
    capacity, registration_opens_at, registration_closes_at = registration_window_fields(
        _l("Leave blank for no limit. More places go to the waiting list at once.")
    )
    waitlist = BooleanField(_l("When the event is full, people may join a waiting list"))


class QuestionForm(Form):
    label = StringField(
        _l("Question"),
        validators=[DataRequired(_l("Enter the question.")), Length(max=300)],
        filters=[_strip],
    )
    hint = StringField(
        _l("Hint"),
        description=_l("Optional: a line of help shown under the question."),
        validators=[Optional(), Length(max=500)],
        filters=[_strip],
    )
    kind = RadioField(
        _l("Kind of answer"),
        choices=[SelectChoice(kind.value, lazy_label(kind)) for kind in QuestionKind],
        default=QuestionKind.SHORT_TEXT.value,
        validators=[InputRequired(_l("Choose the kind of answer."))],
        validate_choice=True,
    )
    choices = TextAreaField(
        _l("Choices"),
        description=_l("For the list kinds: one choice per line."),
        validators=[Optional(), Length(max=5000)],
    )
    required = BooleanField(_l("An answer is required"))
    whole_programme = BooleanField(_l("Ask at every event of the programme"))

    def validate_choices(self, field: TextAreaField) -> None:
        kinds = {kind.value: kind for kind in QuestionKind}
        kind = kinds.get(self.kind.data or "")
        if kind is not None and kind.has_choices and len(self.choice_list()) < 2:
            raise ValidationError(_l("Give at least two choices, one per line."))

    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]

    def details(self) -> QuestionDetails:
        return QuestionDetails(
            label=self.label.data or "",
            hint=self.hint.data or "",
            kind=QuestionKind(self.kind.data),
            choices=self.choice_list(),
            required=bool(self.required.data),
            whole_programme="whole_programme" in self and bool(self.whole_programme.data),
        )


class AttendanceForm(Form):
    registrations = MultiCheckboxField(_l("People"), coerce=form_id, validate_choice=False)
    attended = RadioField(
        _l("Mark as"),
        choices=[SelectChoice("yes", _l("Attended")), SelectChoice("no", _l("Did not attend"))],
        validators=[InputRequired(_l("Choose attended or did not attend."))],
        validate_choice=True,
    )
