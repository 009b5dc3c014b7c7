"""What the event page's register block and the programme page's "register for several" show,
built by the routes before rendering so that the templates query nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from flask import get_template_attribute, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from ..extensions import db
from ..i18n import current_language
from ..localtime import format_day, to_local
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    Programme,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    utcnow,
)
from ..organise.permissions import can_manage_event
from ..translation import gettext, ngettext
from . import people, queries, questions
from .availability import Window, window
from .forms import RegistrationForm, registration_form, registration_form_class
from .notices import registration_token
from .questions import Questions


def form_for(event: Event, **kwargs: Any) -> RegistrationForm:
    """The registration form for this event and this visitor (signed in or not). People who
    have registered before find their organisation, sector and role filled in."""
    return form_asking(questions.question_shapes(event.programme_id, event.id), **kwargs)


def form_asking(asked: Questions, **kwargs: Any) -> RegistrationForm:
    """``form_for`` an event asking these questions, for a registration posted (nothing else
    loaded: posting.py reads them with the event's ids)."""
    return registration_form(
        asked,
        signed_in=bool(current_user.is_authenticated),
        consents_to_ask=queries.consents_not_given(current_user),
        **{**people.details_from_last_time(current_user), **kwargs},
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
    # The blank form's fields as every signed-out visitor sees them (see ``blank_fields``).
    fields_html: Markup | None = None


def register_box(event: Event, form: RegistrationForm | None = None) -> RegisterBox:
    """The visitor's registration or the form to register, and the places left.

    ``form`` is the one sent back with a problem; without it a fresh form is made when the
    visitor may register."""
    registration = queries.registration_of(current_user, event)
    availability = queries.availability(event, utcnow())
    active = registration is not None and registration.is_active
    fields_html = None
    if form is None and availability.can_register and not active:
        if current_user.is_authenticated:
            form = form_for(event)
        else:  # a blank form: only its fields are shown, and the same for everyone
            form_class = registration_form_class(questions.questions_for(event))
            fields_html = blank_fields(form_class, current_language())
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
        fields_html=fields_html,
    )


@lru_cache(maxsize=512)
def blank_fields(form_class: type[RegistrationForm], language: str) -> Markup:
    """The fields of a blank registration form for a signed-out visitor, written once per
    worker for each form (its questions and consents) and language. They hold nothing of the
    visitor, the event's places or the moment, and were a quarter of a built event page; the
    form's CSRF token is written apart, for each visitor."""
    form = form_class(formdata=None)
    who = get_template_attribute("registrations/_fields.html", "who_is_registering")
    asked = get_template_attribute("registrations/_fields.html", "registration_questions")
    return Markup(who(form) + asked(form))


def open_event_ids(programme: Programme) -> frozenset[int]:
    """The ids of the programme's events taking registrations: who may tick them together."""
    return frozenset(event.id for event in queries.registrable_events(programme, utcnow()))


@dataclass(frozen=True)
class Standing:
    """Where an event stands, for the programme's schedule: a few words, and whether it may be
    ticked to register for several at once."""

    text: str
    choosable: bool = False
    # "mine", "full", "open", "closed" or "cancelled": for the tag's style.
    kind: str = "open"


def _own_registrations(programme: Programme) -> dict[int, Registration]:
    if not current_user.is_authenticated:
        return {}
    rows = db.session.scalars(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(Event.programme_id == programme.id, Registration.user_id == current_user.id)
    )
    return {registration.event_id: registration for registration in rows}


def _places_held(event_ids: list[int]) -> Counter[int]:
    """Places held at each of these events: counted from the (event, status) index for the
    events shown alone, not for the whole programme (a day of 2,000 events shows 100)."""
    rows = db.session.execute(
        select(Registration.event_id, func.count())
        .where(
            Registration.event_id.in_(event_ids),
            Registration.status.in_(PLACE_HOLDING_STATUSES),
        )
        .group_by(Registration.event_id)
    )
    return Counter({event_id: count for event_id, count in rows})


def _waitlists_off(programme: Programme) -> set[int]:
    return set(
        db.session.scalars(
            select(RegistrationSettings.event_id)
            .join(Event, Event.id == RegistrationSettings.event_id)
            .where(
                Event.programme_id == programme.id,
                RegistrationSettings.waitlist_enabled.is_(False),
            )
        )
    )


def schedule_standings(
    programme: Programme, events: list[Event], now: datetime | None = None
) -> dict[int, Standing]:
    """Each event's standing for the current visitor, in a fixed number of queries: "3 places
    left", "Full: join the waiting list", "Registration opens on ...", "Cancelled", and for a
    signed-in person "You have a place" or "You are number 4 on the waiting list"."""
    now = now or utcnow()
    mine = _own_registrations(programme)
    held = _places_held(sorted(event.id for event in events if event.capacity is not None))
    no_waitlist = _waitlists_off(programme)
    standings: dict[int, Standing] = {}
    for event in events:
        state = window(event, now)
        if state == Window.CANCELLED or (
            event.sessions and all(session.is_cancelled for session in event.sessions)
        ):
            standings[event.id] = Standing(gettext("Cancelled"), kind="cancelled")
            continue
        registration = mine.get(event.id)
        if registration is not None and registration.holds_place:
            standings[event.id] = Standing(gettext("You have a place"), kind="mine")
            continue
        if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
            standings[event.id] = Standing(
                gettext(
                    "You are number %(position)s on the waiting list",
                    position=registration.waitlist_position or 1,
                ),
                kind="mine",
            )
            continue
        if state == Window.NOT_YET and event.registration_opens_at is not None:
            opens = format_day(to_local(event.registration_opens_at, programme.zone).date())
            standings[event.id] = Standing(
                gettext("Registration opens on %(day)s", day=opens), kind="closed"
            )
            continue
        if state != Window.OPEN:
            continue
        left = None if event.capacity is None else max(event.capacity - held[event.id], 0)
        if left == 0:
            if event.id in no_waitlist:
                standings[event.id] = Standing(gettext("Full"), kind="full")
            else:
                standings[event.id] = Standing(gettext("Full: join the waiting list"), kind="full")
        elif left is not None:
            places = ngettext("%(num)d place left", "%(num)d places left", left)
            standings[event.id] = Standing(places, choosable=True)
        else:
            standings[event.id] = Standing(gettext("Places available"), choosable=True)
    return standings
