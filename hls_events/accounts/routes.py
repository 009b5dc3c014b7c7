from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import (
    current_user,
    fresh_login_required,
    login_fresh,
    login_required,
    login_user,
    logout_user,
)

from ..extensions import db, limiter, login_manager
from ..models import User
from ..rate_limits import email_recipient_key
from . import consents, personal_data, services
from .consents import CONSENT_PURPOSES
from .forms import (
    ActionForm,
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailForm,
    NameForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from .tokens import CHANGE_EMAIL, CONFIRM_EMAIL, RESET_PASSWORD, SIGN_IN, Purpose, TokenError

blueprint = Blueprint("accounts", __name__, url_prefix="/account")

login_manager.refresh_view = "accounts.sign_in"
login_manager.needs_refresh_message = "Please sign in again to make that change."
login_manager.needs_refresh_message_category = "info"

# The address a "check your email" page names, kept between the form and the page.
SENT_TO = "account_sent_to"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The person a session or a "keep me signed in" cookie names, as long as their password has
    not changed since: both carry the password's fingerprint (`User.get_id`)."""
    number, _, _ = user_id.partition(":")
    user = db.session.get(User, int(number)) if number.isdigit() else None
    if user is None or user_id != user.get_id():
        return None
    return user


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths: an address from a link must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if len(target) > 1000 or any(ord(character) < 32 for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _next_url() -> str | None:
    return safe_next_url(request.args.get("next"))


def _home_for(user: User) -> str:
    return url_for("organise.dashboard" if user.is_organiser else "accounts.account")


def _clear_session() -> None:
    session.clear()
    # Flask-WTF caches this request's CSRF token in g; it belonged to the session just cleared.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _start_session(user: User, *, remember: bool = False) -> None:
    """A fresh session for the person: nothing from before signing in is carried over."""
    _clear_session()
    login_user(user, remember=remember)


def _per_ip_limit() -> str:
    return str(current_app.config["ACCOUNT_RATE_LIMIT"])


def _per_address_limit() -> str:
    return str(current_app.config["ACCOUNT_EMAIL_RATE_LIMIT"])


def _sent_an_email(response: Response) -> bool:
    return response.status_code == 302


# Every form that signs someone in or sends an email is limited per network address; those that
# send an email to a typed address are also limited per address, so nobody can flood an inbox.
limit_per_ip = limiter.limit(_per_ip_limit, methods=["POST"])
limit_per_address = limiter.limit(
    _per_address_limit,
    key_func=email_recipient_key,
    methods=["POST"],
    deduct_when=_sent_an_email,
)


def _render_form(template: str, form: object, **context: object) -> ResponseReturnValue:
    status = 422 if getattr(form, "errors", None) else 200
    return render_template(template, form=form, **context), status


def _check_your_email(kind: str, address: str) -> ResponseReturnValue:
    session[SENT_TO] = services.normalise_email(address)
    return redirect(url_for("accounts.check_email", kind=kind))


# --- Signing in and out ----------------------------------------------------------------------


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limit_per_ip
def sign_in() -> ResponseReturnValue:
    next_url = _next_url()
    if current_user.is_authenticated and login_fresh():
        return redirect(next_url or _home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            _start_session(user, remember=bool(form.remember.data))
            services.record_sign_in(user.id)
            flash(f"Signed in as {user.email}.", "success")
            return redirect(next_url or _home_for(user))
        form.email.errors = ["That email address and password do not match an account."]
    return _render_form("accounts/sign_in.html", form, next_url=next_url)


@blueprint.route("/sign-in/email", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def request_sign_in_link() -> ResponseReturnValue:
    next_url = _next_url()
    form = EmailForm()
    if form.validate_on_submit():
        services.request_sign_in_link(form.email.data or "", next_url)
        return _check_your_email("sign-in", form.email.data or "")
    return _render_form("accounts/sign_in_link_request.html", form, next_url=next_url)


@blueprint.route("/sign-in/link/<token>", methods=["GET", "POST"])
def sign_in_with_link(token: str) -> ResponseReturnValue:
    form = ActionForm()
    try:
        if form.validate_on_submit():
            user, next_url = services.sign_in_with_link(token)
            _start_session(user)
            flash(f"Signed in as {user.email}.", "success")
            return redirect(safe_next_url(next_url) or _home_for(user))
        user, _claims = services.check_link(SIGN_IN, token)
    except TokenError as error:
        return _link_problem(SIGN_IN, error.reason)
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title="Sign in",
        lead=f"Sign in as {user.email}.",
        button="Sign in",
    )


@blueprint.post("/sign-out")
@login_required
def sign_out() -> ResponseReturnValue:
    logout_user()
    _clear_session()
    flash("You have signed out.", "success")
    return redirect(url_for("programmes.index"))


# --- Signing up and confirming an address ----------------------------------------------------


@blueprint.route("/sign-up", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def sign_up() -> ResponseReturnValue:
    next_url = _next_url()
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.account"))
    form = SignUpForm()
    if form.validate_on_submit():
        services.sign_up(form.name.data or "", form.email.data or "", next_url)
        return _check_your_email("sign-up", form.email.data or "")
    return _render_form("accounts/sign_up.html", form, next_url=next_url)


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
            _start_session(user)
            flash(f"Thank you: {user.email} is confirmed, and you are signed in.", "success")
            return redirect(safe_next_url(next_url) or url_for("accounts.account"))
        user, _claims = services.check_link(CONFIRM_EMAIL, token)
    except TokenError as error:
        return _link_problem(CONFIRM_EMAIL, error.reason)
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title="Confirm your email address",
        lead=f"Confirm that {user.email} is your email address. You will then be signed in.",
        button="Confirm and sign in",
    )


@blueprint.post("/confirm/send")
@login_required
@limit_per_ip
def send_confirmation() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        services.send_confirmation(current_user.id)
    return _check_your_email("sign-up", current_user.email)


# --- Forgotten passwords -----------------------------------------------------------------------


@blueprint.route("/reset-password", methods=["GET", "POST"])
@limit_per_ip
@limit_per_address
def reset_request() -> ResponseReturnValue:
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "")
        return _check_your_email("reset", form.email.data or "")
    return _render_form("accounts/reset_request.html", form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    form = ResetPasswordForm()
    try:
        user, _claims = services.check_link(RESET_PASSWORD, token)
        if form.validate_on_submit():
            user = services.reset_password(token, form.password.data or "")
            _start_session(user)
            flash("Your password has been changed, and you are signed in.", "success")
            return redirect(url_for("accounts.account"))
    except TokenError as error:
        return _link_problem(RESET_PASSWORD, error.reason)
    return _render_form("accounts/reset_password.html", form, email=user.email)


# --- Links that cannot be used -----------------------------------------------------------------

_LINK_WORDS = {
    SIGN_IN.name: ("sign-in links", "accounts.request_sign_in_link", "Email me a new sign-in link"),
    CONFIRM_EMAIL.name: (
        "links to confirm an email address",
        "accounts.request_sign_in_link",
        "Email me a sign-in link instead (it confirms your address too)",
    ),
    RESET_PASSWORD.name: (
        "password reset links",
        "accounts.reset_request",
        "Email me a new password reset link",
    ),
    CHANGE_EMAIL.name: (
        "links to change an email address",
        "accounts.change_email",
        "Ask again to change your email address",
    ),
}


def _link_problem(purpose: Purpose, reason: str) -> ResponseReturnValue:
    what, endpoint, action = _LINK_WORDS[purpose.name]
    return (
        render_template(
            "accounts/link_problem.html",
            reason=reason,
            what=what,
            lifetime=purpose.lifetime_words,
            action_url=url_for(endpoint),
            action=action,
        ),
        400,
    )


# --- The account page ------------------------------------------------------------------------


@blueprint.get("/")
@login_required
def account() -> ResponseReturnValue:
    return render_template(
        "accounts/account.html",
        consents=consents.current_consents(current_user.id),
        purposes=CONSENT_PURPOSES,
        action_form=ActionForm(),
    )


@blueprint.route("/name", methods=["GET", "POST"])
@login_required
def change_name() -> ResponseReturnValue:
    form = NameForm(obj=current_user)
    if form.validate_on_submit():
        services.rename(current_user.id, form.name.data or "")
        flash("Your name has been changed.", "success")
        return redirect(url_for("accounts.account"))
    return _render_form("accounts/change_name.html", form)


@blueprint.route("/email", methods=["GET", "POST"])
@fresh_login_required
@limit_per_ip
def change_email() -> ResponseReturnValue:
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user.id, form.email.data or "")
        except services.AccountError as error:
            form.email.errors = [str(error)]
        else:
            return _check_your_email("email-change", form.email.data or "")
    return _render_form("accounts/change_email.html", form)


@blueprint.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str) -> ResponseReturnValue:
    form = ActionForm()
    try:
        user, claims = services.check_link(CHANGE_EMAIL, token)
        if form.validate_on_submit():
            user = services.confirm_email_change(token)
            flash(f"Your email address is now {user.email}.", "success")
            signed_in_as_them = current_user.is_authenticated and current_user.id == user.id
            return redirect(
                url_for("accounts.account" if signed_in_as_them else "accounts.sign_in")
            )
    except TokenError as error:
        return _link_problem(CHANGE_EMAIL, error.reason)
    except services.AccountError as error:
        return render_template(
            "errors/error.html",
            code=409,
            title="Your email address was not changed",
            message=str(error),
        ), 409
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title="Change your email address",
        lead=f"Change the email address of your account from {user.email} to {claims['e']}.",
        button="Change my email address",
    )


@blueprint.route("/password", methods=["GET", "POST"])
@fresh_login_required
@limit_per_ip
def change_password() -> ResponseReturnValue:
    has_password = current_user.password_hash is not None
    form = ChangePasswordForm()
    if not has_password:
        del form.current_password
    if form.validate_on_submit():
        current_password = form.current_password.data if has_password else ""
        try:
            if has_password and not current_password:
                raise services.AccountError("Enter your current password.", "current_password")
            services.change_password(
                current_user.id, current_password or "", form.password.data or ""
            )
        except services.AccountError as error:
            form[error.field or "password"].errors = [str(error)]
        else:
            # This session carries on under the new password's fingerprint; every other one
            # ends. A "keep me signed in" cookie on this device is issued again, or it would end.
            remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            person = current_user._get_current_object()
            login_user(person, remember=remember_cookie in request.cookies)
            flash(
                "Your password has been changed." if has_password else "Your password is set.",
                "success",
            )
            return redirect(url_for("accounts.account"))
    return _render_form("accounts/change_password.html", form, has_password=has_password)


@blueprint.post("/consents/<purpose>")
@login_required
def consent(purpose: str) -> ResponseReturnValue:
    if purpose not in CONSENT_PURPOSES:
        abort(404)
    given = request.form.get("given")
    if not ActionForm().validate_on_submit() or given not in {"yes", "no"}:
        abort(400)
    consents.record_consent(current_user.id, purpose, given == "yes")
    flash(
        "Thank you: your agreement is recorded."
        if given == "yes"
        else "You have withdrawn your agreement.",
        "success",
    )
    return redirect(url_for("accounts.account") + f"#consent-{purpose}")


@blueprint.get("/data.json")
@login_required
def download_data() -> ResponseReturnValue:
    data = personal_data.export_personal_data(current_user.id)
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="hls-events-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@blueprint.route("/delete", methods=["GET", "POST"])
@fresh_login_required
def delete_account() -> ResponseReturnValue:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        personal_data.delete_account(
            current_user.id, keep_published_anonymously=form.published.data == "anonymise"
        )
        logout_user()
        _clear_session()
        flash("Your account and what we held about you have been deleted.", "success")
        return redirect(url_for("programmes.index"))
    return _render_form("accounts/delete.html", form)
