from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from ..models import User
from .forms import SignInForm
from .services import authenticate

blueprint = Blueprint("accounts", __name__, url_prefix="/account")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths: an address from a link must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("programmes.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            flash(f"Signed in as {user.email}.", "success")
            return redirect(next_url or url_for("organise.dashboard"))
        form.email.errors = ["That email address and password do not match an account."]
    status = 422 if form.errors else 200
    return render_template("accounts/sign_in.html", form=form), status


@blueprint.post("/sign-out")
@login_required
def sign_out() -> ResponseReturnValue:
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("programmes.index"))
