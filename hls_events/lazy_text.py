"""Words set when a module is imported (form labels, validator messages, choices, enum labels),
translated only when they are shown, into the reader's language.

``_l`` is typed as the ``str`` that WTForms and the callers expect: the lazy text becomes one
whenever it is shown or joined. ``pybabel extract`` finds it by its name (``-k _l``, see the
Makefile's ``messages`` target). The one way to write such words: import ``_l`` from here.
"""

from __future__ import annotations

from typing import Any, cast

from flask_babel import LazyString
from markupsafe import escape

from .translation import gettext


class LazyText(LazyString):
    """Words translated when shown, and escaped like any text: Flask-Babel's LazyString tells
    Jinja it is HTML already, so an apostrophe (or a placeholder's value) would go out raw."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def _l(string: str, **variables: Any) -> str:
    return cast(str, LazyText(gettext, string, **variables))


def lazy_label(member: Any) -> str:
    """An enum member's ``label`` (said in the reader's language when called), for choices a
    form sets at import time: it is looked up each time the choice is shown."""
    return cast(str, LazyText(lambda: member.label))
