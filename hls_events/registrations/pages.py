"""What the event page's register block and the programme page's "register for several" show,
built by the routes before rendering so that the templates query nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_login import current_user

from ..models import Event, Programme, Registration, utcnow
from ..organise.permissions import can_manage_event
from . import queries, questions
from .forms import RegistrationForm, registration_form
from .notices import registration_token


def form_for(event: Event, **kwargs: Any) -> RegistrationForm:
    """The registration form for this event and this visitor (signed in or not)."""
    return registration_form(
        questions.questions_for(event),
        signed_in=bool(current_user.is_authenticated),
        consents_to_ask=queries.consents_not_given(current_user),
        **kwargs,
    )


@dataclass(frozen=True)
class RegisterBox:
    """What the event page's register block shows."""

    availability: queries.EventAvailability
    registration: Registration | None
    token: str
    form: RegistrationForm | None
    action: str
    # For the event's organisers and hosts: their list of who is coming.
    manage_url: str


def register_box(event: Event, form: RegistrationForm | None = None) -> RegisterBox:
    """The visitor's registration or the form to register, and the places left.

    ``form`` is the one sent back with a problem; without it a fresh form is made when the
    visitor may register."""
    registration = queries.registration_of(current_user, event)
    availability = queries.availability(event, utcnow())
    active = registration is not None and registration.is_active
    if form is None and availability.can_register and not active:
        form = form_for(event)
    return RegisterBox(
        availability=availability,
        registration=registration,
        token=registration_token(registration) if registration is not None else "",
        form=form,
        action=url_for(
            "registrations.register",
            programme_slug=event.programme.slug,
            event_slug=event.slug,
        ),
        manage_url=url_for(
            "registrations_organise.index",
            programme_slug=event.programme.slug,
            event_slug=event.slug,
        )
        if can_manage_event(current_user, event)
        else "",
    )


def open_event_ids(programme: Programme) -> frozenset[int]:
    """The ids of the programme's events taking registrations: who may tick them together."""
    return frozenset(event.id for event in queries.registrable_events(programme, utcnow()))
