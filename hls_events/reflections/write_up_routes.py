"""A speaker writing up their session for the practice record."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..lazy_text import _l
from . import eligibility, queries, write_ups
from .blueprint import blueprint, confirm_delete, event_or_404, put_error, refusal
from .errors import ReflectionError
from .forms import WriteUpForm
from .write_ups import WriteUpAction, WriteUpDraft

# --- Writing up --------------------------------------------------------------------------------


@blueprint.route("/p/<programme_slug>/events/<event_slug>/write-up", methods=["GET", "POST"])
@login_required
def write_up_form(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    programme, event = event_or_404(programme_slug, event_slug)
    try:
        eligibility.check_may_write_up(event, current_user.id)
    except ReflectionError as error:
        return refusal(programme, event, error, status_for(error))
    existing = queries.own_write_up(event.id, current_user.id)
    form = WriteUpForm(obj=existing)
    status = 200
    if request.method == "POST":
        action = request.form.get("action", WriteUpAction.SAVE.value)
        if form.validate_on_submit() and action in {a.value for a in WriteUpAction}:
            try:
                write_up_id = write_ups.save_write_up(
                    event.id,
                    current_user.id,
                    WriteUpDraft(
                        title=form.title.data or "",
                        body=form.body.data or "",
                        slides_url=form.slides_url.data or "",
                        recording_url=form.recording_url.data or "",
                    ),
                    WriteUpAction(action),
                )
            except ReflectionError as error:
                if not put_error(form, error):
                    return refusal(programme, event, error, status_for(error))
                status = status_for(error)
            else:
                flash(_WRITTEN_UP[WriteUpAction(action)], "success")
                return redirect(url_for("reflections.write_up", write_up_id=write_up_id))
        else:
            status = 422
    return (
        render_template(
            "reflections/write_up.html",
            programme=programme,
            event=event,
            form=form,
            existing=existing,
        ),
        status,
    )


_WRITTEN_UP = {
    WriteUpAction.SAVE: _l("Your write-up is saved."),
    WriteUpAction.PUBLISH: _l(
        "Your write-up is published: it is on the event page and in the practice record."
    ),
    WriteUpAction.UNPUBLISH: _l("Your write-up is a draft again: only you can see it."),
}


@blueprint.route("/p/<programme_slug>/events/<event_slug>/write-up/delete", methods=["GET", "POST"])
@login_required
def delete_write_up(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    return confirm_delete(
        programme_slug,
        event_slug,
        queries.own_write_up,
        write_ups.delete_write_up,
        "write-up",
    )
