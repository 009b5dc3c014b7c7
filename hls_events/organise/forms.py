from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
    ValidationError,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..bilingual import welsh_field
from ..forms_common import Form, SelectChoice
from ..lazy_text import _l, lazy_label
from ..localtime import (
    NonexistentLocalTime,
    format_day,
    is_valid_timezone,
    to_utc,
)
from ..models import EventFormat, EventMode, ProgrammeRole
from ..registrations.window_fields import ClosesAfterOpening, registration_window_fields
from ..translation import gettext

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
    # Welsh beside the English (hls_events/bilingual.py).
    title_cy = welsh_field(_l("Title in Welsh"), 200)
    summary_cy = welsh_field(_l("Summary in Welsh"), 1000, long=True)
    description_cy = welsh_field(_l("Description in Welsh"), 20000, long=True)
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
        description=_l(
            "Separate several with commas. A theme added here is offered to this programme only."
        ),
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


class EventForm(ClosesAfterOpening, Form):
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
    # Welsh beside the English (hls_events/bilingual.py).
    title_cy = welsh_field(_l("Title in Welsh"), 200)
    summary_cy = welsh_field(_l("Summary in Welsh"), 1000, long=True)
    description_cy = welsh_field(_l("Description in Welsh"), 20000, long=True)
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
        render_kw={"list": "organisation-names", "autocomplete": "off"},
    )
    new_organisation_is_different = BooleanField(
        _l("It is a different organisation from the ones on the list")
    )
    capacity, registration_opens_at, registration_closes_at = registration_window_fields(
        _l("Leave blank for no limit.")
    )
    is_recorded = BooleanField(_l("This event will be recorded"))
    access_arrangements = TextAreaField(
        _l("Access arrangements"),
        description=_l("For example: captions, BSL interpretation, step-free access, quiet room."),
        validators=[Length(max=5000)],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=True)

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
    title_cy = welsh_field(_l("Name of this session in Welsh"), 200)
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
        render_kw={"list": "organisation-names", "autocomplete": "off"},
    )
    new_organisation_is_different = BooleanField(
        _l("It is a different organisation from the ones on the list")
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


class CopyProgrammeForm(Form):
    """Copying a programme: the copy's name, how far its dates move, and whether its events
    come too. ``confirm`` is "yes" once the preview has been seen."""

    title = StringField(
        _l("Title of the copy"),
        validators=[DataRequired(_l("Enter a title.")), Length(max=200)],
    )
    slug = StringField(
        _l("Web address name"),
        description=_l("Leave blank to make one from the title."),
        validators=[Optional(), Length(max=80), SLUG_RULE],
    )
    weeks = IntegerField(
        _l("Move the dates by this many weeks"),
        description=_l(
            "52 weeks is the same day of the week a year later. A negative number moves back."
        ),
        validators=[
            InputRequired(_l("Enter a whole number of weeks, such as 52.")),
            NumberRange(min=-520, max=520, message=_l("Enter a number from -520 to 520.")),
        ],
    )
    with_events = BooleanField(_l("Copy the events and their sessions too"))
    confirm = HiddenField()


class MergeOrganisationsForm(Form):
    """Which organisation goes, and which one it becomes."""

    source = SelectField(
        _l("Merge this organisation"),
        description=_l("It is removed: its events, hosts and speakers move."),
        coerce=int,
        validate_choice=True,
    )
    target = SelectField(
        _l("Into this one"),
        description=_l("It stays, with its name."),
        coerce=int,
        validate_choice=True,
    )
