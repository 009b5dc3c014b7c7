"""Forms of the community pages. Services check the rules again; forms give early messages."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..bilingual import welsh_field, welsh_values
from ..forms_common import Form, SelectChoice
from ..lazy_text import _l, lazy_label
from ..models import CommunityStatus, MembershipRule
from .meetings import MAX_EVERY_WEEKS, MAX_TIMES, WEEKDAYS
from .membership import ORGANISATION_MAX, WORKING_ON_MAX, Profile
from .running import COMMUNITY_WELSH, LIMIT_MAX, NAME_MAX, PURPOSE_MAX, CommunityDetails


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(Form):
    """A button: CSRF only."""


class ProfileForm(Form):
    organisation = StringField(_l("Your organisation"), validators=[Length(max=ORGANISATION_MAX)])
    working_on = TextAreaField(
        _l("What you are working on"),
        description=_l(
            "A sentence or two for the other members, such as the experiment you are "
            "bringing to the group."
        ),
        validators=[Length(max=WORKING_ON_MAX)],
    )
    # The wording recorded with the choice is CONSENT_WORDING; the reader sees it in their language.
    show_to_members = BooleanField(
        _l(
            "Show my name, organisation and what I am working on to the other members of this "
            "community."
        )
    )

    def profile(self) -> Profile:
        return Profile(
            self.organisation.data or "",
            self.working_on.data or "",
            bool(self.show_to_members.data),
        )


class CommunityForm(Form):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=NAME_MAX)]
    )
    purpose = TextAreaField(
        _l("Purpose"),
        description=_l("What the community is for and who it is for. Markdown is allowed."),
        validators=[Length(max=PURPOSE_MAX)],
    )
    # Welsh beside the English (hls_events/bilingual.py).
    name_cy = welsh_field(_l("Name in Welsh"), NAME_MAX)
    purpose_cy = welsh_field(_l("Purpose in Welsh"), PURPOSE_MAX, long=True)
    membership_rule = SelectField(
        _l("How people join"),
        choices=[SelectChoice(rule.value, lazy_label(rule)) for rule in MembershipRule],
    )
    member_limit = IntegerField(
        _l("Member limit"),
        description=_l("Leave empty for no limit."),
        validators=[Optional(), NumberRange(min=1, max=LIMIT_MAX, message=_l("Enter 1 or more."))],
    )
    waitlist_open = BooleanField(_l("Keep a waiting list when the community is full"), default=True)
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(status.value, lazy_label(status)) for status in CommunityStatus],
    )

    def details(self) -> CommunityDetails:
        return CommunityDetails(
            name=self.name.data or "",
            purpose=self.purpose.data or "",
            membership_rule=MembershipRule(self.membership_rule.data),
            member_limit=self.member_limit.data,
            waitlist_open=bool(self.waitlist_open.data),
            status=CommunityStatus(self.status.data),
            welsh=welsh_values(self, COMMUNITY_WELSH),
        )


class NewCommunityForm(CommunityForm):
    facilitators = TextAreaField(
        _l("Facilitators"),
        description=_l("The email address of each facilitator, one a line. They need an account."),
        validators=[DataRequired(_l("Name at least one facilitator.")), Length(max=5000)],
    )


class EmailForm(Form):
    email = StringField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Length(max=254),
            Email(_l("Enter an email address in the right format, like name@example.org.")),
        ],
    )


class RepeatForm(Form):
    every_weeks = IntegerField(
        _l("Every how many weeks"),
        default=2,
        validators=[
            DataRequired(_l("Enter how many weeks apart.")),
            NumberRange(
                min=1, max=MAX_EVERY_WEEKS, message=_l("Enter 1 to %(most)s.", most=MAX_EVERY_WEEKS)
            ),
        ],
    )
    weekday = SelectField(
        _l("On"),
        coerce=int,
        choices=[SelectChoice(number, name) for number, name in enumerate(WEEKDAYS)],
    )
    starts = TimeField(_l("From"), validators=[DataRequired(_l("Enter the time it starts."))])
    ends = TimeField(_l("To"), validators=[DataRequired(_l("Enter the time it ends."))])
    # Not DataRequired: 0 reaches the service, which says the rule makes no meetings.
    times = IntegerField(
        _l("How many times"),
        default=6,
        validators=[
            NumberRange(min=0, max=MAX_TIMES, message=_l("Enter 1 to %(most)s.", most=MAX_TIMES)),
        ],
    )
    first_day = DateField(_l("From the first such day on or after"), validators=[DataRequired()])
    joining_url = StringField(_l("Joining link (members only)"), validators=[Length(max=500)])
    venue_name = StringField(_l("Place, if it meets in person"), validators=[Length(max=200)])


class MoveForm(Form):
    day = DateField(_l("Day"), validators=[DataRequired(_l("Enter the day."))])
    starts = TimeField(_l("From"), validators=[DataRequired(_l("Enter the time it starts."))])
    ends = TimeField(_l("To"), validators=[DataRequired(_l("Enter the time it ends."))])


class TasterForm(Form):
    places = IntegerField(
        _l("Places for newcomers"),
        description=_l("Leave empty for no limit."),
        validators=[Optional(), NumberRange(min=1, max=10_000, message=_l("Enter 1 or more."))],
    )


class ApologyForm(Form):
    note = TextAreaField(_l("A note for the facilitators (optional)"), validators=[Length(max=500)])


class AttendanceForm(Form):
    came = MultiCheckboxField(_l("Who came"), coerce=int, choices=[])
