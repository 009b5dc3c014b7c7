"""Choosing a language and a time zone: for the visit (the session), and on the account.

The language links in every page's header are GETs that only set the visit's choice, so the
page can be kept and served to every visitor; signed-in people get a small POST form instead,
which also saves the choice on their account.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..accounts.blueprint import safe_next_url
from ..i18n import LANGUAGE_KEY, LANGUAGES, TIMEZONE_KEY
from ..translation import gettext as _
from . import services
from .forms import LanguageForm, PreferencesForm, VisitZoneForm

blueprint = Blueprint("preferences", __name__)


@blueprint.get("/language/<language>")
def choose_language(language: str) -> ResponseReturnValue:
    if language not in LANGUAGES:
        abort(404)
    session[LANGUAGE_KEY] = language
    return redirect(safe_next_url(request.args.get("next")) or url_for("programmes.index"))


@blueprint.post("/language")
@login_required
def save_language() -> ResponseReturnValue:
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    services.save_preferences(current_user.id, language=form.language.data, zone_given=False)
    session[LANGUAGE_KEY] = form.language.data
    return redirect(safe_next_url(form.next.data) or url_for("programmes.index"))


@blueprint.get("/preferences")
def preferences() -> ResponseReturnValue:
    """The visit's time zone (a GET form: it only sets the session), and for signed-in people
    the form that saves language and time zone on their account."""
    visit_form = VisitZoneForm(request.args, prefix="visit")
    if "visit-timezone" in request.args and visit_form.validate():
        session[TIMEZONE_KEY] = visit_form.timezone.data or ""
        return redirect(url_for("preferences.preferences", saved="visit"))
    return _page(visit_form, _account_form() if current_user.is_authenticated else None)


@blueprint.post("/preferences")
@login_required
def save_preferences() -> ResponseReturnValue:
    form = _account_form()
    if form.validate_on_submit():
        services.save_preferences(
            current_user.id,
            language=form.language.data,
            timezone=form.timezone.data or None,
            zone_given=True,
        )
        session[LANGUAGE_KEY] = form.language.data
        session.pop(TIMEZONE_KEY, None)
        return redirect(url_for("preferences.preferences", saved="account"))
    return _page(VisitZoneForm(formdata=None, prefix="visit"), form)


def _account_form() -> PreferencesForm:
    return PreferencesForm(
        language=session.get(LANGUAGE_KEY) or current_user.language or "en_GB",
        timezone=current_user.timezone or "",
    )


def _page(visit_form: VisitZoneForm, account_form: PreferencesForm | None) -> ResponseReturnValue:
    saved = {
        "visit": _("Your time zone for this visit is set."),
        "account": _("Your settings are saved on your account."),
    }.get(request.args.get("saved", ""))
    refused = bool(visit_form.errors or (account_form and account_form.errors))
    body = render_template(
        "preferences/preferences.html",
        visit_form=visit_form,
        account_form=account_form,
        saved=saved,
        visit_zone=session.get(TIMEZONE_KEY) or "",
    )
    return body, 422 if refused else 200
