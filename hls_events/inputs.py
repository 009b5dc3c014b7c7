"""Where input enters: what no route may ever be handed, refused once for every route.

- Ids in paths: ``<int:...>`` matches only 1 to 2^31-1, the range of the id columns, so an id
  beyond it is a 404 rather than an overflow in the database.
- Page numbers in ``?page=``: ``page_number()`` reads them; anything but a sensible number is
  page 1.
- Ids sent in forms, where the form does not check them against its own choices:
  ``coerce=form_id`` makes anything beyond an id column's range the field's error.
- Control characters: PostgreSQL refuses NUL in text, and no field has a use for the others,
  so a path, query string, form field or JSON body holding one is refused with 400 before any
  route runs (tab, CR and LF stay allowed in bodies, where text areas send them). The API,
  read-only and checked against its own document, refuses them itself in JSON.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1
PAGE_MAX = 100_000
API_PREFIX = "/api/v1/"

# Every C0 control character and DEL; in bodies, tab, LF and CR are ordinary text.
_CONTROL_IN_URL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_BODY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def form_id(value: object) -> int:
    """An id sent in a form, as WTForms' ``coerce``: a whole number an id column can hold, or
    ValueError, which the field reports as a choice it could not read."""
    number = int(str(value))
    if not 1 <= number <= ID_MAX:
        raise ValueError("not an id")
    return number


class BoundedIntConverter(IntegerConverter):
    """Flask's ``int`` converter, matching only values an id column can hold."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


def whole_number(text: str, largest: int) -> int | None:
    """``text`` as a whole number from 0 to ``largest``, or None. ASCII digits only: "²"
    passes ``str.isdigit()`` but ``int()`` refuses it, and ``int()`` reads full-width digits.
    No longer than ``largest`` written out, so that no huge number is ever converted."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(largest)):
        return None
    number = int(text)
    return number if number <= largest else None


def page_number(value: str | None = None) -> int:
    """The page asked for in ``?page=``, or 1 if it is missing, not a number or out of range."""
    raw = request.args.get("page", "") if value is None else value
    return whole_number(raw, PAGE_MAX) or 1


def holds_control_characters() -> bool:
    """True if anything the request carries as text holds a character no field may."""
    if _CONTROL_IN_URL.search(request.path) or _CONTROL_IN_URL.search(
        request.query_string.decode("latin-1")
    ):
        return True
    if any(_CONTROL_IN_URL.search(key + value) for key, value in request.args.items(multi=True)):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.is_json:
        return _control_in_json(request.get_json(silent=True))
    for key, value in request.form.items(multi=True):
        if _CONTROL_IN_URL.search(key) or _CONTROL_IN_BODY.search(value):
            return True
    return any(
        _CONTROL_IN_URL.search(key + (upload.filename or ""))
        for key, upload in request.files.items(multi=True)
    )


def _control_in_json(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_CONTROL_IN_BODY.search(value))
    if isinstance(value, dict):
        return any(_control_in_json(key) or _control_in_json(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_control_in_json(item) for item in value)
    return False


def refuse_control_characters() -> None:
    # The read-only API checks every parameter against its own document and answers in JSON
    # (422 for a bad parameter, 404 for a bad name), as its OpenAPI document says.
    if request.path.startswith(API_PREFIX):
        return
    if holds_control_characters():
        abort(400)


def init_app(app: Flask) -> None:
    """Install the bounded converter (before any blueprint's rules) and the input check."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_control_characters)
