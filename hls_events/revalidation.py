"""Answering "has this public feed changed?" before Flask is entered (see page_cache.py).

Calendar apps ask it again and again, and most of a feed's traffic is that question. A worker
that served the feed at the current content revision answers 304 from what it remembers,
without routing, sessions or templates.

What it remembers is bounded twice, so that no client can grow a worker's memory: only
requests naming one of the site's own hosts are remembered (``TRUSTED_HOSTS`` if set, else
the host of ``BASE_URL``), and at most ``REVALIDATION_ENTRIES`` (1,024) feeds, the least
recently asked about forgotten first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.http import is_resource_modified
from werkzeug.sansio.utils import host_is_trusted

from .i18n import accepted_language
from .page_cache import REVALIDATION_KEY, recent_content_revision

DEFAULT_ENTRIES = 1024
_NOT_FOR_304 = frozenset(
    {"content-length", "content-type", "content-disposition", "set-cookie", "vary"}
)
# The revision a feed was served at, its ETag, Last-Modified, the 304's headers, good until.
Validator = tuple[int, str, Any, list[tuple[str, str]], float]
# A feed is written in the reader's language: each language's copy is remembered apart,
# under the host, the path and the language.
Copy = tuple[str, str, str]


def trusted_hosts(config: Any) -> list[str]:
    """The hosts the site answers to: ``TRUSTED_HOSTS``, else the host of ``BASE_URL``."""
    configured: Iterable[str] | str | None = config.get("TRUSTED_HOSTS")
    if isinstance(configured, str):
        configured = [host.strip() for host in configured.split(",") if host.strip()]
    if configured:
        return list(configured)
    host = urlsplit(str(config.get("BASE_URL") or "")).hostname
    return [host] if host else []


class RevalidationShortcut:
    """WSGI middleware: answers "has this public feed changed?" from what this worker last
    served at the current revision."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.max_entries = int(app.config.get("REVALIDATION_ENTRIES", DEFAULT_ENTRIES))
        # Copy -> Validator, least recently used first.
        self.validators: OrderedDict[Copy, Validator] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        host, path = environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", "")
        # Without a cookie the language is the one Accept-Language asks for (i18n.py); with
        # one it may be the visit's choice, which only Flask can read: asked there.
        known = None
        if not environ.get("HTTP_COOKIE"):
            known = self._known(
                (host, path, accepted_language(environ.get("HTTP_ACCEPT_LANGUAGE")))
            )
        if known is not None and self._unchanged(environ, known):
            start_response("304 NOT MODIFIED", known[3])
            return []
        captured: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured.append((status, headers))
            return start_response(status, headers, *args)

        body = self.wsgi_app(environ, capture)
        served = environ.get(REVALIDATION_KEY)
        if served is not None and captured and captured[-1][0][:3] in ("200", "304"):
            revision, etag, last_modified, language = served
            headers = [(k, v) for k, v in captured[-1][1] if k.lower() not in _NOT_FOR_304]
            seconds = float(self.app.config["PAGE_CACHE_SECONDS"])
            self._remember(
                (host, path, language),
                (revision, etag, last_modified, headers, time.monotonic() + seconds),
            )
        return body

    def _known(self, copy: Copy) -> Validator | None:
        with self._lock:
            known = self.validators.get(copy)
            if known is not None:
                self.validators.move_to_end(copy)
            return known

    def _remember(self, copy: Copy, validator: Validator) -> None:
        hosts = trusted_hosts(self.app.config)
        if not hosts or not host_is_trusted(copy[0], hosts):
            return  # a Host header the site does not answer to: nothing to remember
        with self._lock:
            self.validators[copy] = validator
            self.validators.move_to_end(copy)
            while len(self.validators) > self.max_entries:
                self.validators.popitem(last=False)

    def _unchanged(self, environ: dict[str, Any], known: Validator) -> bool:
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
            or known[4] < time.monotonic()
        ):
            return False
        revision, etag, last_modified, _, _ = known
        if is_resource_modified(environ, etag=etag, last_modified=last_modified):
            return False
        with self.app.app_context():
            return recent_content_revision() == revision
