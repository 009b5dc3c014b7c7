"""The organiser's and host's side of an event's registrations, under
/organise/p/<programme>/events/<event>/registrations/. Guarded by the organise area's
decorators: organisers of the programme and hosts of the event's organisation; moving a
registration to another event, and questions for the whole programme, are for organisers."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, cast

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import SelectChoice, render_form
from ..inputs import page_number
from ..localtime import to_local
from ..models import Event, Programme, RegistrationStatus, utcnow
from ..organise.confirm import Confirmation, ConfirmForm, render_confirmation
from ..organise.permissions import event_manager_required, is_organiser_of, organiser_required
from ..organise.services import local_registration_bound
from ..spreadsheets import csv_writer
from ..translation import gettext, ngettext
from . import (
    availability,
    checkin_routes,  # noqa: F401  (the check-in pages join this blueprint)
    errors,
    organiser_actions,
    queries,
    question_routes,  # noqa: F401  (the questions' pages join this blueprint)
    services,
)
from .blueprints import organiser_blueprint as blueprint
from .csv_columns import REGISTRATION_COLUMNS, registration_cells
from .forms import ActionForm
from .organiser_forms import (
    AddRegistrationForm,
    AttendanceForm,
    EmailRegistrantsForm,
    MoveRegistrationForm,
    RegistrationFilterForm,
    SettingsForm,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

# The app registers this module's blueprint (hls_events/__init__.py).
__all__ = ["blueprint"]

AUDIENCES = {
    "confirmed": [RegistrationStatus.CONFIRMED],
    "waitlisted": [RegistrationStatus.WAITLISTED],
    "both": [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
}


def _to_list(programme: Programme, event: Event, **params: Any) -> ResponseReturnValue:
    return redirect(
        url_for(
            "registrations_organise.index",
            programme_slug=programme.slug,
            event_slug=event.slug,
            **params,
        )
    )


def _filters() -> RegistrationFilterForm:
    return RegistrationFilterForm(request.args)


def _list_for(
    event: Event, form: RegistrationFilterForm, page: int | None = None
) -> queries.RegistrationList:
    return queries.registration_list(
        current_user,
        event,
        status=form.status_filter(),
        sector=form.sector_filter(),
        search=form.search_filter(),
        page=page,
    )


@blueprint.get("/")
@event_manager_required
def index(programme: Programme, event: Event) -> ResponseReturnValue:
    filters = _filters()
    now = utcnow()
    attendance = AttendanceForm()
    return render_template(
        "registrations/organise/list.html",
        programme=programme,
        event=event,
        filters=filters,
        listing=_list_for(event, filters, page_number()),
        per_page=queries.REGISTRATIONS_PER_PAGE,
        availability=queries.availability(event, now),
        started=availability.has_started(event, now),
        is_organiser=is_organiser_of(current_user, programme),
        attendance=attendance,
        action_form=ActionForm(),
        csv_url=url_for(
            "registrations_organise.export",
            programme_slug=programme.slug,
            event_slug=event.slug,
            **cast("Mapping[str, Any]", request.args),
        ),
    )


@blueprint.get("/registrations.csv")
@event_manager_required
def export(programme: Programme, event: Event) -> ResponseReturnValue:
    listing = _list_for(event, _filters())
    zone = programme.zone
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([*REGISTRATION_COLUMNS, *(question.label for question in listing.questions)])
    for row in listing.rows:
        writer.writerow(
            [
                *registration_cells(row.registration, row.name, row.email, zone),
                *(row.answers.get(question.id, "") for question in listing.questions),
            ]
        )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{event.slug}-registrations.csv"',
            "Cache-Control": "private, no-store",
        },
    )


@blueprint.route("/add", methods=["GET", "POST"])
@event_manager_required
def add(programme: Programme, event: Event) -> ResponseReturnValue:
    form = AddRegistrationForm()
    if form.validate_on_submit():
        try:
            outcome = services.register(
                event.id,
                email=form.email.data or "",
                name=form.name.data or "",
                answers=form.answers(),
                source="organiser",
                ignore_window=True,
                require_answers=False,
            )
        except errors.RegistrationError as error:
            if error.field and error.field in form:
                form[error.field].errors = [str(error)]
            elif error.why == "started":
                form.email.errors = [
                    gettext(
                        "The event has started: add them as a walk-in on the Check-in page, "
                        "which registers them and checks them in."
                    )
                ]
            else:
                form.email.errors = [str(error)]
        else:
            if outcome.status == RegistrationStatus.CONFIRMED:
                done = gettext(
                    "Registered %(email)s: they have a place. We have emailed them.",
                    email=form.email.data,
                )
            else:
                done = gettext(
                    "Registered %(email)s: they are number %(position)s on the waiting list. "
                    "We have emailed them.",
                    email=form.email.data,
                    position=outcome.waitlist_position,
                )
            flash(done, "success")
            return _to_list(programme, event)
    return render_form("registrations/organise/add.html", form, programme=programme, event=event)


def _promoted(count: int) -> str:
    return ngettext(
        "%(num)d person from the waiting list now has a place.",
        "%(num)d people from the waiting list now have a place.",
        count,
    )


def _registration(event: Event, registration_id: int) -> Any:
    return queries.registration_in_event(event, registration_id) or abort(404)


@blueprint.route("/<int:registration_id>/cancel", methods=["GET", "POST"])
@event_manager_required
def cancel(programme: Programme, event: Event, registration_id: int) -> ResponseReturnValue:
    registration = _registration(event, registration_id)
    if not (request.method == "POST" and ConfirmForm().confirmed()):
        return render_confirmation(
            Confirmation(
                title=gettext("Cancel the place of %(name)s", name=registration.user.name),
                consequences=[
                    gettext(
                        "%(name)s (%(email)s) loses their place at %(event)s and is emailed to "
                        "say so.",
                        name=registration.user.name,
                        email=registration.user.email,
                        event=event.title,
                    )
                    if registration.holds_place
                    else gettext(
                        "%(name)s (%(email)s) loses their place on the waiting list at "
                        "%(event)s and is emailed to say so.",
                        name=registration.user.name,
                        email=registration.user.email,
                        event=event.title,
                    ),
                    gettext(
                        "If the event is full, the first person on its waiting list gets the "
                        "place and is emailed."
                    ),
                ],
                action_url=request.path,
                button=gettext("Cancel their place"),
                back_url=url_for(
                    "registrations_organise.index",
                    programme_slug=programme.slug,
                    event_slug=event.slug,
                ),
            )
        )
    try:
        promoted = services.cancel_registration(registration_id, by_organiser=True)
    except errors.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(
            gettext("Cancelled the registration and emailed them.")
            + (" " + _promoted(len(promoted)) if promoted else ""),
            "success",
        )
    return _to_list(programme, event)


@blueprint.route("/<int:registration_id>/move", methods=["GET", "POST"])
@organiser_required
def move(programme: Programme, event: Event, registration_id: int) -> ResponseReturnValue:
    registration = _registration(event, registration_id)
    form = MoveRegistrationForm()
    form.event.choices = [
        SelectChoice(other.id, other.title) for other in queries.other_events(event)
    ]
    if form.validate_on_submit():
        try:
            outcome = services.move_registration(registration_id, form.event.data)
        except errors.RegistrationError as error:
            form.event.errors = [str(error)]
        else:
            target = next(
                (
                    choice.label
                    for choice in cast("list[SelectChoice]", form.event.choices)
                    if choice.value == form.event.data
                ),
                gettext("the other event"),
            )
            if outcome.status == RegistrationStatus.CONFIRMED:
                moved = gettext(
                    "Moved %(name)s to %(event)s: they have a place there.",
                    name=registration.user.name,
                    event=target,
                )
            else:
                moved = gettext(
                    "Moved %(name)s to %(event)s: they are number %(position)s on its waiting list.",
                    name=registration.user.name,
                    event=target,
                    position=outcome.waitlist_position,
                )
            flash(moved, "success")
            return _to_list(programme, event)
    return render_form(
        "registrations/organise/move.html",
        form,
        programme=programme,
        event=event,
        registration=registration,
    )


@blueprint.post("/attendance")
@event_manager_required
def attendance(programme: Programme, event: Event) -> ResponseReturnValue:
    form = AttendanceForm()
    if not form.validate_on_submit():
        flash(gettext("Choose people, and whether they attended."), "error")
        return _to_list(programme, event)
    try:
        marked = organiser_actions.mark_attendance(
            event.id, form.registrations.data or [], form.attended.data == "yes"
        )
    except errors.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(
            ngettext(
                "Marked %(num)d person as attended.",
                "Marked %(num)d people as attended.",
                marked,
            )
            if form.attended.data == "yes"
            else ngettext(
                "Marked %(num)d person as not attending.",
                "Marked %(num)d people as not attending.",
                marked,
            ),
            "success",
        )
    return _to_list(programme, event)


@blueprint.route("/email", methods=["GET", "POST"])
@event_manager_required
def email(programme: Programme, event: Event) -> ResponseReturnValue:
    form = EmailRegistrantsForm()
    if form.validate_on_submit() and request.form.get("confirm") != "yes":
        # Asks first: how many people, and the message as they will read it.
        return render_template(
            "registrations/organise/email_confirm.html",
            form=form,
            programme=programme,
            event=event,
            recipients=organiser_actions.count_registrants(event.id, AUDIENCES[form.audience.data]),
        )
    if form.validate_on_submit():
        sent = organiser_actions.email_registrants(
            event.id,
            AUDIENCES[form.audience.data],
            form.subject.data or "",
            form.message.data or "",
            sender=current_user.name,
            sender_user=current_user,
        )
        flash(
            ngettext(
                "Sent your message to %(num)d person.", "Sent your message to %(num)d people.", sent
            ),
            "success",
        )
        return _to_list(programme, event)
    listing = queries.registration_list(current_user, event)
    return render_form(
        "registrations/organise/email.html",
        form,
        programme=programme,
        event=event,
        counts=listing.counts,
    )


@blueprint.route("/settings", methods=["GET", "POST"])
@event_manager_required
def settings(programme: Programme, event: Event) -> ResponseReturnValue:
    form = SettingsForm(obj=event)
    if not form.is_submitted():
        form.waitlist.data = availability.waitlist_enabled(event.id)
        for field, value in (
            (form.registration_opens_at, event.registration_opens_at),
            (form.registration_closes_at, event.registration_closes_at),
        ):
            field.data = to_local(value, programme.zone).replace(tzinfo=None) if value else None
    if form.validate_on_submit():
        try:
            promoted = organiser_actions.update_settings(
                event.id,
                capacity=form.capacity.data,
                opens_at=local_registration_bound(form.registration_opens_at.data, programme.zone),
                closes_at=local_registration_bound(
                    form.registration_closes_at.data, programme.zone
                ),
                waitlist=bool(form.waitlist.data),
            )
        except errors.RegistrationError as error:
            form.capacity.errors = [str(error)]
        else:
            flash(
                gettext("Saved the registration settings.")
                + (" " + _promoted(len(promoted)) if promoted else ""),
                "success",
            )
            return _to_list(programme, event)
    return render_form(
        "registrations/organise/settings.html", form, programme=programme, event=event
    )
