"""Error pages in the site's style; a failed request never leaves a half-done transaction."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .lazy_text import _l
from .service_errors import Reason, ServiceError
from .translation import gettext as _

# Lazy: each is translated when a page shows it, into the reader's language.
MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Please go back and try again.")),
    403: (
        _l("You cannot see this page"),
        _l("Your account does not have access to this page."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. "
            "If you followed a link, the page may have moved or been unpublished."
        ),
    ),
    405: (_l("That action is not allowed here"), _l("Please go back and try again.")),
    413: (_l("That upload is too large"), _l("Please choose a smaller file and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (
        _l("Sorry, something went wrong"),
        _l("Nothing was changed. Please try again in a moment."),
    ),
}


STATUS_FOR_REASON = {
    Reason.INVALID: 422,
    Reason.CONFLICT: 409,
    Reason.FORBIDDEN: 403,
    Reason.NOT_FOUND: 404,
    Reason.GONE: 410,
}


def status_for(error: ServiceError) -> int:
    """The one place a service's refusal becomes an HTTP status."""
    return STATUS_FOR_REASON[error.reason]


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    title, message = MESSAGES.get(code, MESSAGES[400])
    _bind_urls_for_refused_host()
    return (
        render_template("errors/error.html", code=code, title=title, message=detail or message),
        code,
    )


def _bind_urls_for_refused_host() -> None:
    """A request for an untrusted host has no URL adapter; the error page's relative links
    are built against the site's own address instead."""
    context = request_ctx._get_current_object()  # type: ignore[attr-defined]
    if context.url_adapter is None:
        context.url_adapter = current_app.url_map.bind(
            urlsplit(current_app.config.get("BASE_URL") or "").netloc or "localhost"
        )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            _(
                "The form had expired or was sent from elsewhere, so nothing was changed. "
                "Please go back, reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        if code < 400 or (request.method == "HEAD" and code == 405):
            return error
        if code >= 500:
            db.session.rollback()
        return render_error(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
