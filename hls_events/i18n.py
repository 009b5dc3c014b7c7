"""English and Welsh: which language and time zone a reader gets, and Flask-Babel's setup.

The language is, in order: the choice made for this visit (kept in the session), the one saved
on the signed-in person's account, the browser's Accept-Language among the languages offered,
and British English. The reader's own time zone (shown beside the programme's) comes from the
visit's choice, then the account; without either, times are shown in the programme's zone only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, Response, g, has_app_context, has_request_context, request, session
from flask_babel import Babel
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .calendars import ical
from .localtime import is_valid_timezone, use_locale_of
from .translation import gettext, install_in_templates, locale_code

# Locale code: the language's name in that language (what the switch link shows).
LANGUAGES = {"en_GB": "English", "cy": "Cymraeg"}
DEFAULT_LANGUAGE = "en_GB"
LANGUAGE_KEY = "language"
TIMEZONE_KEY = "timezone"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


def known_language(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def accepted_language(header: str | None) -> str:
    """The offered language an Accept-Language header prefers, else British English."""
    accepted = parse_accept_header(header, LanguageAccept)
    return accepted.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def select_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = known_language(session.get(LANGUAGE_KEY))
    if chosen:
        return chosen
    if current_user.is_authenticated:
        saved = known_language(getattr(current_user, "language", None))
        if saved:
            return saved
    return accepted_language(request.headers.get("Accept-Language"))


def current_language() -> str:
    """The reader's locale code ("cy" or "en_GB"); British English outside a request."""
    return locale_code() or DEFAULT_LANGUAGE


def html_lang(code: str | None = None) -> str:
    """The BCP 47 tag for <html lang>: "en-GB" or "cy"."""
    return (code or current_language()).replace("_", "-")


def other_language() -> str:
    return "cy" if current_language() != "cy" else "en_GB"


def _zone_named(name: str | None) -> ZoneInfo | None:
    return ZoneInfo(name) if name and is_valid_timezone(name) else None


def reader_zone() -> ZoneInfo | None:
    """The time zone the reader asked to see times in as well, if any: the visitor's, or while
    an email is written (``force_zone``), its recipient's."""
    if not has_app_context():
        return None
    if "reader_zone" not in g:
        name = None
        if has_request_context():
            name = session.get(TIMEZONE_KEY)
            if name is None and current_user.is_authenticated:
                name = getattr(current_user, "timezone", None)
        g.reader_zone = _zone_named(name)
    zone: ZoneInfo | None = g.reader_zone
    return zone


@contextmanager
def force_zone(name: str | None) -> Iterator[None]:
    """Write times for a reader with this own zone (an email's recipient), then restore."""
    had, before = "reader_zone" in g, g.get("reader_zone")
    g.reader_zone = _zone_named(name)
    try:
        yield
    finally:
        if had:
            g.reader_zone = before
        else:
            g.pop("reader_zone", None)


def page_variant() -> tuple[str, str]:
    """What a kept copy of a public page depends on besides its content: language and zone."""
    zone = reader_zone()
    return current_language(), zone.key if zone else ""


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_language)
    install_in_templates(app)
    use_locale_of(current_language)
    ical.use_translation(gettext)

    @app.after_request
    def vary_by_language(response: Response) -> Response:
        # Pages differ by Accept-Language (a first visit) and by the session's choice.
        if response.mimetype == "text/html":
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.context_processor
    def languages() -> dict[str, object]:
        return {
            "languages": LANGUAGES,
            "current_language": current_language,
            "html_lang": html_lang,
            "other_language": other_language,
        }
