"""The call for events as hosts see it, and a proposer's own proposals."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..forms_common import render_form
from ..markdown import render_markdown
from ..models import CallForEvents, Programme, Proposal, utcnow
from ..organise.permissions import is_organiser_of
from ..translation import gettext
from . import queries, review, services
from .forms import CommentForm, ProposalFormBase, proposal_form
from .permissions import proposer_required
from .services import ProposalError

blueprint = Blueprint("proposals", __name__)


def _visible_call(programme_slug: str) -> tuple[Programme, CallForEvents]:
    """A call can be read by anyone once it has opened, even while its programme is a draft."""
    programme = queries.programme_by_slug(programme_slug)
    if programme is None:
        abort(404)
    call = queries.call_of(programme)
    if call is None:
        abort(404)
    if not call.has_opened(utcnow()) and not is_organiser_of(current_user, programme):
        abort(404)
    return programme, call


def _form(call: CallForEvents, proposal: Proposal | None = None) -> ProposalFormBase:
    programme = call.programme
    form = proposal_form(
        call,
        queries.programme_days(programme),
        queries.call_themes_for_form(call),
        speaker_count=len(proposal.speakers) if proposal is not None else 0,
    )
    if proposal is not None and not form.is_submitted():
        form.fill(services.details_of(proposal))
    return form


def _render_form(
    form: ProposalFormBase, call: CallForEvents, proposal: Proposal | None
) -> ResponseReturnValue:
    return render_form(
        "proposals/proposal_form.html",
        form,
        call=call,
        programme=call.programme,
        proposal=proposal,
        organisations=queries.organisation_names(),
    )


def _refused(title: str, message: str, programme: Programme, status: int = 403) -> tuple[str, int]:
    return (
        render_template(
            "proposals/refused.html", title=title, message=message, programme=programme
        ),
        status,
    )


@blueprint.get("/p/<programme_slug>/call/")
def call(programme_slug: str) -> ResponseReturnValue:
    programme, found = _visible_call(programme_slug)
    now = utcnow()
    return render_template(
        "proposals/call.html",
        programme=programme,
        call=found,
        guidance=render_markdown(found.guidance),
        is_open=found.is_open(now),
        has_opened=found.has_opened(now),
    )


@blueprint.route("/p/<programme_slug>/call/propose", methods=["GET", "POST"])
@login_required
def propose(programme_slug: str) -> ResponseReturnValue:
    programme, found = _visible_call(programme_slug)
    now = utcnow()
    if not found.is_open(now):
        return _refused(
            gettext("The call for events is not open"),
            services.closed_message(found, programme, now),
            programme,
        )
    form = _form(found)
    if form.validate_on_submit():
        try:
            proposal = services.create_proposal(
                found, current_user, form.details(), submit=form.submitting, now=utcnow()
            )
        except ProposalError as error:
            if error.field:
                form[error.field].errors = [str(error)]
            else:
                return _refused(
                    gettext("Your proposal was not saved"), str(error), programme, status_for(error)
                )
        else:
            flash(_saved_message(proposal, form.submitting), "success")
            return redirect(url_for("proposals.proposal", proposal_id=proposal.id))
    return _render_form(form, found, None)


def _saved_message(proposal: Proposal, submitted: bool) -> str:
    if submitted:
        return gettext(
            "Submitted “%(proposal)s”. We have emailed you a copy; the organisers will be in touch.",
            proposal=proposal.title,
        )
    return gettext(
        "Saved “%(proposal)s” as a draft. Only you can see it until you submit it.",
        proposal=proposal.title,
    )


@blueprint.get("/proposals/")
@login_required
def mine() -> ResponseReturnValue:
    return render_template(
        "proposals/mine.html",
        proposals=queries.proposals_of(current_user),
        calls=queries.open_calls(utcnow()),
    )


@blueprint.get("/proposals/<int:proposal_id>/")
@proposer_required(organisers_redirected=True)
def proposal(proposal: Proposal) -> ResponseReturnValue:
    call_ = queries.call_of(proposal.programme)
    form = CommentForm()
    del form.internal
    return render_template(
        "proposals/proposal.html",
        proposal=proposal,
        programme=proposal.programme,
        call=call_,
        edit_refusal=services.edit_refusal(proposal, call_, utcnow()),
        comments=[comment for comment in proposal.comments if not comment.internal],
        comment_form=form,
    )


@blueprint.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@proposer_required()
def edit(proposal: Proposal) -> ResponseReturnValue:
    call_ = queries.call_of(proposal.programme)
    refusal = services.edit_refusal(proposal, call_, utcnow())
    if refusal is not None or call_ is None:
        return _refused(
            gettext("This proposal can no longer be changed"),
            refusal or gettext("This proposal can no longer be changed."),
            proposal.programme,
        )
    form = _form(call_, proposal)
    if form.validate_on_submit():
        try:
            services.update_proposal(
                proposal, call_, form.details(), submit=form.submitting, now=utcnow()
            )
        except ProposalError as error:
            if error.field:
                form[error.field].errors = [str(error)]
            else:
                return _refused(
                    gettext("Your changes were not saved"),
                    str(error),
                    proposal.programme,
                    status_for(error),
                )
        else:
            flash(
                _saved_message(proposal, True)
                if form.submitting
                else gettext("Saved your changes."),
                "success",
            )
            return redirect(url_for("proposals.proposal", proposal_id=proposal.id))
    return _render_form(form, call_, proposal)


@blueprint.post("/proposals/<int:proposal_id>/withdraw")
@proposer_required()
def withdraw(proposal: Proposal) -> ResponseReturnValue:
    try:
        services.withdraw_proposal(proposal, utcnow())
    except ProposalError as error:
        flash(str(error), "error")
    else:
        flash(gettext("Withdrew “%(proposal)s”.", proposal=proposal.title), "success")
    return redirect(url_for("proposals.proposal", proposal_id=proposal.id))


@blueprint.post("/proposals/<int:proposal_id>/comments")
@proposer_required()
def comment(proposal: Proposal) -> ResponseReturnValue:
    form = CommentForm()
    del form.internal
    if not form.validate_on_submit():
        flash(gettext("Write a comment before sending it."), "error")
    else:
        try:
            review.add_comment(
                proposal, current_user, form.body.data or "", internal=False, by_organiser=False
            )
        except ProposalError as error:
            flash(str(error), "error")
        else:
            flash(gettext("Sent your comment to the organisers."), "success")
    return redirect(url_for("proposals.proposal", proposal_id=proposal.id) + "#comments")
