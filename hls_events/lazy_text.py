"""Words set when a module is imported (form labels, validator messages, choices, enum labels),
translated only when they are shown, into the reader's language.

``_l`` is Flask-Babel's ``lazy_gettext`` typed as the ``str`` that WTForms and the callers
expect: the lazy string becomes one whenever it is shown or joined. ``pybabel extract`` finds
it by its name (``-k _l``, see the Makefile's ``messages`` target).
"""

from __future__ import annotations

from typing import Any, cast

from flask_babel import LazyString, lazy_gettext


def _l(string: str, **variables: Any) -> str:
    return cast(str, lazy_gettext(string, **variables))


def lazy_label(member: Any) -> str:
    """An enum member's ``label`` (said in the reader's language when called), for choices a
    form sets at import time: it is looked up each time the choice is shown."""
    lazy: Any = LazyString  # the stub leaves out its constructor: (function, *args)
    return cast(str, lazy(lambda: member.label))
