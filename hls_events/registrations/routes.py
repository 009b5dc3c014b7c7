"""Registering on an event page, a registration's own page (by signed link), My events, and
registering for several events of a programme at once."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..extensions import limiter
from ..i18n import current_language
from ..links import NoBaseAddress
from ..models import Registration, RegistrationStatus, utcnow
from ..programmes.pages import event_page, render_event_page
from ..programmes.services import visible_event, visible_programme
from ..rate_limits import email_recipient_key
from ..translation import gettext
from . import already, availability, errors, people, queries, questions, services, several
from .check_in_codes import check_in_qr_svg
from .forms import ActionForm, RegistrationForm, registration_form
from .notices import calendar_attachments_for, registration_token, shows_joining_details
from .pages import form_asking
from .posting import event_to_register
from .tokens import BadRegistrationLink, make_registration_token, read_registration_token

blueprint = Blueprint("registrations", __name__)


def _per_ip_limit() -> str:
    return str(current_app.config.get("REGISTRATION_RATE_LIMIT", "30 per minute; 300 per hour"))


def _per_address_limit() -> str:
    return str(current_app.config.get("REGISTRATION_EMAIL_RATE_LIMIT", "10 per hour"))


def _sent_an_email(response: Response) -> bool:
    return response.status_code in (200, 302)


# Registering sends email to a typed address, so it is limited per network address, and per
# address typed so that nobody can flood someone's inbox with registrations.
limit_per_ip = limiter.limit(_per_ip_limit, methods=["POST"])
limit_per_address = limiter.limit(
    _per_address_limit,
    key_func=email_recipient_key,
    methods=["POST"],
    deduct_when=_sent_an_email,
)

# Why a registration was refused, and the status code that says so.


def _signed_in() -> bool:
    return bool(current_user.is_authenticated)


def _event_page(
    programme_slug: str, event_slug: str, form: RegistrationForm, problem: str, status: int
) -> ResponseReturnValue:
    # The registration was posted without the event's details; the page shows them.
    programme = visible_programme(programme_slug, current_user) or abort(404)
    event = visible_event(programme, event_slug, current_user) or abort(404)
    return render_event_page(event_page(programme, event, form, problem)), status


def _answer_fields(form: RegistrationForm, error: errors.RegistrationError) -> bool:
    """Put a service's complaint beside its field; False if it names none on this form."""
    if error.field and error.field in form:
        form[error.field].errors = [str(error)]
        return True
    return False


@blueprint.post("/p/<programme_slug>/events/<event_slug>/register")
@limit_per_ip
@limit_per_address
def register(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    # Only the event's ids and questions (posting.py): a registration that goes through shows
    # no page, and one sent back with a problem loads the event page's details then.
    found = event_to_register(programme_slug, event_slug, current_user) or abort(404)
    form = form_asking(found.questions)
    if not form.validate_on_submit():
        return _event_page(programme_slug, event_slug, form, "", 422)
    try:
        outcome = services.register(
            found.event_id,
            email="" if _signed_in() else form.email.data or "",
            name="" if _signed_in() else form.name.data or "",
            answers=form.answers(),
            user_id=current_user.id if _signed_in() else None,
            language=None if _signed_in() else current_language(),
            questions=found.questions,
        )
    except errors.RegistrationError as error:
        if error.why == "already" and error.registration_id is not None:
            return _already_registered(programme_slug, event_slug, error.registration_id, form)
        if _answer_fields(form, error):
            return _event_page(programme_slug, event_slug, form, "", 422)
        return _event_page(programme_slug, event_slug, form, str(error), status_for(error))
    return redirect(url_for("registrations.manage", token=_token(outcome)))


def _already_registered(
    programme_slug: str, event_slug: str, registration_id: int, form: RegistrationForm
) -> ResponseReturnValue:
    """A second try finds the registration the first one made (see already.py)."""
    if _signed_in():
        registration = queries.load_registration(registration_id)
        if registration is not None and registration.status.value == "waitlisted":
            flash(
                gettext(
                    "You are already on the waiting list for this event, so nothing was "
                    "changed. This is your registration."
                ),
                "success",
            )
        else:
            flash(
                gettext(
                    "You already have a place at this event, so nothing was changed. "
                    "This is your registration."
                ),
                "success",
            )
        token = make_registration_token(
            current_app.config["SECRET_KEY"], registration_id, int(current_user.id)
        )
        return redirect(url_for("registrations.manage", token=token))
    already.resend_registration_email(registration_id)
    programme = visible_programme(programme_slug, current_user, details=False) or abort(404)
    event = visible_event(programme, event_slug, current_user, details=False) or abort(404)
    page = already.AlreadyPage(
        programme_title=programme.title,
        event_title=event.title,
        event_url=url_for("programmes.event", programme_slug=programme.slug, event_slug=event.slug),
        email=form.email.data or "",
    )
    return render_template("registrations/already.html", page=page), 200, PRIVATE


def _token(outcome: services.Outcome) -> str:
    return make_registration_token(
        current_app.config["SECRET_KEY"], outcome.registration_id, outcome.user_id
    )


# --- A registration's own page, by signed link -------------------------------------------------


def _bad_link() -> ResponseReturnValue:
    return (
        render_template(
            "errors/error.html",
            code=400,
            title=gettext("This link is not right"),
            message=gettext(
                "The link to this registration has been changed or cut short, so nothing "
                "was changed. Open it again from your email, copying the whole address, or sign "
                "in and find your registrations under My events."
            ),
        ),
        400,
    )


def _registration_for(token: str) -> Registration | None:
    try:
        registration_id, user_id = read_registration_token(current_app.config["SECRET_KEY"], token)
    except BadRegistrationLink:
        return None
    registration = queries.load_registration(registration_id)
    if registration is None or registration.user_id != user_id:
        return None
    return registration


# A registration's page holds the person's details and joining links: never kept in caches.
PRIVATE = {"Cache-Control": "private, no-store"}


def _registration_page(
    registration: Registration, token: str, status: int = 200
) -> tuple[str, int, dict[str, str]]:
    event = registration.event
    return (
        render_template(
            "registrations/registration.html",
            registration=registration,
            event=event,
            programme=event.programme,
            token=token,
            joining=shows_joining_details(registration, event),
            started=availability.has_started(event, utcnow()),
            questions=questions.questions_for(event),
            form=ActionForm(),
            check_in_qr=_check_in_qr(registration),
        ),
        status,
        PRIVATE,
    )


def _check_in_qr(registration: Registration) -> str:
    """The QR code that opens this person's check-in at the door, while they hold a place."""
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED):
        return ""
    if registration.event.is_cancelled:
        return ""
    try:
        return check_in_qr_svg(registration)
    except NoBaseAddress:
        return ""


@blueprint.get("/registrations/<token>")
def manage(token: str) -> ResponseReturnValue:
    registration = _registration_for(token)
    if registration is None:
        return _bad_link()
    return _registration_page(registration, token)


@blueprint.route("/registrations/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str) -> ResponseReturnValue:
    """The email's cancel link opens a page with one button: a link only looks, because mail
    systems open links to scan them, and that must never cancel anyone's place."""
    registration = _registration_for(token)
    if registration is None:
        return _bad_link()
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.cancel_registration(registration.id)
        except errors.RegistrationError as error:
            flash(str(error), "error")
        else:
            flash(
                gettext("Your registration is cancelled. Thank you for letting us know."), "success"
            )
        return redirect(url_for("registrations.manage", token=token))
    return render_template(
        "registrations/cancel.html",
        registration=registration,
        event=registration.event,
        programme=registration.event.programme,
        token=token,
        form=form,
    )


@blueprint.post("/registrations/<token>/reminders")
def reminders(token: str) -> ResponseReturnValue:
    registration = _registration_for(token)
    if registration is None:
        return _bad_link()
    wanted = request.form.get("wanted")
    if not ActionForm().validate_on_submit() or wanted not in {"yes", "no"}:
        abort(400)
    try:
        services.set_reminders(registration.id, wanted == "yes")
    except errors.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(
            gettext("We will email you reminders.")
            if wanted == "yes"
            else gettext("We will not send reminders."),
            "success",
        )
    return redirect(url_for("registrations.manage", token=token))


@blueprint.get("/registrations/<token>/calendar.ics")
def calendar(token: str) -> ResponseReturnValue:
    """The event as a calendar file for this person: with the joining link if they have a
    place (so the private file is served only by the signed link, and never cached)."""
    registration = _registration_for(token)
    if registration is None:
        return _bad_link()
    [attachment] = calendar_attachments_for(registration, registration.event)
    return Response(
        attachment.content,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{attachment.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def _calendar_url(registration: Registration) -> str:
    return url_for("registrations.calendar", token=registration_token(registration))


# --- My events ----------------------------------------------------------------------------------


@blueprint.get("/my-events")
@login_required
def my_events() -> ResponseReturnValue:
    return render_template(
        "registrations/my_events.html",
        events=queries.my_events(current_user.id, utcnow()),
        token_for=registration_token,
        calendar_url_for=_calendar_url,
        form=ActionForm(),
    )


# --- Several events at once ---------------------------------------------------------------------


@blueprint.route("/p/<programme_slug>/register", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def register_several(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    now = utcnow()
    open_events = queries.registrable_events(programme, now)
    chosen_slugs = (
        request.form.getlist("events")
        if request.method == "POST"
        else request.args.getlist("events")
    )
    chosen = [event for event in open_events if event.slug in set(chosen_slugs)]
    form = registration_form(
        questions.questions_for_events(chosen or open_events),
        signed_in=_signed_in(),
        consents_to_ask=queries.consents_not_given(current_user),
        **people.details_from_last_time(current_user),
    )
    problem = ""
    status = 200
    if request.method == "POST":
        if not chosen:
            problem = gettext("Choose at least one event.")
            status = 422
        elif form.validate_on_submit():
            try:
                results = several.register_for_several(
                    [event.id for event in chosen],
                    email="" if _signed_in() else form.email.data or "",
                    name="" if _signed_in() else form.name.data or "",
                    answers=form.answers(),
                    user_id=current_user.id if _signed_in() else None,
                    language=None if _signed_in() else current_language(),
                    now=now,
                )
            except errors.RegistrationError as error:
                if not _answer_fields(form, error):
                    problem = str(error)
                status = status_for(error)
            else:
                return render_template(
                    "registrations/several_done.html",
                    programme=programme,
                    results=results,
                    tokens={
                        **{
                            result.event_id: make_registration_token(
                                current_app.config["SECRET_KEY"],
                                result.already_registration_id,
                                int(current_user.id),
                            )
                            for result in results
                            if result.already_registration_id is not None
                        },
                        **{
                            result.event_id: _token(result.outcome)
                            for result in results
                            if result.outcome is not None
                        },
                    },
                )
        else:
            status = 422
    return (
        render_template(
            "registrations/several.html",
            programme=programme,
            open_events=open_events,
            chosen={event.slug for event in chosen},
            form=form,
            problem=problem,
        ),
        status,
    )
