"""Copying a programme: a form, a preview of what will be made (and who will be emailed), then
the copy. For organisers of the programme who may create programmes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import render_form
from ..models import Programme
from ..translation import gettext
from .blueprint import blueprint
from .copying import CopyRequest, copy_programme, plan_copy
from .forms import CopyProgrammeForm
from .permissions import can_create_programmes, organiser_required
from .services import OrganiseError


def _request(form: CopyProgrammeForm) -> CopyRequest:
    return CopyRequest(
        title=(form.title.data or "").strip(),
        slug=(form.slug.data or "").strip(),
        weeks=int(form.weeks.data or 0),
        with_events=bool(form.with_events.data),
    )


@blueprint.route("/p/<programme_slug>/copy", methods=["GET", "POST"])
@organiser_required
def copy(programme: Programme) -> ResponseReturnValue:
    if not can_create_programmes(current_user):
        abort(403)
    form = CopyProgrammeForm()
    if not form.is_submitted():
        form.title.data = gettext("%(title)s (copy)", title=programme.title)
        form.weeks.data = 52
        form.with_events.data = True
    if form.validate_on_submit() and form.confirm.data != "edit":
        try:
            if form.confirm.data == "yes":
                made = copy_programme(current_user, programme, _request(form))
                flash(
                    gettext(
                        "Made %(title)s, a draft. Check its events and sessions, then publish it.",
                        title=made.title,
                    ),
                    "success",
                )
                return redirect(url_for("organise.programme", programme_slug=made.slug))
            plan = plan_copy(programme, _request(form))
        except OrganiseError as error:
            getattr(form, error.field or "title").errors = [str(error)]
        else:
            return render_template(
                "organise/copy_preview.html", programme=programme, form=form, plan=plan
            )
    return render_form("organise/copy_form.html", form, programme=programme)
