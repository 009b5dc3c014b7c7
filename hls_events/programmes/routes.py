from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..models import utcnow
from ..organise.permissions import is_organiser_of
from .forms import ScheduleFilterForm
from .services import (
    build_schedule,
    current_and_upcoming_programmes,
    past_programmes,
    schedule_days,
    schedule_themes,
    visible_event,
    visible_programme,
)

blueprint = Blueprint("programmes", __name__)


@blueprint.get("/")
def index() -> ResponseReturnValue:
    today = utcnow().date()
    return render_template(
        "programmes/index.html",
        programmes=current_and_upcoming_programmes(today),
        past=past_programmes(today),
    )


@blueprint.get("/p/<programme_slug>/")
def programme(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    form = ScheduleFilterForm(request.args)
    form.set_choices(
        schedule_days(programme, current_user), schedule_themes(programme, current_user)
    )
    filters = form.filters()
    return render_template(
        "programmes/programme.html",
        programme=programme,
        form=form,
        filters=filters,
        schedule=build_schedule(programme, filters, current_user),
        is_organiser=is_organiser_of(current_user, programme),
    )


@blueprint.get("/p/<programme_slug>/events/<event_slug>/")
def event(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    event = visible_event(programme, event_slug, current_user) or abort(404)
    return render_template(
        "programmes/event.html",
        programme=programme,
        event=event,
        is_organiser=is_organiser_of(current_user, programme),
    )
