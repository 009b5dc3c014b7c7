from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms_common import Form
from ..lazy_text import _l
from ..localtime import is_valid_timezone


class ScheduleUploadForm(Form):
    file = FileField(
        _l("Schedule file (schedule.json, as pretalx or frab export it)"),
        validators=[FileRequired(_l("Choose a schedule.json file."))],
    )
    timezone = StringField(
        _l("Time zone, if the file names none"),
        default="Europe/London",
        validators=[DataRequired(), Length(max=64)],
    )

    def validate_timezone(self, field: StringField) -> None:
        if not is_valid_timezone((field.data or "").strip()):
            raise ValidationError(_l("Enter a time zone such as Europe/London."))


class ScheduleConfirmForm(Form):
    upload = HiddenField(validators=[DataRequired()])


class EventRowsUploadForm(Form):
    file = FileField(
        _l("Events file (CSV, one row per session)"),
        validators=[FileRequired(_l("Choose a CSV file of events."))],
    )


class EventRowsConfirmForm(Form):
    upload = HiddenField(validators=[DataRequired()])
