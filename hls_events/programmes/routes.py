from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..discovery.services import event_meta
from ..models import utcnow
from ..organise.permissions import is_organiser_of
from ..page_cache import cached_page
from ..registrations.queries import places_key
from .forms import ScheduleFilterForm
from .services import (
    build_schedule,
    current_and_upcoming_programmes,
    is_one_day_at_a_time,
    past_programmes,
    schedule_day_counts,
    schedule_themes,
    visible_event,
    visible_programme,
    with_default_day,
)

blueprint = Blueprint("programmes", __name__)


@blueprint.get("/")
@cached_page()
def index() -> ResponseReturnValue:
    today = utcnow().date()
    return render_template(
        "programmes/index.html",
        programmes=current_and_upcoming_programmes(today),
        past=past_programmes(today),
    )


@blueprint.get("/p/<programme_slug>/")
@cached_page()
def programme(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    day_counts = schedule_day_counts(programme, current_user)
    one_day_at_a_time = is_one_day_at_a_time(day_counts)
    form = ScheduleFilterForm(request.args)
    form.set_choices(
        list(day_counts),
        schedule_themes(programme, current_user),
        any_day=not one_day_at_a_time,
    )
    filters = with_default_day(programme, form.filters(), day_counts, utcnow())
    if filters.day is not None:
        form.day.data = filters.day.isoformat()
    return render_template(
        "programmes/programme.html",
        programme=programme,
        form=form,
        filters=filters,
        schedule=build_schedule(programme, filters, current_user),
        is_organiser=is_organiser_of(current_user, programme),
        day_counts=day_counts if one_day_at_a_time else {},
    )


@blueprint.get("/p/<programme_slug>/events/<event_slug>/")
@cached_page(key=places_key)
def event(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    event = visible_event(programme, event_slug, current_user) or abort(404)
    return render_template(
        "programmes/event.html",
        programme=programme,
        event=event,
        is_organiser=is_organiser_of(current_user, programme),
        page_meta=event_meta(programme, event),
    )
