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
from wtforms import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2.1 predates WTForms 3.3's SelectChoice

from ..forms_common import render_form
from ..inputs import page_number
from ..localtime import to_local
from ..models import Event, Programme, RegistrationStatus, utcnow
from ..organise.confirm import Confirmation, ConfirmForm, render_confirmation
from ..organise.permissions import event_manager_required, is_organiser_of, organiser_required
from ..organise.services import local_registration_bound
from ..spreadsheets import csv_writer
from . import (
    availability,
    errors,
    organiser_actions,
    queries,
    question_routes,  # noqa: F401  (the questions' pages join this blueprint)
    services,
)
from .blueprints import organiser_blueprint as blueprint
from .csv_columns import REGISTRATION_COLUMNS, registration_cells
from .forms import (
    ActionForm,
    AddRegistrationForm,
    AttendanceForm,
    EmailRegistrantsForm,
    MoveRegistrationForm,
    RegistrationFilterForm,
    SettingsForm,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

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
        search=form.q.data or "",
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
            else:
                form.email.errors = [str(error)]
        else:
            where = (
                "has a place"
                if outcome.status == RegistrationStatus.CONFIRMED
                else f"is number {outcome.waitlist_position} on the waiting list"
            )
            flash(f"Registered {form.email.data}: they {where}. We have emailed them.", "success")
            return _to_list(programme, event)
    return render_form("registrations/organise/add.html", form, programme=programme, event=event)


def _registration(event: Event, registration_id: int) -> Any:
    return queries.registration_in_event(event, registration_id) or abort(404)


@blueprint.route("/<int:registration_id>/cancel", methods=["GET", "POST"])
@event_manager_required
def cancel(programme: Programme, event: Event, registration_id: int) -> ResponseReturnValue:
    registration = _registration(event, registration_id)
    if not (request.method == "POST" and ConfirmForm().confirmed()):
        return render_confirmation(
            Confirmation(
                title=f"Cancel the place of {registration.user.name}",
                consequences=[
                    f"{registration.user.name} ({registration.user.email}) loses their "
                    f"{'place' if registration.holds_place else 'place on the waiting list'} at "
                    f"{event.title} and is emailed to say so.",
                    "If the event is full, the first person on its waiting list gets the place "
                    "and is emailed.",
                ],
                action_url=request.path,
                button="Cancel their place",
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
            "Cancelled the registration and emailed them."
            + (
                f" {len(promoted)} {'person' if len(promoted) == 1 else 'people'} from the "
                "waiting list now have a place."
                if promoted
                else ""
            ),
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
                "the other event",
            )
            where = (
                "has a place there"
                if outcome.status == RegistrationStatus.CONFIRMED
                else f"is number {outcome.waitlist_position} on its waiting list"
            )
            flash(f"Moved {registration.user.name} to {target}: they {where}.", "success")
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
        flash("Choose people, and whether they attended.", "error")
        return _to_list(programme, event)
    try:
        marked = organiser_actions.mark_attendance(
            event.id, form.registrations.data or [], form.attended.data == "yes"
        )
    except errors.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(
            f"Marked {marked} {'person' if marked == 1 else 'people'} as "
            f"{'attended' if form.attended.data == 'yes' else 'not attending'}.",
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
        )
        flash(f"Sent your message to {sent} {'person' if sent == 1 else 'people'}.", "success")
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
                "Saved the registration settings."
                + (f" {len(promoted)} from the waiting list now have a place." if promoted else ""),
                "success",
            )
            return _to_list(programme, event)
    return render_form(
        "registrations/organise/settings.html", form, programme=programme, event=event
    )
