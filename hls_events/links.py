"""Absolute links for emails, feeds and the worker, built from the configured ``BASE_URL`` only.

A link in an email must never take its host from the request that caused it (a forged ``Host``
header would send people to a stranger's site), and the worker and CLI have no request at all.
So services build links here, from the app's URL map bound to ``BASE_URL``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter


class NoBaseAddress(RuntimeError):
    """``BASE_URL`` is not set, so no link can be built for an email."""


def base_url() -> str:
    return str(current_app.config.get("BASE_URL") or "").rstrip("/")


def _adapter() -> MapAdapter:
    base = base_url()
    if not base:
        raise NoBaseAddress("BASE_URL is not set: links in emails need the site's address.")
    parts = urlsplit(base)
    return current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )


def external_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, _external=True)`` against ``BASE_URL``, with or without a request."""
    if endpoint.startswith("."):
        raise ValueError("external_url needs a full endpoint name, such as 'accounts.sign_in'")
    return _adapter().build(endpoint, values, force_external=True)
