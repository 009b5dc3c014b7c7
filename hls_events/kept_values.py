"""Values that many pages are built from and that change only with content, kept by each
worker for the content revision (page_cache.py), for every reader and whether or not pages
are kept: the practice record's filter choices."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import cachetools
from flask import has_request_context, request

from .extensions import db
from .page_cache import recent_content_revision

T = TypeVar("T")

# What every request shares at a revision, whoever asks (the record's filter choices); a
# minute at most, for changes the revision cannot see (a hand-written UPDATE).
SHARED_SECONDS = 60
_SHARED: cachetools.TTLCache[Hashable, Any] = cachetools.TTLCache(maxsize=256, ttl=SHARED_SECONDS)
_SHARED_LOCK = threading.Lock()
_MISSING = object()


def shared_at_revision(key: Hashable, build: Callable[[], T]) -> T:
    """``build()``'s value, built once per worker while the content revision stays the same.

    For what many pages are built from and only changes with content, such as the record's
    filter choices: unlike a kept page it serves everyone, signed in or not, and it is kept
    whether or not pages are (PAGE_CACHE_SECONDS), since after any change it is built again
    once, by the first request that needs it. ``key`` says everything else it depends on (the
    reader's language, their programmes). Only a GET keeps what it built: any other request may
    have written what it read. Keep what it returns from being changed.
    """
    revision = recent_content_revision()
    if revision is None or not has_request_context() or request.method not in ("GET", "HEAD"):
        return build()
    full_key = (str(db.engine.url), revision, key)
    with _SHARED_LOCK:
        value = _SHARED.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        with _SHARED_LOCK:
            _SHARED[full_key] = value
    return cast(T, value)
