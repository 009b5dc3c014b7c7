"""The account page's section for personal API tokens: make, name, revoke.

A new token's secret is shown once, on the page that answers the form, and never again.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..translation import gettext
from . import tokens
from .forms import NewTokenForm, RevokeTokenForm

blueprint = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


def _page(
    form: NewTokenForm, *, secret: str | None = None, status: int = 200
) -> ResponseReturnValue:
    response = render_template(
        "api/tokens.html",
        form=form,
        revoke_form=RevokeTokenForm(),
        tokens=tokens.tokens_of(current_user.id),
        secret=secret,
    )
    # A page showing a secret is never kept by a cache.
    return response, status, {"Cache-Control": "no-store"}


@blueprint.get("/")
@login_required
def index() -> ResponseReturnValue:
    return _page(NewTokenForm(formdata=None))


@blueprint.post("/")
@login_required
def create() -> ResponseReturnValue:
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        made = tokens.create_token(current_user.id, form.name.data or "")
    except tokens.ApiTokenError as error:
        form.name.errors = [error.message]
        return _page(form, status=status_for(error))
    flash(
        gettext(
            "Token “%(token)s” made. Copy it now: it is not shown again.", token=made.token.name
        ),
        "success",
    )
    return _page(NewTokenForm(formdata=None), secret=made.secret)


@blueprint.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> ResponseReturnValue:
    if not RevokeTokenForm().validate_on_submit():
        flash(gettext("The form had expired, so nothing was changed. Please try again."), "error")
        return redirect(url_for("api_tokens.index"), 303)
    try:
        name = tokens.revoke_token(current_user.id, token_id)
    except tokens.ApiTokenError as error:
        flash(error.message, "error")
        return redirect(url_for("api_tokens.index"), 303)
    flash(gettext("Token “%(name)s” revoked: it no longer works.", name=name), "success")
    return redirect(url_for("api_tokens.index"), 303)
