"""Importing events from a CSV file into a programme, for its organisers: download the template,
upload, see every event and session that will be made (or every bad row), confirm. Between the
steps the file travels in the form, signed, as the schedule import does."""

from __future__ import annotations

from typing import cast

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..models import Programme
from ..organise.permissions import organiser_required
from ..translation import gettext as _
from ..translation import ngettext
from .event_import import import_event_rows, plan_event_rows
from .event_rows import COLUMN_HINTS, COLUMNS, REQUIRED, template_csv
from .forms import EventRowsConfirmForm, EventRowsUploadForm
from .reader import MAX_BYTES, ScheduleFileError

blueprint = Blueprint(
    "events_import", __name__, url_prefix="/organise/p/<programme_slug>/import-events"
)

UPLOAD_SALT = "hls-events.events-import"
UPLOAD_HOURS = 2


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


@blueprint.before_request
def _allow_event_files() -> None:
    if request.method == "POST":
        request.max_content_length = 2 * MAX_BYTES


def _upload_page(
    programme: Programme, form: EventRowsUploadForm, problems: list[str], status: int
) -> ResponseReturnValue:
    return render_template(
        "schedules/events_upload.html",
        programme=programme,
        form=form,
        problems=problems,
        columns=[(name, name in REQUIRED, COLUMN_HINTS[name]) for name in COLUMNS],
    ), status


@blueprint.get("/template.csv")
@organiser_required
def template(programme: Programme) -> ResponseReturnValue:
    return Response(
        template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{programme.slug}-events.csv"'},
    )


@blueprint.route("/", methods=["GET", "POST"])
@organiser_required
def upload(programme: Programme) -> ResponseReturnValue:
    form = EventRowsUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        raw = form.file.data.read(MAX_BYTES + 1)
        try:
            plan = plan_event_rows(raw, programme)
        except ScheduleFileError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            token = _serializer().dumps(
                {
                    "user": current_user.id,
                    "programme": programme.id,
                    "file": raw.decode("utf-8-sig"),
                }
            )
            return render_template(
                "schedules/events_preview.html",
                programme=programme,
                plan=plan,
                form=EventRowsConfirmForm(formdata=None, upload=token),
            )
    return _upload_page(programme, form, problems, 422 if problems or form.errors else 200)


@blueprint.post("/confirm")
@organiser_required
def confirm(programme: Programme) -> ResponseReturnValue:
    form = EventRowsConfirmForm()
    problems: list[str] = []
    upload = None
    if form.validate_on_submit():
        try:
            upload = _serializer().loads(cast(str, form.upload.data), max_age=UPLOAD_HOURS * 3600)
        except BadSignature:
            upload = None
    if (
        not isinstance(upload, dict)
        or upload.get("user") != current_user.id
        or upload.get("programme") != programme.id
    ):
        problems = [_("This upload has expired or is not yours: upload the file again.")]
    else:
        try:
            # Read again: the programme may have changed since the preview.
            plan = plan_event_rows(str(upload["file"]).encode(), programme)
        except ScheduleFileError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            made = import_event_rows(programme, plan)
            flash(
                ngettext(
                    "Imported %(num)d draft event. Check it, then publish it.",
                    "Imported %(num)d draft events. Check them, then publish them.",
                    len(made),
                ),
                "success",
            )
            return redirect(url_for("organise.programme", programme_slug=programme.slug))
    return _upload_page(programme, EventRowsUploadForm(formdata=None), problems, 422)
