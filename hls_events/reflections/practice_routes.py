"""The practice record: its pages, search, curation, exports (CSV and JSON: the API for now),
learning report and Atom feeds. Who may read what is decided in visibility.py."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..errors import status_for
from ..extensions import login_manager
from ..inputs import page_number
from ..lazy_text import _l
from ..models import Programme, utcnow
from ..page_cache import cached_page
from ..programmes.services import visible_programme
from . import curation, exports, queries
from .blueprint import FEED_CACHE, PERSONAL_CACHE, blueprint, current_reader
from .curation import CurateAction
from .entries import Entry, EntryKind
from .errors import ReflectionError
from .filter_choices import filter_choices
from .forms import ActionForm, CurateForm, RecordFilterForm
from .links import entry_url, event_url
from .record import RecordFilters, all_entries, feed_entries, record_page
from .report import learning_report
from .visibility import may_curate

# --- The practice record -----------------------------------------------------------------------


def _filter_form(programme: Programme | None = None) -> tuple[RecordFilterForm, RecordFilters]:
    reader = current_reader()
    form = RecordFilterForm(request.args)
    chosen = programme.slug if programme is not None else request.args.get("programme") or None
    form.set_choices(filter_choices(reader, chosen))
    if programme is not None:
        form.programme.data = programme.slug
    return form, form.filters()


@blueprint.get("/practice/")
@cached_page()
def practice() -> ResponseReturnValue:
    form, filters = _filter_form()
    record = record_page(current_reader(), filters, page_number())
    programme = visible_programme(filters.programme, current_user) if filters.programme else None
    args: dict[str, Any] = {
        key: value for key, value in request.args.items() if key != "page" and value
    }
    return render_template(
        "practice/index.html",
        form=form,
        filters=filters,
        record=record,
        programme=programme,
        may_curate=programme is not None and may_curate(current_reader(), programme.id),
        page_url=lambda number: url_for("reflections.practice", **args, page=number),
    )


def _not_visible(kind: EntryKind, entry_id: int) -> ResponseReturnValue:
    """Signed out: sign in, it may be yours to read. Signed in: as if it did not exist."""
    if not current_user.is_authenticated and queries.entry_exists(kind, entry_id):
        return login_manager.unauthorized()
    abort(404)


@blueprint.get("/practice/reflections/<int:reflection_id>")
def reflection(reflection_id: int) -> ResponseReturnValue:
    entry = queries.reflection_entry(current_reader(), reflection_id)
    if entry is None:
        return _not_visible(EntryKind.REFLECTION, reflection_id)
    return render_template("practice/entry.html", entry=entry, form=ActionForm())


@blueprint.get("/practice/write-ups/<int:write_up_id>")
def write_up(write_up_id: int) -> ResponseReturnValue:
    entry = queries.write_up_entry(current_reader(), write_up_id)
    if entry is None:
        return _not_visible(EntryKind.WRITE_UP, write_up_id)
    return render_template("practice/entry.html", entry=entry, form=ActionForm())


def _curate(kind: EntryKind, entry_id: int) -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    reader = current_reader()
    find = queries.reflection_entry if kind == EntryKind.REFLECTION else queries.write_up_entry
    entry = find(reader, entry_id)
    if entry is None:
        abort(404)
    if not entry.curates:
        abort(403)
    form = CurateForm()
    status = 200
    if request.method == "POST":
        action = request.form.get("action", "")
        if form.validate_on_submit() and action in {a.value for a in CurateAction}:
            try:
                curation.curate(
                    kind, entry_id, reader, CurateAction(action), form.reason.data or ""
                )
            except ReflectionError as error:
                if error.field and error.field in form:
                    form[error.field].errors = [str(error)]
                else:
                    flash(str(error), "error")
                status = status_for(error)
            else:
                flash(str(_CURATED[CurateAction(action)]), "success")
                return redirect(entry_url(entry))
        else:
            status = 422
    return render_template("practice/curate.html", entry=entry, form=form), status


_CURATED = {
    CurateAction.FEATURE: _l("Featured: it is shown at the top of the practice record."),
    CurateAction.UNFEATURE: _l("No longer featured."),
    CurateAction.HIDE: _l("Hidden. Its author sees it with your reason."),
    CurateAction.SHOW: _l("Shown again to everyone its author chose."),
}


@blueprint.route("/practice/reflections/<int:reflection_id>/curate", methods=["GET", "POST"])
def curate_reflection(reflection_id: int) -> ResponseReturnValue:
    return _curate(EntryKind.REFLECTION, reflection_id)


@blueprint.route("/practice/write-ups/<int:write_up_id>/curate", methods=["GET", "POST"])
def curate_write_up(write_up_id: int) -> ResponseReturnValue:
    return _curate(EntryKind.WRITE_UP, write_up_id)


# --- Exports, report and feeds -----------------------------------------------------------------


def _programme_or_404(programme_slug: str) -> Programme:
    return visible_programme(programme_slug, current_user) or abort(404)


def _programme_entries(programme: Programme) -> list[Entry]:
    _form, filters = _filter_form(programme)
    return all_entries(current_reader(), dataclasses.replace(filters, programme=programme.slug))


def _export(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = PERSONAL_CACHE
    response.headers["Vary"] = "Cookie"
    if request.args.get("download") == "1":
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.get("/p/<programme_slug>/practice/entries.csv")
def export_csv(programme_slug: str) -> ResponseReturnValue:
    programme = _programme_or_404(programme_slug)
    body = exports.to_csv(
        _programme_entries(programme),
        lambda entry: entry_url(entry, external=True),
        lambda entry: event_url(entry, external=True),
    )
    return _export(body, "text/csv", f"{programme.slug}-practice-record.csv")


@blueprint.get("/p/<programme_slug>/practice/entries.json")
def export_json(programme_slug: str) -> ResponseReturnValue:
    programme = _programme_or_404(programme_slug)
    document = exports.to_json(
        _programme_entries(programme),
        lambda entry: entry_url(entry, external=True),
        lambda entry: event_url(entry, external=True),
        programme={"slug": programme.slug, "title": programme.title},
        generated_at=utcnow().isoformat(),
    )
    return _export(
        json.dumps(document, ensure_ascii=False, indent=2),
        "application/json",
        f"{programme.slug}-practice-record.json",
    )


@blueprint.get("/p/<programme_slug>/practice/report")
def report(programme_slug: str) -> ResponseReturnValue:
    programme = _programme_or_404(programme_slug)
    response = Response(
        render_template(
            "practice/report.html",
            programme=programme,
            report=learning_report(current_reader(), programme),
            generated_at=utcnow(),
        )
    )
    response.headers["Cache-Control"] = PERSONAL_CACHE
    return response


def _feed(
    entries: list[Entry], title: str, self_url: str, alternate_url: str
) -> ResponseReturnValue:
    updated = max((entry.updated_at for entry in entries), default=utcnow())
    response = Response(
        render_template(
            "practice/feed.xml",
            entries=entries,
            title=title,
            self_url=self_url,
            alternate_url=alternate_url,
            updated=updated,
        ),
        mimetype="application/atom+xml",
    )
    response.headers["Cache-Control"] = FEED_CACHE
    response.add_etag()
    return response.make_conditional(request)


@blueprint.get("/practice/feed.atom")
def feed() -> ResponseReturnValue:
    site = current_app.config["SITE_NAME"]
    return _feed(
        feed_entries(),
        f"{site}: the practice record",
        url_for("reflections.feed", _external=True),
        url_for("reflections.practice", _external=True),
    )


@blueprint.get("/p/<programme_slug>/practice/feed.atom")
def programme_feed(programme_slug: str) -> ResponseReturnValue:
    # Feeds are anonymous, so a draft programme has none, whoever asks.
    programme = visible_programme(programme_slug, None) or abort(404)
    return _feed(
        feed_entries(programme.slug),
        f"{programme.title}: the practice record",
        url_for("reflections.programme_feed", programme_slug=programme.slug, _external=True),
        url_for("reflections.practice", programme=programme.slug, _external=True),
    )
