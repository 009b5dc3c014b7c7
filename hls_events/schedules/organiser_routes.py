"""Importing a schedule.json as a new draft programme, for any organiser: upload, see what
will be made, confirm. Between the steps the file travels in the form, compressed and signed
(the web tier keeps no files), and is read again on confirming."""

from __future__ import annotations

from typing import cast
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..organise.permissions import programme_creator_required
from ..translation import gettext, ngettext
from .forms import ScheduleConfirmForm, ScheduleUploadForm
from .importer import import_schedule
from .reader import MAX_BYTES, ScheduleFileError, parse_schedule

blueprint = Blueprint("schedule_import", __name__, url_prefix="/organise/import")

UPLOAD_SALT = "hls-events.schedule-import"
UPLOAD_HOURS = 2
# The signed file rides in the confirming form: allow for its encoding.
CONFIRM_REQUEST_LIMIT = 2 * MAX_BYTES


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


@blueprint.before_request
def _allow_schedule_files() -> None:
    if request.method == "POST":
        request.max_content_length = CONFIRM_REQUEST_LIMIT


@blueprint.route("/", methods=["GET", "POST"])
@programme_creator_required
def upload() -> ResponseReturnValue:
    form = ScheduleUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        raw = form.file.data.read(MAX_BYTES + 1)
        timezone = cast(str, form.timezone.data).strip()
        try:
            plan = parse_schedule(raw, default_timezone=timezone)
        except ScheduleFileError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            token = _serializer().dumps(
                {"user": current_user.id, "timezone": timezone, "file": raw.decode("utf-8-sig")}
            )
            confirm = ScheduleConfirmForm(formdata=None, upload=token)
            return render_template(
                "schedules/import_preview.html", plan=plan, form=confirm, utc=ZoneInfo("UTC")
            )
    status = 422 if problems or form.errors else 200
    return render_template("schedules/import_upload.html", form=form, problems=problems), status


@blueprint.post("/confirm")
@programme_creator_required
def confirm() -> ResponseReturnValue:
    form = ScheduleConfirmForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            upload = _serializer().loads(cast(str, form.upload.data), max_age=UPLOAD_HOURS * 3600)
        except BadSignature:
            upload = None
        if not isinstance(upload, dict) or upload.get("user") != current_user.id:
            problems = [gettext("This upload has expired or is not yours: upload the file again.")]
        else:
            try:
                plan = parse_schedule(upload["file"].encode(), upload["timezone"])
            except ScheduleFileError as error:
                problems = [str(problem) for problem in error.problems]
            else:
                programme = import_schedule(plan, current_user.id)
                flash(
                    ngettext(
                        "Imported %(title)s as a draft programme with %(num)d draft event.",
                        "Imported %(title)s as a draft programme with %(num)d draft events.",
                        len(plan.events),
                        title=programme.title,
                    ),
                    "success",
                )
                return redirect(url_for("organise.programme", programme_slug=programme.slug))
    else:
        problems = [gettext("Nothing to import: upload the file again.")]
    upload_form = ScheduleUploadForm(formdata=None)
    return render_template("schedules/import_upload.html", form=upload_form, problems=problems), 422
