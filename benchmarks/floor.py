"""The floor: gunicorn serving a pre-built body from a bare WSGI function.

``/<size>`` answers ``size`` bytes, built once per size, so each page can be compared with a
response of its own size that costs nothing to make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_bodies: dict[int, bytes] = {}


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    name = environ.get("PATH_INFO", "/0").strip("/")
    size = int(name) if name.isdigit() else 2  # /healthz: the harness waits for an answer
    body = _bodies.get(size)
    if body is None:
        body = _bodies[size] = b"x" * size
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(size))]
    )
    return [body]
