"""Reflecting on an event, writing up a session, and the practice record: its pages, search,
exports (CSV and JSON: the API for now), learning report and Atom feeds.

Who may read what is decided in visibility.py; these routes only pass the reader along.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..extensions import login_manager
from ..models import Event, Programme, utcnow
from ..organise.permissions import organiser_required
from ..page_cache import cached_page
from ..programmes.services import visible_event, visible_programme
from . import exports, queries, services
from .forms import (
    ActionForm,
    CurateForm,
    RecordFilterForm,
    ReflectionForm,
    WriteUpForm,
    prompts_form,
    reflection_form,
)
from .queries import Entry, RecordFilters
from .services import (
    CurateAction,
    EntryKind,
    ReflectionDraft,
    ReflectionError,
    WriteUpAction,
    WriteUpDraft,
)
from .visibility import Reader, may_curate

blueprint = Blueprint("reflections", __name__)

# Why a change was refused, and the status code that says so.
REFUSAL_STATUS = {"not_found": 404, "forbidden": 403, "too_early": 409, "invalid": 422}
# Exports carry what this reader may see: never shared by a cache between readers.
PERSONAL_CACHE = "private, no-cache"
FEED_CACHE = "public, max-age=300"


def _reader() -> Reader:
    return Reader.of(current_user)


def _page_number() -> int:
    try:
        return max(int(request.args.get("page", "1")), 1)
    except ValueError:
        return 1


@blueprint.app_template_global("practice_entry_url")
def entry_url(entry: Entry, external: bool = False) -> str:
    if entry.is_reflection:
        return url_for("reflections.reflection", reflection_id=entry.id, _external=external)
    return url_for("reflections.write_up", write_up_id=entry.id, _external=external)


def _event_url(entry: Entry, external: bool = False) -> str:
    return url_for(
        "programmes.event",
        programme_slug=entry.programme.slug,
        event_slug=entry.event.slug,
        _external=external,
    )


@blueprint.app_template_global("event_practice")
def event_practice(event: Event) -> queries.EventPractice:
    """The event page's write-ups and way in to reflecting, for whoever is reading."""
    return queries.event_practice(_reader(), event, utcnow())


# --- The practice record -----------------------------------------------------------------------


def _filter_form(programme: Programme | None = None) -> tuple[RecordFilterForm, RecordFilters]:
    reader = _reader()
    form = RecordFilterForm(request.args)
    chosen = programme.slug if programme is not None else request.args.get("programme") or None
    form.set_choices(queries.filter_choices(reader, chosen))
    if programme is not None:
        form.programme.data = programme.slug
    return form, form.filters()


@blueprint.get("/practice/")
@cached_page()
def practice() -> ResponseReturnValue:
    form, filters = _filter_form()
    record = queries.record_page(_reader(), filters, _page_number())
    programme = visible_programme(filters.programme, current_user) if filters.programme else None
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "practice/index.html",
        form=form,
        filters=filters,
        record=record,
        programme=programme,
        may_curate=programme is not None and may_curate(_reader(), programme.id),
        page_url=lambda number: url_for("reflections.practice", **args, page=number),
    )


def _not_visible(kind: EntryKind, entry_id: int) -> ResponseReturnValue:
    """Signed out: sign in, it may be yours to read. Signed in: as if it did not exist."""
    if not current_user.is_authenticated and queries.entry_exists(kind, entry_id):
        return login_manager.unauthorized()
    abort(404)


@blueprint.get("/practice/reflections/<int:reflection_id>")
def reflection(reflection_id: int) -> ResponseReturnValue:
    entry = queries.reflection_entry(_reader(), reflection_id)
    if entry is None:
        return _not_visible(EntryKind.REFLECTION, reflection_id)
    return render_template("practice/entry.html", entry=entry, form=ActionForm())


@blueprint.get("/practice/write-ups/<int:write_up_id>")
def write_up(write_up_id: int) -> ResponseReturnValue:
    entry = queries.write_up_entry(_reader(), write_up_id)
    if entry is None:
        return _not_visible(EntryKind.WRITE_UP, write_up_id)
    return render_template("practice/entry.html", entry=entry, form=ActionForm())


def _curate(kind: EntryKind, entry_id: int) -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    reader = _reader()
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
                services.curate(
                    kind, entry_id, reader, CurateAction(action), form.reason.data or ""
                )
            except ReflectionError as error:
                if error.field and error.field in form:
                    form[error.field].errors = [str(error)]
                else:
                    flash(str(error), "error")
                status = REFUSAL_STATUS.get(error.reason, 422)
            else:
                flash(_CURATED[CurateAction(action)], "success")
                return redirect(entry_url(entry))
        else:
            status = 422
    return render_template("practice/curate.html", entry=entry, form=form), status


_CURATED = {
    CurateAction.FEATURE: "Featured: it is shown at the top of the practice record.",
    CurateAction.UNFEATURE: "No longer featured.",
    CurateAction.HIDE: "Hidden. Its author sees it with your reason.",
    CurateAction.SHOW: "Shown again to everyone its author chose.",
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
    return queries.all_entries(_reader(), dataclasses.replace(filters, programme=programme.slug))


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
        lambda entry: _event_url(entry, external=True),
    )
    return _export(body, "text/csv", f"{programme.slug}-practice-record.csv")


@blueprint.get("/p/<programme_slug>/practice/entries.json")
def export_json(programme_slug: str) -> ResponseReturnValue:
    programme = _programme_or_404(programme_slug)
    document = exports.to_json(
        _programme_entries(programme),
        lambda entry: entry_url(entry, external=True),
        lambda entry: _event_url(entry, external=True),
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
            report=queries.learning_report(_reader(), programme),
            generated_at=utcnow(),
        )
    )
    response.headers["Cache-Control"] = PERSONAL_CACHE
    return response


def _feed(entries: list[Entry], title: str, self_url: str, alternate_url: str) -> Response:
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
        queries.feed_entries(),
        f"{site}: the practice record",
        url_for("reflections.feed", _external=True),
        url_for("reflections.practice", _external=True),
    )


@blueprint.get("/p/<programme_slug>/practice/feed.atom")
def programme_feed(programme_slug: str) -> ResponseReturnValue:
    # Feeds are anonymous, so a draft programme has none, whoever asks.
    programme = visible_programme(programme_slug, None) or abort(404)
    return _feed(
        queries.feed_entries(programme.slug),
        f"{programme.title}: the practice record",
        url_for("reflections.programme_feed", programme_slug=programme.slug, _external=True),
        url_for("reflections.practice", programme=programme.slug, _external=True),
    )


# --- Organisers: the programme's prompts -------------------------------------------------------


@blueprint.route("/p/<programme_slug>/practice/prompts", methods=["GET", "POST"])
@organiser_required
def prompts(programme: Programme) -> ResponseReturnValue:
    form = prompts_form(services.prompts_for(programme.id))
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        elif request.form.get("action") == "restore":
            services.restore_default_prompts(programme.id)
            flash("The programme asks the HLS default questions again.", "success")
            return redirect(url_for("reflections.prompts", programme_slug=programme.slug))
        else:
            try:
                services.save_prompts(programme.id, form.prompts())
            except ReflectionError as error:
                if error.field and error.field in form:
                    form[error.field].errors = [str(error)]
                else:
                    flash(str(error), "error")
                status = 422
            else:
                flash(
                    "Saved. New reflections ask these questions; ones already written keep theirs.",
                    "success",
                )
                return redirect(url_for("reflections.prompts", programme_slug=programme.slug))
    return (
        render_template(
            "reflections/prompts.html",
            programme=programme,
            form=form,
            own=services.has_own_prompts(programme.id),
            defaults=services.DEFAULT_PROMPTS,
        ),
        status,
    )


# --- Reflecting --------------------------------------------------------------------------------


def _event_or_404(programme_slug: str, event_slug: str) -> tuple[Programme, Event]:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    event = visible_event(programme, event_slug, current_user) or abort(404)
    return programme, event


def _refusal(
    programme: Programme, event: Event, error: ReflectionError, status: int
) -> ResponseReturnValue:
    return (
        render_template(
            "reflections/cannot.html", programme=programme, event=event, message=str(error)
        ),
        status,
    )


def _put_error(form: Any, error: ReflectionError) -> bool:
    if error.field and error.field in form:
        form[error.field].errors = [str(error)]
        return True
    return False


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
    programme, event = _event_or_404(programme_slug, event_slug)
    user_id = current_user.id
    existing = services.own_reflection(event.id, user_id)
    if existing is None:
        try:
            services.check_may_reflect(event, user_id, utcnow())
        except ReflectionError as error:
            # Looking early is fine: the page says when. Sending early is refused.
            if error.reason == "too_early" and request.method == "GET":
                return _refusal(programme, event, error, 200)
            return _refusal(programme, event, error, REFUSAL_STATUS.get(error.reason, 403))
    form = reflection_form(
        services.questions_for(event, existing),
        services.theme_choices(),
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
                if not _put_error(form, error):
                    return _refusal(programme, event, error, REFUSAL_STATUS.get(error.reason, 422))
                status = REFUSAL_STATUS.get(error.reason, 422)
            else:
                flash(
                    "Your reflection is saved." if existing is None else "Your changes are saved.",
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


def _confirm_delete(
    programme_slug: str,
    event_slug: str,
    find: Callable[[int, int], Any],
    remove: Callable[[int, int], None],
    what: str,
) -> ResponseReturnValue:
    programme, event = _event_or_404(programme_slug, event_slug)
    if find(event.id, current_user.id) is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        remove(event.id, current_user.id)
        flash(f"Your {what} on {event.title} is deleted.", "success")
        return redirect(url_for("reflections.mine"))
    return render_template(
        "reflections/delete.html", programme=programme, event=event, form=form, what=what
    )


@blueprint.route("/p/<programme_slug>/events/<event_slug>/reflect/delete", methods=["GET", "POST"])
@login_required
def delete_reflection(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    return _confirm_delete(
        programme_slug,
        event_slug,
        services.own_reflection,
        services.delete_reflection,
        "reflection",
    )


# --- Writing up --------------------------------------------------------------------------------


@blueprint.route("/p/<programme_slug>/events/<event_slug>/write-up", methods=["GET", "POST"])
@login_required
def write_up_form(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    programme, event = _event_or_404(programme_slug, event_slug)
    try:
        services.check_may_write_up(event, current_user.id)
    except ReflectionError as error:
        return _refusal(programme, event, error, REFUSAL_STATUS.get(error.reason, 403))
    existing = services.own_write_up(event.id, current_user.id)
    form = WriteUpForm(obj=existing)
    status = 200
    if request.method == "POST":
        action = request.form.get("action", WriteUpAction.SAVE.value)
        if form.validate_on_submit() and action in {a.value for a in WriteUpAction}:
            try:
                write_up_id = services.save_write_up(
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
                if not _put_error(form, error):
                    return _refusal(programme, event, error, REFUSAL_STATUS.get(error.reason, 422))
                status = REFUSAL_STATUS.get(error.reason, 422)
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
    WriteUpAction.SAVE: "Your write-up is saved.",
    WriteUpAction.PUBLISH: "Your write-up is published: it is on the event page and in the "
    "practice record.",
    WriteUpAction.UNPUBLISH: "Your write-up is a draft again: only you can see it.",
}


@blueprint.route("/p/<programme_slug>/events/<event_slug>/write-up/delete", methods=["GET", "POST"])
@login_required
def delete_write_up(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    return _confirm_delete(
        programme_slug,
        event_slug,
        services.own_write_up,
        services.delete_write_up,
        "write-up",
    )


# --- A person's own ----------------------------------------------------------------------------


@blueprint.get("/reflections/")
@login_required
def mine() -> ResponseReturnValue:
    return render_template(
        "reflections/mine.html", practice=queries.my_practice(_reader(), utcnow())
    )
