"""The public programme pages: the home page, a programme's schedule and an event."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..models import utcnow
from ..page_cache import cached_page
from ..registrations.queries import places_key
from .pages import event_page, programme_page, render_event_page
from .services import (
    current_and_upcoming_programmes,
    past_programmes,
    visible_event_page,
    visible_programme,
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
    page = programme_page(programme, request.args)
    return render_template("programmes/programme.html", page=page, programme=programme)


@blueprint.get("/p/<programme_slug>/events/<event_slug>/")
@cached_page(key=places_key)
def event(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    event = visible_event_page(programme_slug, event_slug, current_user) or abort(404)
    return render_event_page(event_page(event.programme, event))
