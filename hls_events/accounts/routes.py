"""Signing in and out, signing up, and the links sent by email to confirm an address or reset a
password. The account page's routes join the same blueprint from account_routes.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_fresh, login_required, logout_user

from ..extensions import db, login_manager
from ..forms_common import render_form
from ..inputs import ID_MAX, whole_number
from ..models import User
from ..translation import gettext
from . import (
    account_routes,  # noqa: F401  (the account pages join this blueprint)
    services,
)
from .blueprint import (
    SENT_TO,
    blueprint,
    check_your_email,
    clear_session,
    home_for,
    limit_per_address,
    limit_per_ip,
    link_problem,
    next_url_asked,
    safe_next_url,
    start_session,
)
from .forms import ActionForm, EmailForm, ResetPasswordForm, SignInForm, SignUpForm
from .tokens import CONFIRM_EMAIL, RESET_PASSWORD, SIGN_IN, TokenError

# The app registers this module's blueprint (hls_events/__init__.py).
__all__ = ["blueprint"]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The person a session or a "keep me signed in" cookie names, as long as their password has
    not changed since: both carry the password's fingerprint (`User.get_id`)."""
    number = whole_number(user_id.partition(":")[0], ID_MAX)
    user = db.session.get(User, number) if number else None
    if user is None or user_id != user.get_id():
        return None
    return user


# --- Signing in and out ----------------------------------------------------------------------


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limit_per_ip
def sign_in() -> ResponseReturnValue:
    next_url = next_url_asked()
    if current_user.is_authenticated and login_fresh():
        return redirect(next_url or home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            start_session(user, remember=bool(form.remember.data))
            services.record_sign_in(user.id)
            flash(gettext("Signed in as %(email)s.", email=user.email), "success")
            return redirect(next_url or home_for(user))
        form.email.errors = [gettext("That email address and password do not match an account.")]
    return render_form("accounts/sign_in.html", form, next_url=next_url)


@blueprint.route("/sign-in/email", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def request_sign_in_link() -> ResponseReturnValue:
    next_url = next_url_asked()
    form = EmailForm()
    if form.validate_on_submit():
        services.request_sign_in_link(form.email.data or "", next_url)
        return check_your_email("sign-in", form.email.data or "")
    return render_form("accounts/sign_in_link_request.html", form, next_url=next_url)


@blueprint.route("/sign-in/link/<token>", methods=["GET", "POST"])
def sign_in_with_link(token: str) -> ResponseReturnValue:
    form = ActionForm()
    try:
        if form.validate_on_submit():
            user, next_url = services.sign_in_with_link(token)
            start_session(user)
            flash(gettext("Signed in as %(email)s.", email=user.email), "success")
            return redirect(safe_next_url(next_url) or home_for(user))
        user, _claims = services.check_link(SIGN_IN, token)
    except TokenError as error:
        return link_problem(SIGN_IN, error.reason)
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title=gettext("Sign in"),
        lead=gettext("Sign in as %(email)s.", email=user.email),
        button=gettext("Sign in"),
    )


@blueprint.post("/sign-out")
@login_required
def sign_out() -> ResponseReturnValue:
    logout_user()
    clear_session()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("programmes.index"))


# --- Signing up and confirming an address ----------------------------------------------------


@blueprint.route("/sign-up", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def sign_up() -> ResponseReturnValue:
    next_url = next_url_asked()
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.account"))
    form = SignUpForm()
    if form.validate_on_submit():
        services.sign_up(form.name.data or "", form.email.data or "", next_url)
        return check_your_email("sign-up", form.email.data or "")
    return render_form("accounts/sign_up.html", form, next_url=next_url)


@blueprint.get("/check-email/<kind>")
def check_email(kind: str) -> ResponseReturnValue:
    if kind not in {"sign-up", "sign-in", "reset", "email-change"}:
        abort(404)
    return render_template("accounts/check_email.html", kind=kind, address=session.get(SENT_TO))


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> ResponseReturnValue:
    form = ActionForm()
    try:
        if form.validate_on_submit():
            user, next_url = services.confirm_email(token)
            start_session(user)
            flash(
                gettext(
                    "Thank you: %(email)s is confirmed, and you are signed in.", email=user.email
                ),
                "success",
            )
            return redirect(safe_next_url(next_url) or url_for("accounts.account"))
        user, _claims = services.check_link(CONFIRM_EMAIL, token)
    except TokenError as error:
        return link_problem(CONFIRM_EMAIL, error.reason)
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title=gettext("Confirm your email address"),
        lead=gettext(
            "Confirm that %(email)s is your email address. You will then be signed in.",
            email=user.email,
        ),
        button=gettext("Confirm and sign in"),
    )


@blueprint.post("/confirm/send")
@login_required
@limit_per_ip
def send_confirmation() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        services.send_confirmation(current_user.id)
    return check_your_email("sign-up", current_user.email)


# --- Forgotten passwords -----------------------------------------------------------------------


@blueprint.route("/reset-password", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def reset_request() -> ResponseReturnValue:
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "")
        return check_your_email("reset", form.email.data or "")
    return render_form("accounts/reset_request.html", form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    form = ResetPasswordForm()
    try:
        user, _claims = services.check_link(RESET_PASSWORD, token)
        if form.validate_on_submit():
            user = services.reset_password(token, form.password.data or "")
            start_session(user)
            flash(gettext("Your password has been changed, and you are signed in."), "success")
            return redirect(url_for("accounts.account"))
    except TokenError as error:
        return link_problem(RESET_PASSWORD, error.reason)
    return render_form("accounts/reset_password.html", form, email=user.email)
