"""The organiser's desk forms: an email to an audience of the programme."""

from __future__ import annotations

from typing import Any

from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length

from ..forms_common import Form, SelectChoice
from ..lazy_text import _l
from ..models import Event
from .mailing import BODY_MAX, SUBJECT_MAX, Audience


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class DeskEmailForm(Form):
    """Who to email and what to say. ``step`` is the button pressed: preview, test, confirm,
    send or edit."""

    audience = RadioField(
        _l("Send to"),
        validators=[InputRequired(_l("Choose who to send to."))],
        validate_choice=True,
    )
    event = SelectField(_l("Event"), coerce=int, validate_choice=False)
    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Enter a subject.")),
            Length(
                max=SUBJECT_MAX,
                message=_l("Keep the subject to 200 characters or fewer."),
            ),
        ],
        filters=[_strip],
    )
    body = TextAreaField(
        _l("Message"),
        description=_l(
            "Plain text. Each email greets the person by name and, for people with a place, "
            "ends with the details of their events and their link to their registration."
        ),
        validators=[
            DataRequired(_l("Write the message: an email with no text cannot be sent.")),
            Length(
                max=BODY_MAX,
                message=_l("Keep the message to 10,000 characters or fewer."),
            ),
        ],
        filters=[_strip],
    )
    step = HiddenField()
    event_ids: set[int] = set()

    def offer(self, audiences: list[Audience], events: list[Event]) -> None:
        """The audiences and events this person may choose from."""
        self.audience.choices = [SelectChoice(a.value, a.label) for a in audiences]
        if self.audience.data is None and audiences:
            self.audience.data = audiences[0].value
        self.event_ids = {event.id for event in events}
        self.event.choices = [SelectChoice(0, _l("Choose an event"))] + [
            SelectChoice(event.id, event.title) for event in events
        ]

    def chosen_event(self, events: list[Event]) -> Event | None:
        return next((event for event in events if event.id == self.event.data), None)

    def validate_event(self, field: SelectField) -> None:
        if self.audience.data == Audience.EVENT.value and field.data not in self.event_ids:
            raise ValidationError(_l("Choose one of the programme's events."))
