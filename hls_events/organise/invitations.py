"""The page an emailed invitation links to, where the invited person accepts it.

It lives outside /organise/ because the person may not have an account yet.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..errors import status_for
from ..extensions import login_manager
from ..models import Invitation, ProgrammeRole
from ..translation import gettext
from .people import (
    InvitationProblem,
    Standing,
    accept_invitation,
    invitation_from_token,
    standing,
)

blueprint = Blueprint("invitations", __name__, url_prefix="/invitations")


def _destination(invitation: Invitation) -> str:
    """Where the new organiser or host starts work."""
    return url_for("organise.programme", programme_slug=invitation.programme.slug)


def _render(invitation: Invitation | None, token: str, **context: object) -> str:
    here = url_for("invitations.respond", token=token)
    return render_template(
        "organise/invitation.html",
        invitation=invitation,
        token=token,
        sign_in_url=url_for("accounts.sign_in", next=here),
        sign_up_url=url_for("accounts.sign_up", next=here),
        is_host_invitation=invitation is not None and invitation.role == ProgrammeRole.HOST,
        **context,
    )


@blueprint.route("/<token>", methods=["GET", "POST"])
def respond(token: str) -> ResponseReturnValue:
    try:
        invitation = invitation_from_token(token)
    except InvitationProblem as problem:
        return _render(None, token, problem=str(problem)), status_for(problem)
    if request.method == "POST":
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        # CSRFProtect has already checked the token of this POST.
        outcome = accept_invitation(invitation, current_user)
        if outcome == Standing.ACCEPTED:
            flash(
                gettext("Welcome to %(programme)s.", programme=invitation.programme.title),
                "success",
            )
            return redirect(_destination(invitation))
        return _render(invitation, token, standing=outcome), _status(outcome, posted=True)
    viewer_standing = standing(invitation, current_user)
    return _render(invitation, token, standing=viewer_standing), _status(viewer_standing)


def _status(viewer_standing: Standing, *, posted: bool = False) -> int:
    if viewer_standing == Standing.EXPIRED:
        return 410
    if posted and viewer_standing in (Standing.DIFFERENT_EMAIL, Standing.EMAIL_UNCONFIRMED):
        return 403
    if posted and viewer_standing == Standing.ALREADY_ACCEPTED:
        return 409
    return 200
