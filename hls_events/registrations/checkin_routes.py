"""Check-in at the door, made for a phone: the event's list with a search, a tick and its undo,
walk-ins; and the page an attendee's QR code opens. Organisers of the programme and the
event's hosts only (the organise area's decorators and ``can_manage_event``); to anyone else
a QR code reveals nothing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import login_manager
from ..forms_common import render_form
from ..models import Event, Programme, RegistrationStatus, utcnow
from ..organise.permissions import can_manage_event, event_manager_required, is_organiser_of
from ..translation import gettext
from . import checkin, errors
from .blueprints import organiser_blueprint as blueprint
from .checkin_forms import SearchForm, TickForm, WalkInForm

door = Blueprint("check_in", __name__, url_prefix="/check-in")


def _to_list(programme: Programme, event: Event, search: str = "") -> Response:
    return redirect(
        url_for(
            "registrations_organise.check_in",
            programme_slug=programme.slug,
            event_slug=event.slug,
            q=search or None,
        )
    )


def _page(programme: Programme, event: Event, walk_in: WalkInForm | None = None) -> tuple[str, int]:
    search = SearchForm(request.args, meta={"csrf": False})
    query = (search.q.data or "") if search.validate() else ""
    walk_in = walk_in or WalkInForm()
    now = utcnow()
    return render_form(
        "registrations/organise/check_in.html",
        walk_in,
        programme=programme,
        event=event,
        search=search,
        listing=checkin.check_in_list(event, query, is_organiser_of(current_user, programme)),
        open=checkin.is_open(event, now),
        opens_at=checkin.opens_at(event),
        tick=TickForm(),
        walk_in=walk_in,
    )


@blueprint.get("/check-in")
@event_manager_required
def check_in(programme: Programme, event: Event) -> ResponseReturnValue:
    return _page(programme, event)


@blueprint.post("/check-in/<int:registration_id>")
@event_manager_required
def check_in_mark(programme: Programme, event: Event, registration_id: int) -> ResponseReturnValue:
    form = TickForm()
    valid = form.validate_on_submit()
    search = (form.q.data or "") if valid else ""
    if not valid or form.arrived.data not in ("yes", "no"):
        flash(gettext("Press Arrived or Undo next to the person."), "error")
        return _to_list(programme, event, search)
    arrived = form.arrived.data == "yes"
    try:
        registration = checkin.check_in(event.id, registration_id, arrived)
    except errors.RegistrationError as error:
        flash(str(error), "error")
    else:
        name = (
            registration.user.name
            if is_organiser_of(current_user, programme) or registration.share_with_host
            else gettext("the person")
        )
        flash(
            gettext("Checked in %(name)s.", name=name)
            if arrived
            else gettext("Undid the check-in of %(name)s.", name=name),
            "success",
        )
    return _to_list(programme, event, search)


@blueprint.post("/check-in/walk-in")
@event_manager_required
def walk_in(programme: Programme, event: Event) -> ResponseReturnValue:
    form = WalkInForm()
    if form.validate_on_submit():
        try:
            checkin.add_walk_in(event.id, form.email.data or "", form.name.data or "")
        except errors.RegistrationError as error:
            target = form[error.field] if error.field in ("name", "email") else form.email
            target.errors = [str(error)]
        else:
            flash(gettext("Added %(name)s and checked them in.", name=form.name.data), "success")
            return _to_list(programme, event)
    return _page(programme, event, form)


@door.get("/<token>")
def scan(token: str) -> ResponseReturnValue:
    """What an attendee's QR code opens: their check-in, for the people who run the event.
    Anyone else (and any code that is not ours) gets the same "not found" page."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    registration = checkin.registration_for_token(token)
    if registration is None or not can_manage_event(current_user, registration.event):
        return render_template("registrations/organise/check_in_unknown.html"), 404
    event = registration.event
    return render_template(
        "registrations/organise/check_in_person.html",
        programme=event.programme,
        event=event,
        registration=registration,
        cancelled=registration.status == RegistrationStatus.CANCELLED,
        open=checkin.is_open(event, utcnow()),
        opens_at=checkin.opens_at(event),
        tick=TickForm(),
    )
