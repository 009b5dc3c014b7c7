from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from flask_babel import gettext
from wtforms import (  # type: ignore[attr-defined]  # types-WTForms 3.2.1 predates WTForms 3.3's SelectChoice
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
    ValidationError,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms_common import Form
from ..lazy_text import _l, lazy_label
from ..localtime import NonexistentLocalTime, format_day, is_valid_timezone, to_utc
from ..models import EventFormat, EventMode, ProgrammeRole

SLUG_RULE = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Use lower-case letters, numbers and single hyphens, like hls-week-2027."),
)

COMMON_TIMEZONES = [
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProgrammeForm(Form):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)]
    )
    slug = StringField(
        _l("Web address name"),
        description=_l(
            "Used in the programme's web address. Leave blank to make one from the title."
            " It cannot be changed later, because calendars and bookmarks depend on it."
        ),
        validators=[Optional(), Length(max=80), SLUG_RULE],
    )
    summary = TextAreaField(
        _l("Summary"), description=_l("One or two sentences."), validators=[Length(max=1000)]
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    timezone = StringField(
        _l("Time zone"),
        default="Europe/London",
        description=_l("An IANA time zone such as Europe/London. Times are shown in this zone."),
        validators=[DataRequired(_l("Enter a time zone.")), Length(max=64)],
        render_kw={"list": "timezones"},
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Enter the first day."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Enter the last day."))])
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=True)
    new_themes = StringField(
        _l("Add themes"),
        description=_l("Separate several with commas."),
        validators=[Length(max=500)],
    )

    def validate_timezone(self, field: StringField) -> None:
        if not is_valid_timezone((field.data or "").strip()):
            raise ValidationError(_l("Enter a time zone from the list, such as Europe/London."))

    def validate_ends_on(self, field: DateField) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be on or after the first day."))

    def new_theme_names(self) -> list[str]:
        return [name.strip() for name in (self.new_themes.data or "").split(",") if name.strip()]


class EventForm(Form):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)]
    )
    slug = StringField(
        _l("Web address name"),
        description=_l("Leave blank to make one from the title. It cannot be changed later."),
        validators=[Optional(), Length(max=80), SLUG_RULE],
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("One or two sentences for the schedule."),
        validators=[Length(max=1000)],
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice(f.value, lazy_label(f)) for f in EventFormat],
        validate_choice=True,
    )
    mode = SelectField(
        _l("Mode"),
        choices=[SelectChoice(m.value, lazy_label(m)) for m in EventMode],
        validate_choice=True,
    )
    organisation_id = SelectField(_l("Hosting organisation"), coerce=int, validate_choice=True)
    new_organisation = StringField(
        _l("Or add a hosting organisation"),
        description=_l("If the host is not in the list above, type its name."),
        validators=[Length(max=200)],
    )
    capacity = IntegerField(
        _l("Places"),
        description=_l("Leave blank for no limit."),
        validators=[Optional(), NumberRange(min=0, max=100000, message=_l("Enter 0 or more."))],
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the programme's time zone. Leave blank to open on publishing."),
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the programme's time zone. Leave blank to close when the event starts."),
    )
    is_recorded = BooleanField(_l("This event will be recorded"))
    access_arrangements = TextAreaField(
        _l("Access arrangements"),
        description=_l("For example: captions, BSL interpretation, step-free access, quiet room."),
        validators=[Length(max=5000)],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=True)

    def validate_registration_closes_at(self, field: DateTimeLocalField) -> None:
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))

    def validate_new_organisation(self, field: StringField) -> None:
        if not (field.data or "").strip() and not self.organisation_id.data:
            raise ValidationError(
                _l("Choose a hosting organisation or type the name of a new one.")
            )


class SessionForm(Form):
    title = StringField(
        _l("Name of this session"),
        description=_l("Optional, for events with several sessions, like “Part 1”."),
        validators=[Length(max=200)],
    )
    day = DateField(_l("Day"), validators=[DataRequired(_l("Enter the day."))])
    starts_at = TimeField(_l("Starts"), validators=[DataRequired(_l("Enter the start time."))])
    ends_at = TimeField(_l("Ends"), validators=[DataRequired(_l("Enter the end time."))])
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    venue_address = TextAreaField(_l("Venue address"), validators=[Length(max=1000)])
    joining_url = URLField(
        _l("Joining link"),
        description=_l("Shown only to people with a confirmed place, never on public pages."),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address starting https://")),
            Length(max=500),
        ],
    )

    def __init__(
        self, *args: object, zone: ZoneInfo, first_day: date, last_day: date, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.first_day = first_day
        self.last_day = last_day

    def validate_day(self, field: DateField) -> None:
        if field.data and not self.first_day <= field.data <= self.last_day:
            raise ValidationError(
                gettext(
                    "Choose a day within the programme, %(first)s to %(last)s.",
                    first=format_day(self.first_day),
                    last=format_day(self.last_day),
                )
            )

    def validate_starts_at(self, field: TimeField) -> None:
        self._check_exists(field.data)

    def validate_ends_at(self, field: TimeField) -> None:
        self._check_exists(field.data)
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The session must end after it starts."))

    def _check_exists(self, clock: time | None) -> None:
        if self.day.data and clock:
            try:
                to_utc(self.day.data, clock, self.zone)
            except NonexistentLocalTime as error:
                raise ValidationError(str(error)) from error


class InvitationForm(Form):
    email = EmailField(
        _l("Email address"),
        description=_l("They accept by signing in, or creating an account, with this address."),
        validators=[
            DataRequired(_l("Enter their email address.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    role = RadioField(
        _l("Invite them to"),
        choices=[
            SelectChoice(ProgrammeRole.ORGANISER.value, _l("Organise the whole programme")),
            SelectChoice(ProgrammeRole.HOST.value, _l("Host the events of one organisation")),
        ],
        default=ProgrammeRole.HOST.value,
        validate_choice=True,
    )
    organisation_id = SelectField(
        _l("Organisation they host for"),
        description=_l("Only for hosts."),
        coerce=int,
        default=0,
        validate_choice=True,
    )
    new_organisation = StringField(
        _l("Or add an organisation"),
        description=_l("If the organisation is not in the list above, type its name."),
        validators=[Length(max=200)],
    )

    def validate_organisation_id(self, field: SelectField) -> None:
        if (
            self.role.data == ProgrammeRole.HOST.value
            and not field.data
            and not (self.new_organisation.data or "").strip()
        ):
            raise ValidationError(
                _l("Choose the organisation whose events they will host, or type its name.")
            )
