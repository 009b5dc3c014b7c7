"""Reflecting on an event, a programme's reflection prompts, and a person's own reflections.

The blueprint and what its route modules share are in blueprint.py; the practice record's pages,
exports and feeds in practice_routes.py; writing up a session in write_up_routes.py. Importing
those here puts their routes on the blueprint. Who may read what is decided in visibility.py;
these routes only pass the reader along.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..models import Programme, utcnow
from ..organise.permissions import organiser_required
from ..service_errors import Reason
from ..translation import gettext
from . import eligibility, practice_routes, queries, services, write_up_routes
from .blueprint import blueprint, confirm_delete, current_reader, event_or_404, put_error, refusal
from .errors import ReflectionError
from .forms import ReflectionForm, prompts_form, reflection_form
from .prompts import default_prompts, restore_default_prompts, save_prompts
from .services import ReflectionDraft

# The modules whose routes share this blueprint: importing them here puts their routes on it.
# The app registers this module's blueprint (hls_events/__init__.py).
__all__ = ["blueprint"]

ROUTE_MODULES = (practice_routes, write_up_routes)

# --- Organisers: the programme's prompts -------------------------------------------------------


@blueprint.route("/p/<programme_slug>/practice/prompts", methods=["GET", "POST"])
@organiser_required
def prompts(programme: Programme) -> ResponseReturnValue:
    form = prompts_form(queries.prompts_for(programme.id))
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        elif request.form.get("action") == "restore":
            restore_default_prompts(programme.id)
            flash(gettext("The programme asks the HLS default questions again."), "success")
            return redirect(url_for("reflections.prompts", programme_slug=programme.slug))
        else:
            try:
                save_prompts(programme.id, form.prompts())
            except ReflectionError as error:
                if error.field and error.field in form:
                    form[error.field].errors = [str(error)]
                else:
                    flash(str(error), "error")
                status = 422
            else:
                flash(
                    gettext(
                        "Saved. New reflections ask these questions; ones already written keep theirs."
                    ),
                    "success",
                )
                return redirect(url_for("reflections.prompts", programme_slug=programme.slug))
    return (
        render_template(
            "reflections/prompts.html",
            programme=programme,
            form=form,
            own=queries.has_own_prompts(programme.id),
            defaults=default_prompts(),
        ),
        status,
    )


# --- Reflecting --------------------------------------------------------------------------------


def _reflection_data(existing: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"answer_{index}": item["answer"] for index, item in enumerate(existing.answers)
    }
    data["themes"] = [theme.id for theme in existing.themes]
    data["principles"] = [p.value for p in existing.principle_list]
    data["visibility"] = existing.visibility.value
    data["attribution"] = existing.attribution.value
    return data


@blueprint.route("/p/<programme_slug>/events/<event_slug>/reflect", methods=["GET", "POST"])
@login_required
def reflect(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    programme, event = event_or_404(programme_slug, event_slug)
    user_id = current_user.id
    existing = queries.own_reflection(event.id, user_id)
    if existing is None:
        try:
            eligibility.check_may_reflect(event, user_id, utcnow())
        except ReflectionError as error:
            # Looking early is fine: the page says when. Sending early is refused.
            if error.reason is Reason.CONFLICT and request.method == "GET":
                return refusal(programme, event, error, 200)
            return refusal(programme, event, error, status_for(error))
    form = reflection_form(
        queries.questions_for(event, existing),
        queries.theme_choices(programme),
        programme,
        current_user.name,
        data=_reflection_data(existing) if existing is not None else None,
    )
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                reflection_id = services.save_reflection(event.id, user_id, _draft(form))
            except ReflectionError as error:
                if not put_error(form, error):
                    return refusal(programme, event, error, status_for(error))
                status = status_for(error)
            else:
                flash(
                    gettext("Your reflection is saved.")
                    if existing is None
                    else gettext("Your changes are saved."),
                    "success",
                )
                return redirect(url_for("reflections.reflection", reflection_id=reflection_id))
        else:
            status = 422
    return (
        render_template(
            "reflections/reflect.html",
            programme=programme,
            event=event,
            form=form,
            existing=existing,
        ),
        status,
    )


def _draft(form: ReflectionForm) -> ReflectionDraft:
    return ReflectionDraft(
        answers=form.answers(),
        theme_ids=[int(value) for value in form.themes.data or []],
        principles=list(form.principles.data or []),
        visibility=form.visibility.data or "",
        attribution=form.attribution.data or "",
    )


@blueprint.route("/p/<programme_slug>/events/<event_slug>/reflect/delete", methods=["GET", "POST"])
@login_required
def delete_reflection(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    return confirm_delete(
        programme_slug,
        event_slug,
        queries.own_reflection,
        services.delete_reflection,
        "reflection",
    )


# --- A person's own ----------------------------------------------------------------------------


@blueprint.get("/reflections/")
@login_required
def mine() -> ResponseReturnValue:
    return render_template(
        "reflections/mine.html", practice=queries.my_practice(current_reader(), utcnow())
    )
