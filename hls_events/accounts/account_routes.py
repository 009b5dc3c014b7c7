"""The account page and what a signed-in person changes there: name, email address, password,
consents, their data and the account itself. Part of the accounts blueprint (blueprint.py)."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, fresh_login_required, login_required, login_user, logout_user

from ..forms_common import render_form
from ..translation import gettext
from . import consents, personal_data, services
from .blueprint import blueprint, check_your_email, clear_session, limit_per_ip, link_problem
from .consents import CONSENT_PURPOSES
from .forms import ActionForm, ChangeEmailForm, ChangePasswordForm, DeleteAccountForm, NameForm
from .tokens import CHANGE_EMAIL, TokenError

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
        flash(gettext("Your name has been changed."), "success")
        return redirect(url_for("accounts.account"))
    return render_form("accounts/change_name.html", form)


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
            return check_your_email("email-change", form.email.data or "")
    return render_form("accounts/change_email.html", form)


@blueprint.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str) -> ResponseReturnValue:
    form = ActionForm()
    try:
        user, claims = services.check_link(CHANGE_EMAIL, token)
        if form.validate_on_submit():
            user = services.confirm_email_change(token)
            flash(gettext("Your email address is now %(email)s.", email=user.email), "success")
            signed_in_as_them = current_user.is_authenticated and current_user.id == user.id
            return redirect(
                url_for("accounts.account" if signed_in_as_them else "accounts.sign_in")
            )
    except TokenError as error:
        return link_problem(CHANGE_EMAIL, error.reason)
    except services.AccountError as error:
        return render_template(
            "errors/error.html",
            code=409,
            title=gettext("Your email address was not changed"),
            message=str(error),
        ), 409
    return render_template(
        "accounts/link_landing.html",
        form=form,
        title=gettext("Change your email address"),
        lead=gettext(
            "Change the email address of your account from %(old)s to %(new)s.",
            old=user.email,
            new=claims["e"],
        ),
        button=gettext("Change my email address"),
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
                raise services.AccountError(
                    gettext("Enter your current password."), "current_password"
                )
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
                gettext("Your password has been changed.")
                if has_password
                else gettext("Your password is set."),
                "success",
            )
            return redirect(url_for("accounts.account"))
    return render_form("accounts/change_password.html", form, has_password=has_password)


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
        gettext("Thank you: your agreement is recorded.")
        if given == "yes"
        else gettext("You have withdrawn your agreement."),
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
        clear_session()
        flash(gettext("Your account and what we held about you have been deleted."), "success")
        return redirect(url_for("programmes.index"))
    return render_form("accounts/delete.html", form)
