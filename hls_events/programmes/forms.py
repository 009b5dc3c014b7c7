from __future__ import annotations

from datetime import date

from wtforms import SelectField

from ..forms_common import Form, SelectChoice
from ..lazy_text import _l
from ..localtime import format_day
from ..models import EventFormat, EventMode, Theme
from ..translation import gettext
from .services import ScheduleFilters


class ScheduleFilterForm(Form):
    """The schedule filters, read from the query string so a filtered view can be shared."""

    class Meta:
        csrf = False

    day = SelectField(_l("Day"), validate_choice=True)
    theme = SelectField(_l("Theme"), validate_choice=True)
    format = SelectField(_l("Format"), validate_choice=True)
    mode = SelectField(_l("Mode"), validate_choice=True)

    def set_choices(self, days: list[date], themes: list[Theme], *, any_day: bool = True) -> None:
        """``any_day`` False: a large programme's schedule shows one day at a time."""
        self.day.choices = [SelectChoice("", _l("Any day"))] * any_day + [
            SelectChoice(d.isoformat(), format_day(d)) for d in days
        ]
        self.theme.choices = [SelectChoice("", _l("Any theme"))] + [
            SelectChoice(t.slug, t.name) for t in themes
        ]
        self.format.choices = [SelectChoice("", _l("Any format"))] + [
            SelectChoice(f.value, f.label) for f in EventFormat
        ]
        self.mode.choices = [SelectChoice("", _l("Online, in person or hybrid"))] + [
            SelectChoice(m.value, m.label) for m in EventMode
        ]

    def filters(self) -> ScheduleFilters:
        """The valid filters; a value that is not a choice is reported beside its field and ignored."""
        values = {}
        for field in (self.day, self.theme, self.format, self.mode):
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
        return ScheduleFilters(
            day=date.fromisoformat(values["day"]) if "day" in values else None,
            theme=values.get("theme"),
            format=EventFormat(values["format"]) if "format" in values else None,
            mode=EventMode(values["mode"]) if "mode" in values else None,
        )
