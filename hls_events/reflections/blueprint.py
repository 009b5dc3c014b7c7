"""The reflections area's blueprint, and what its route modules share: who is reading, the
page asked for, the event a page is about, and how a refusal is shown.

The routes are in routes.py (reflecting, the programme's prompts, a person's own),
practice_routes.py (the practice record, its exports and feeds) and write_up_routes.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..models import Event, Programme
from ..programmes.services import visible_event, visible_programme
from ..translation import gettext
from .errors import ReflectionError
from .forms import ActionForm
from .visibility import Reader

blueprint = Blueprint("reflections", __name__)

# Exports carry what this reader may see: never shared by a cache between readers.
PERSONAL_CACHE = "private, no-cache"
FEED_CACHE = "public, max-age=300"


def current_reader() -> Reader:
    return Reader.of(current_user)


def event_or_404(programme_slug: str, event_slug: str) -> tuple[Programme, Event]:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    event = visible_event(programme, event_slug, current_user) or abort(404)
    return programme, event


def refusal(
    programme: Programme, event: Event, error: ReflectionError, status: int
) -> ResponseReturnValue:
    return (
        render_template(
            "reflections/cannot.html", programme=programme, event=event, message=str(error)
        ),
        status,
    )


def put_error(form: Any, error: ReflectionError) -> bool:
    if error.field and error.field in form:
        form[error.field].errors = [str(error)]
        return True
    return False


def confirm_delete(
    programme_slug: str,
    event_slug: str,
    find: Callable[[int, int], Any],
    remove: Callable[[int, int], None],
    what: str,
) -> ResponseReturnValue:
    programme, event = event_or_404(programme_slug, event_slug)
    if find(event.id, current_user.id) is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        remove(event.id, current_user.id)
        flash(
            gettext("Your reflection on %(event)s is deleted.", event=event.title)
            if what == "reflection"
            else gettext("Your write-up on %(event)s is deleted.", event=event.title),
            "success",
        )
        return redirect(url_for("reflections.mine"))
    return render_template(
        "reflections/delete.html", programme=programme, event=event, form=form, what=what
    )
