"""The accounts blueprint and what its two route modules share: routes.py (signing in, signing
up, links by email) and account_routes.py (the account page and what it changes)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_user

from ..extensions import limiter, login_manager
from ..i18n import LANGUAGE_KEY, TIMEZONE_KEY
from ..lazy_text import _l
from ..models import User
from ..rate_limits import email_recipient_key
from ..translation import gettext
from . import services
from .tokens import CHANGE_EMAIL, CONFIRM_EMAIL, RESET_PASSWORD, SIGN_IN, Purpose

blueprint = Blueprint("accounts", __name__, url_prefix="/account")

login_manager.refresh_view = "accounts.sign_in"


def N_(message: str) -> str:
    """Marks words for the catalogue; Flask-Login translates them when it flashes them."""
    return message


login_manager.needs_refresh_message = N_("Please sign in again to make that change.")
# The message Flask-Login flashes on the way to the sign-in page (set in extensions.py).
N_("Please sign in to see that page.")
# Flask-Login says its messages through this, in the reader's language (see the catalogue).
login_manager.localize_callback = gettext  # type: ignore[attr-defined]  # not in the stub
login_manager.needs_refresh_message_category = "info"

# The address a "check your email" page names, kept between the form and the page.
SENT_TO = "account_sent_to"


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths: an address from a link must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if len(target) > 1000 or any(ord(character) < 32 for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def next_url_asked() -> str | None:
    return safe_next_url(request.args.get("next"))


def home_for(user: User) -> str:
    return url_for("organise.dashboard" if user.is_organiser else "accounts.account")


def clear_session() -> None:
    """A new session, keeping only the language and time zone chosen for this visit: signing
    in or out must not turn the pages back into another language."""
    kept = {key: session[key] for key in (LANGUAGE_KEY, TIMEZONE_KEY) if key in session}
    session.clear()
    session.update(kept)
    # Flask-WTF caches this request's CSRF token in g; it belonged to the session just cleared.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def start_session(user: User, *, remember: bool = False) -> None:
    """A fresh session for the person: nothing from before signing in is carried over."""
    clear_session()
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


def check_your_email(kind: str, address: str) -> ResponseReturnValue:
    session[SENT_TO] = services.normalise_email(address)
    return redirect(url_for("accounts.check_email", kind=kind))


# --- Links that cannot be used -----------------------------------------------------------------

_LINK_WORDS = {
    SIGN_IN.name: (
        _l("For your safety, sign-in links last %(lifetime)s."),
        "accounts.request_sign_in_link",
        _l("Email me a new sign-in link"),
    ),
    CONFIRM_EMAIL.name: (
        _l("For your safety, links to confirm an email address last %(lifetime)s."),
        "accounts.request_sign_in_link",
        _l("Email me a sign-in link instead (it confirms your address too)"),
    ),
    RESET_PASSWORD.name: (
        _l("For your safety, password reset links last %(lifetime)s."),
        "accounts.reset_request",
        _l("Email me a new password reset link"),
    ),
    CHANGE_EMAIL.name: (
        _l("For your safety, links to change an email address last %(lifetime)s."),
        "accounts.change_email",
        _l("Ask again to change your email address"),
    ),
}


def link_problem(purpose: Purpose, reason: str) -> ResponseReturnValue:
    what, endpoint, action = _LINK_WORDS[purpose.name]
    return (
        render_template(
            "accounts/link_problem.html",
            reason=reason,
            what=str(what) % {"lifetime": purpose.lifetime_words},
            lifetime=purpose.lifetime_words,
            action_url=url_for(endpoint),
            action=action,
        ),
        400,
    )
