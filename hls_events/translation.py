"""``gettext`` and ``ngettext``: Flask-Babel's, with the reader's catalogue found in one step.

Flask-Babel looks the request's state up six times for every string it translates; a built
page translates a few hundred, so that walk was a sizeable part of a page's cost. Here the
locale Flask-Babel chose for this context (or ``force_locale`` set, for an email) is read once
and its catalogue taken from a per-process table. Templates get the same functions.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, has_app_context
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

_NOTHING = NullTranslations()
_catalogues: dict[Any, NullTranslations] = {}


def _chosen_locale() -> tuple[Any, Any]:
    """Flask-Babel's state for this context and the locale it chose (None for either if not
    chosen yet, or outside an app context). Read from the app context's own variable, not
    through the ``g`` proxy: a page asks about a thousand times."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None, None
    state = getattr(app_context.g, "_flask_babel", None)
    return state, getattr(state, "babel_locale", None)


def translations() -> NullTranslations:
    """The current reader's catalogue; nothing to translate with outside an app context."""
    state, locale = _chosen_locale()
    if locale is None:  # the first string of this context: Flask-Babel chooses the locale
        return get_translations() if has_app_context() else _NOTHING
    # Kept beside the locale it is for: ``force_locale`` (an email) sets another locale object.
    kept: tuple[Any, NullTranslations] | None = getattr(state, "catalogue", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    catalogue = _catalogues.get(locale)
    if catalogue is None:
        catalogue = _catalogues.setdefault(locale, get_translations())
    state.catalogue = (locale, catalogue)
    return catalogue


def locale_code() -> str | None:
    """The current locale's code ("cy", "en_GB"), or None if none is chosen or can be: a page
    asks a few hundred times, and writing the code out each time added up."""
    state, locale = _chosen_locale()
    if locale is None:
        locale = get_locale()
        return str(locale) if locale is not None else None
    kept: tuple[Any, str] | None = getattr(state, "code", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    code = str(locale)
    state.code = (locale, code)
    return code


def gettext(string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def install_in_templates(app: Flask) -> None:
    """Templates' ``_``, ``gettext`` and ``ngettext`` through the same one-step lookup, with
    Jinja's new-style rules. Jinja's own ``_`` looks ``gettext`` up and calls it, which calls
    the function it wraps: three template calls for each of the few dozen strings a page says.
    """
    env = app.jinja_env
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, newstyle=True
    )
    env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)


@pass_context
def _template_gettext(context: Context, string: str, **variables: Any) -> str:
    """Jinja's new-style ``gettext`` in one call: Markup where the template escapes, so the
    values are escaped, and always a format string ("%%" for a percent sign)."""
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def _template_ngettext(
    context: Context, singular: str, plural: str, num: int, **variables: Any
) -> str:
    """Jinja's new-style ``ngettext`` in one call, as ``_template_gettext``."""
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables
