"""An event's places and registration window, as form fields: written once for the organiser's
event form and the event's registration settings, so that their labels, rules and messages
cannot drift apart."""

from __future__ import annotations

from wtforms import DateTimeLocalField, IntegerField, ValidationError
from wtforms.validators import NumberRange, Optional

from ..lazy_text import _l

PLACES_MAX = 100000


def registration_window_fields(
    places_description: str,
) -> tuple[IntegerField, DateTimeLocalField, DateTimeLocalField]:
    """The places, registration opens and registration closes fields, in that order, for a form
    to take as ``capacity, registration_opens_at, registration_closes_at`` with
    ``ClosesAfterOpening`` among its bases. Only the hint under the places differs by page."""
    capacity = IntegerField(
        _l("Places"),
        description=places_description,
        validators=[
            Optional(),
            NumberRange(min=0, max=PLACES_MAX, message=_l("Enter 0 or more.")),
        ],
    )
    opens = DateTimeLocalField(
        _l("Registration opens"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the programme's time zone. Leave blank to open on publishing."),
    )
    closes = DateTimeLocalField(
        _l("Registration closes"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the programme's time zone. Leave blank to close when the event starts."),
    )
    return capacity, opens, closes


class ClosesAfterOpening:
    """The rule between the two dates of ``registration_window_fields``, for the form holding
    them: registration cannot close before it opens."""

    registration_opens_at: DateTimeLocalField

    def validate_registration_closes_at(self, field: DateTimeLocalField) -> None:
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))
