"""The places and registration window read and check the same on the organiser's event form
and on the event's registration settings: one definition serves both."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from hls_events.organise.forms import EventForm
from hls_events.registrations.organiser_forms import SettingsForm

WINDOW = ("capacity", "registration_opens_at", "registration_closes_at")


def _checked(app, form_class, **data: str):
    with app.test_request_context("/", method="POST"):
        form = form_class(formdata=MultiDict(data), meta={"csrf": False})
        for field in form:
            if getattr(field, "choices", ()) is None:
                field.choices = []  # the event form's organisations and themes, set by its route
        form.validate()
        return {name: [str(error) for error in form[name].errors] for name in WINDOW}, form


@pytest.mark.parametrize("form_class", [EventForm, SettingsForm])
def test_registration_closes_after_it_opens_and_places_are_not_negative(app, form_class):
    errors, _ = _checked(
        app,
        form_class,
        capacity="-1",
        registration_opens_at="2031-10-14T10:00",
        registration_closes_at="2031-10-14T10:00",
    )
    assert errors["capacity"] == ["Enter 0 or more."]
    assert errors["registration_closes_at"] == ["Registration must close after it opens."]
    errors, _ = _checked(
        app,
        form_class,
        capacity="0",
        registration_opens_at="2031-10-14T10:00",
        registration_closes_at="2031-10-14T10:01",
    )
    assert errors == {name: [] for name in WINDOW}


def test_both_forms_say_the_same_but_for_the_hint_under_the_places(app):
    _, event = _checked(app, EventForm)
    _, settings = _checked(app, SettingsForm)
    with app.test_request_context("/"):
        for name in WINDOW:
            assert str(event[name].label.text) == str(settings[name].label.text)
        for name in WINDOW[1:]:
            assert str(event[name].description) == str(settings[name].description)
        assert str(event.capacity.description) == "Leave blank for no limit."
        assert str(settings.capacity.description) == (
            "Leave blank for no limit. More places go to the waiting list at once."
        )
