from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..bilingual import welsh_values
from ..extensions import db
from ..forms_common import SelectChoice, render_form
from ..localtime import to_local
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    Programme,
)
from ..programmes.themes import themes_offered, themes_to_choose
from ..schedule.forms import ClashConfirmForm, unconfirmed_clashes
from ..translation import gettext
from . import (  # noqa: F401  (their pages join this blueprint)
    copy_routes,
    desk_routes,
    mailing_routes,
    organisation_routes,
    people_routes,
    steer_routes,
)
from .blueprint import blueprint
from .charts import desk_charts
from .desk import parse_sort, programme_desk
from .desk_figures import desk_figures
from .details import (
    EVENT_WELSH,
    PROGRAMME_WELSH,
    SESSION_WELSH,
    EventDetails,
    ProgrammeDetails,
    SessionDetails,
)
from .exports import host_organisations
from .forms import COMMON_TIMEZONES, EventForm, ProgrammeForm, SessionForm
from .pages import organiser_event_page
from .permissions import (
    can_create_programmes,
    can_manage_people,
    event_manager_required,
    hosted_organisation_ids,
    is_organiser_of,
    organiser_required,
    programme_creator_required,
    programme_member_required,
)
from .services import (
    OrganiseError,
    add_session,
    all_organisations,
    create_event,
    create_programme,
    local_registration_bound,
    programmes_hosted_by,
    programmes_organised_by,
    sessions_spoken_at,
    update_event,
    update_programme,
    update_session,
)

if TYPE_CHECKING:
    from datetime import date, time


# The app registers this module's blueprint (hls_events/__init__.py).
__all__ = ["blueprint"]


@blueprint.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    return render_template(
        "organise/dashboard.html",
        programmes=programmes_organised_by(current_user),
        hosted=programmes_hosted_by(current_user),
        speaking=sessions_spoken_at(current_user),
        can_create=can_create_programmes(current_user),
        is_admin=current_user.is_admin,
    )


def _programme_details(form: ProgrammeForm) -> ProgrammeDetails:
    return ProgrammeDetails(
        title=form.title.data or "",
        summary=form.summary.data or "",
        description=form.description.data or "",
        timezone=form.timezone.data or "",
        starts_on=cast("date", form.starts_on.data),
        ends_on=cast("date", form.ends_on.data),
        theme_ids=form.themes.data or [],
        new_theme_names=form.new_theme_names(),
        welsh=welsh_values(form, PROGRAMME_WELSH),
    )


def _programme_form(programme: Programme | None = None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme)
    form.themes.choices = [
        SelectChoice(theme.id, theme.name) for theme in themes_to_choose(programme)
    ]
    if programme is not None and not form.is_submitted():
        form.themes.data = [theme.id for theme in programme.themes]
    return form


@blueprint.route("/programmes/new", methods=["GET", "POST"])
@programme_creator_required
def new_programme() -> ResponseReturnValue:
    form = _programme_form()
    if form.validate_on_submit():
        try:
            programme = create_programme(current_user, _programme_details(form), form.slug.data)
        except OrganiseError as error:
            getattr(form, error.field or "title").errors = [str(error)]
        else:
            flash(
                gettext(
                    "Created %(programme)s. It is a draft until you publish it.",
                    programme=programme.title,
                ),
                "success",
            )
            return redirect(url_for("organise.programme", programme_slug=programme.slug))
    return render_form(
        "organise/programme_form.html", form, programme=None, timezones=COMMON_TIMEZONES
    )


@blueprint.get("/p/<programme_slug>/")
@programme_member_required
def programme(programme: Programme) -> ResponseReturnValue:
    is_organiser = is_organiser_of(current_user, programme)
    desk = programme_desk(
        current_user, programme, parse_sort(request.args.get("sort")), is_organiser
    )
    return render_template(
        "organise/programme.html",
        programme=programme,
        desk=desk,
        charts=desk_charts(desk_figures(desk)),
        hosts=host_organisations([row.event for row in desk.rows]),
        is_organiser=is_organiser,
        can_manage_people=can_manage_people(current_user, programme),
        can_copy=is_organiser and can_create_programmes(current_user),
    )


@blueprint.route("/p/<programme_slug>/edit", methods=["GET", "POST"])
@organiser_required
def edit_programme(programme: Programme) -> ResponseReturnValue:
    form = _programme_form(programme)
    del form.slug
    if form.validate_on_submit():
        update_programme(programme, _programme_details(form))
        flash(gettext("Saved your changes."), "success")
        return redirect(url_for("organise.programme", programme_slug=programme.slug))
    return render_form(
        "organise/programme_form.html", form, programme=programme, timezones=COMMON_TIMEZONES
    )


def _event_form(programme: Programme, event: Event | None = None) -> EventForm:
    form = EventForm(obj=event)
    offered = themes_offered(programme)
    offered += [theme for theme in (event.themes if event else []) if theme not in offered]
    form.themes.choices = [SelectChoice(theme.id, theme.name) for theme in offered]
    organisations = all_organisations()
    if is_organiser_of(current_user, programme):
        form.organisation_id.choices = [SelectChoice(0, gettext("Choose an organisation"))]
    else:
        # A host keeps the event with an organisation they host for, and adds none.
        hosted = hosted_organisation_ids(current_user, programme)
        organisations = [
            organisation for organisation in organisations if organisation.id in hosted
        ]
        form.organisation_id.choices = []
        del form.new_organisation
        del form.new_organisation_is_different
    form.organisation_id.choices += [
        SelectChoice(organisation.id, organisation.name) for organisation in organisations
    ]
    if not form.is_submitted():
        if event is not None:
            form.themes.data = [theme.id for theme in event.themes]
            form.organisation_id.data = event.organisation_id or 0
            for field, value in (
                (form.registration_opens_at, event.registration_opens_at),
                (form.registration_closes_at, event.registration_closes_at),
            ):
                field.data = to_local(value, programme.zone).replace(tzinfo=None) if value else None
        else:
            form.themes.data = []
    return form


def _event_details(form: EventForm, programme: Programme) -> EventDetails:
    return EventDetails(
        title=form.title.data or "",
        summary=form.summary.data or "",
        description=form.description.data or "",
        format=EventFormat(form.format.data),
        mode=EventMode(form.mode.data),
        organisation_id=form.organisation_id.data or None,
        new_organisation=(form.new_organisation.data or "") if "new_organisation" in form else "",
        new_organisation_is_different=bool(
            "new_organisation" in form and form.new_organisation_is_different.data
        ),
        capacity=form.capacity.data,
        registration_opens_at=local_registration_bound(
            form.registration_opens_at.data, programme.zone
        ),
        registration_closes_at=local_registration_bound(
            form.registration_closes_at.data, programme.zone
        ),
        is_recorded=bool(form.is_recorded.data),
        access_arrangements=form.access_arrangements.data or "",
        theme_ids=form.themes.data or [],
        welsh=welsh_values(form, EVENT_WELSH),
    )


@blueprint.route("/p/<programme_slug>/events/new", methods=["GET", "POST"])
@organiser_required
def new_event(programme: Programme) -> ResponseReturnValue:
    form = _event_form(programme)
    if form.validate_on_submit():
        try:
            event = create_event(programme, _event_details(form, programme), form.slug.data)
        except OrganiseError as error:
            getattr(form, error.field or "title").errors = [str(error)]
        else:
            flash(
                gettext(
                    "Created %(event)s as a draft. Add its sessions, then publish it.",
                    event=event.title,
                ),
                "success",
            )
            return redirect(
                url_for("organise.event", programme_slug=programme.slug, event_slug=event.slug)
            )
    return render_form("organise/event_form.html", form, programme=programme, event=None)


@blueprint.get("/p/<programme_slug>/events/<event_slug>/")
@event_manager_required
def event(programme: Programme, event: Event) -> ResponseReturnValue:
    page = organiser_event_page(programme, event)
    return render_template("organise/event.html", page=page, programme=programme, event=event)


@blueprint.route("/p/<programme_slug>/events/<event_slug>/edit", methods=["GET", "POST"])
@event_manager_required
def edit_event(programme: Programme, event: Event) -> ResponseReturnValue:
    form = _event_form(programme, event)
    del form.slug
    if form.validate_on_submit():
        try:
            update_event(event, _event_details(form, programme))
        except OrganiseError as error:
            getattr(form, error.field or "title").errors = [str(error)]
        else:
            flash(gettext("Saved your changes."), "success")
            return redirect(
                url_for("organise.event", programme_slug=programme.slug, event_slug=event.slug)
            )
    return render_form("organise/event_form.html", form, programme=programme, event=event)


def _session_form(programme: Programme, session: EventSession | None = None) -> SessionForm:
    # What is sent is read alone: the session's own starts_at and ends_at are instants, which a
    # time left out of the form would otherwise keep in its place.
    sent = request.method in ("POST", "PUT", "PATCH", "DELETE")
    form = SessionForm(
        zone=programme.zone,
        first_day=programme.starts_on,
        last_day=programme.ends_on,
        obj=None if sent else session,
    )
    if session is not None and not sent:
        starts = to_local(session.starts_at, programme.zone)
        form.day.data = starts.date()
        form.starts_at.data = starts.time()
        form.ends_at.data = to_local(session.ends_at, programme.zone).time()
    return form


def _session_details(form: SessionForm) -> SessionDetails:
    return SessionDetails(
        title=form.title.data or "",
        day=cast("date", form.day.data),
        starts_at=cast("time", form.starts_at.data),
        ends_at=cast("time", form.ends_at.data),
        venue_name=form.venue_name.data or "",
        venue_address=form.venue_address.data or "",
        joining_url=form.joining_url.data or "",
        welsh=welsh_values(form, SESSION_WELSH),
    )


def _event_session(event: Event, session_id: int) -> EventSession:
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


@blueprint.route("/p/<programme_slug>/events/<event_slug>/sessions/new", methods=["GET", "POST"])
@event_manager_required
def new_session(programme: Programme, event: Event) -> ResponseReturnValue:
    form = _session_form(programme)
    clashes = []
    if form.validate_on_submit():
        # A double booking is warned about once, and saved when the organiser confirms.
        clashes = unconfirmed_clashes(event, _session_details(form))
        if not clashes:
            add_session(event, _session_details(form))
            flash(gettext("Added the session."), "success")
            return redirect(
                url_for("organise.event", programme_slug=programme.slug, event_slug=event.slug)
            )
    return render_form(
        "organise/session_form.html",
        form,
        programme=programme,
        event=event,
        session=None,
        clashes=clashes,
        confirm_form=ClashConfirmForm(),
    )


@blueprint.route(
    "/p/<programme_slug>/events/<event_slug>/sessions/<int:session_id>/edit",
    methods=["GET", "POST"],
)
@event_manager_required
def edit_session(programme: Programme, event: Event, session_id: int) -> ResponseReturnValue:
    session = _event_session(event, session_id)
    form = _session_form(programme, session)
    clashes = []
    if form.validate_on_submit():
        clashes = unconfirmed_clashes(event, _session_details(form), session)
        if not clashes:
            update_session(session, _session_details(form))
            flash(gettext("Saved the session."), "success")
            return redirect(
                url_for("organise.event", programme_slug=programme.slug, event_slug=event.slug)
            )
    return render_form(
        "organise/session_form.html",
        form,
        programme=programme,
        event=event,
        session=session,
        clashes=clashes,
        confirm_form=ClashConfirmForm(),
    )
