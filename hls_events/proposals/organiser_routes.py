"""The call for events and its proposals in the organiser area, for the programme's organisers.
Guarded by organise/permissions.py."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import SelectChoice, render_form
from ..inputs import page_number
from ..lazy_text import _l
from ..localtime import NonexistentLocalTime, to_local
from ..models import Programme, Proposal, ProposalStatus, utcnow
from ..organise.permissions import organiser_required
from ..organise.services import local_registration_bound
from ..programmes.themes import themes_offered, themes_to_choose
from ..translation import gettext
from . import queries, review, services
from .forms import CallForm, CommentForm, DecisionForm, ProposalFilterForm
from .services import ProposalError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..models import Event, User

blueprint = Blueprint("proposals_organise", __name__, url_prefix="/organise")

DECISION_PREFIXES = ("changes", "accept", "decline")


def _naive_local(value: datetime | None, programme: Programme) -> datetime | None:
    return to_local(value, programme.zone).replace(tzinfo=None) if value else None


@blueprint.route("/p/<programme_slug>/call", methods=["GET", "POST"])
@organiser_required
def call(programme: Programme) -> ResponseReturnValue:
    existing = queries.call_of(programme)
    # Filled in from the call by hand, never from `obj`: a field missing from a post would
    # otherwise take the call's attribute of that name (its questions are a list of rows).
    form = CallForm()
    form.themes.choices = [
        SelectChoice(theme.id, theme.name) for theme in themes_offered(programme)
    ]
    if not form.is_submitted():
        if existing is not None:
            form.guidance.data = existing.guidance
            form.opens_at.data = _naive_local(existing.opens_at, programme)
            form.closes_at.data = _naive_local(existing.closes_at, programme)
            form.formats.data = [
                line for line in existing.formats_text.splitlines() if line.strip()
            ]
            form.themes.data = [theme.id for theme in existing.themes]
            form.questions.data = "\n".join(question.text for question in existing.questions)
        else:
            form.themes.data = [theme.id for theme in programme.themes]
    if form.validate_on_submit():
        try:
            opens_at = local_registration_bound(form.opens_at.data, programme.zone)
            closes_at = local_registration_bound(form.closes_at.data, programme.zone)
        except NonexistentLocalTime as error:
            form.opens_at.errors = [str(error)]
        else:
            try:
                services.save_call(programme, form.details(opens_at, closes_at))
            except ProposalError as error:
                form[error.field or "guidance"].errors = [str(error)]
            else:
                flash(gettext("Saved the call for events."), "success")
                return redirect(url_for("proposals_organise.index", programme_slug=programme.slug))
    return render_form("proposals/organise_call.html", form, programme=programme, call=existing)


@blueprint.get("/p/<programme_slug>/proposals/")
@organiser_required
def index(programme: Programme) -> ResponseReturnValue:
    form = ProposalFilterForm(formdata=request.args)
    form.set_themes(themes_to_choose(programme))
    filters = form.filters()
    page = page_number()
    return render_template(
        "proposals/organise_index.html",
        programme=programme,
        call=queries.call_of(programme),
        form=form,
        filters=filters,
        proposals=queries.programme_proposals(programme, filters, page),
        statuses=[status for status in ProposalStatus if status != ProposalStatus.DRAFT],
        filter_args={
            name: value
            for name, value in request.args.items()
            if name in ("status", "format", "theme", "q") and value
        },
        now=utcnow(),
    )


def _proposal(programme: Programme, proposal_id: int) -> Proposal:
    return queries.proposal_in(programme, proposal_id) or abort(404)


def _proposal_url(programme: Programme, proposal: Proposal) -> str:
    return url_for(
        "proposals_organise.proposal", programme_slug=programme.slug, proposal_id=proposal.id
    )


def _render_proposal(
    programme: Programme, proposal: Proposal, **forms: object
) -> ResponseReturnValue:
    context: dict[str, object] = {
        "comment_form": CommentForm(),
        **{prefix: DecisionForm(prefix=prefix) for prefix in DECISION_PREFIXES},
        **forms,
    }
    failed = any(getattr(form, "errors", None) for form in forms.values())
    return (
        render_template(
            "proposals/organise_proposal.html",
            programme=programme,
            proposal=proposal,
            **context,
        ),
        422 if failed else 200,
    )


@blueprint.get("/p/<programme_slug>/proposals/<int:proposal_id>/")
@organiser_required
def proposal(programme: Programme, proposal_id: int) -> ResponseReturnValue:
    return _render_proposal(programme, _proposal(programme, proposal_id))


@blueprint.post("/p/<programme_slug>/proposals/<int:proposal_id>/comments")
@organiser_required
def comment(programme: Programme, proposal_id: int) -> ResponseReturnValue:
    found = _proposal(programme, proposal_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_proposal(programme, found, comment_form=form)
    review.add_comment(
        found,
        current_user,
        form.body.data or "",
        internal=bool(form.internal.data),
        by_organiser=True,
    )
    flash(
        gettext("Added an internal note.")
        if form.internal.data
        else gettext("Sent your comment to the proposer."),
        "success",
    )
    return redirect(_proposal_url(programme, found) + "#comments")


def _decision(
    programme: Programme,
    proposal_id: int,
    prefix: str,
    act: Callable[[Proposal, User, str, datetime], Event | None],
    done: str,
) -> ResponseReturnValue:
    found = _proposal(programme, proposal_id)
    form = DecisionForm(prefix=prefix)
    if not form.validate_on_submit():
        return _render_proposal(programme, found, **{prefix: form})
    try:
        result = act(found, current_user, form.message.data or "", utcnow())
    except ProposalError as error:
        if error.field:
            form.message.errors = [str(error)]
            return _render_proposal(programme, found, **{prefix: form})
        flash(str(error), "error")
        return redirect(_proposal_url(programme, found))
    flash(str(done).format(title=found.title), "success")
    if prefix == "accept" and result is not None:
        return redirect(
            url_for("organise.event", programme_slug=programme.slug, event_slug=result.slug)
        )
    return redirect(_proposal_url(programme, found))


@blueprint.post("/p/<programme_slug>/proposals/<int:proposal_id>/request-changes")
@organiser_required
def request_changes(programme: Programme, proposal_id: int) -> ResponseReturnValue:
    return _decision(
        programme,
        proposal_id,
        "changes",
        review.request_changes,
        _l("Asked for changes to “{title}”. The proposer has been emailed."),
    )


@blueprint.post("/p/<programme_slug>/proposals/<int:proposal_id>/accept")
@organiser_required
def accept(programme: Programme, proposal_id: int) -> ResponseReturnValue:
    return _decision(
        programme,
        proposal_id,
        "accept",
        review.accept_proposal,
        _l(
            "Accepted “{title}”. It is a draft event now: add its sessions, then publish it. "
            "The proposer and speakers have been emailed."
        ),
    )


@blueprint.post("/p/<programme_slug>/proposals/<int:proposal_id>/decline")
@organiser_required
def decline(programme: Programme, proposal_id: int) -> ResponseReturnValue:
    return _decision(
        programme,
        proposal_id,
        "decline",
        review.decline_proposal,
        _l("Declined “{title}”. The proposer has been emailed."),
    )
