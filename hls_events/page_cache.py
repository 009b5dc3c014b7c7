"""Kept copies of public pages and feeds, for people who are not signed in.

Most requests are anonymous reads of pages that seldom change: the home page, a programme, an
event, the practice record, the calendar feeds. At the size of a large programme, building
them costs tens of milliseconds to seconds; serving a kept copy costs one or two small queries.

A copy is used only while the site's content revision is unchanged: one number in the
database (``content_revisions``) that every transaction writing to a table shown on public
pages moves as it commits. Writes that never show on a public page and come often (new
registrations, new accounts, emails, sign-in tokens) leave it alone; what a page shows of
registrations, such as places left, goes into that page's key instead. Each copy also
expires after PAGE_CACHE_SECONDS (60; 0 turns keeping off), which bounds what changes with
the clock alone, such as a registration window closing.

Every worker keeps its own copies, up to PAGE_CACHE_BYTES (32 MB). The revision lives in the
database, shared by every worker of every instance. A worker trusts the revision it last read
for REVISION_CHECK_SECONDS (1) before reading it again, but forgets it as soon as it commits
anything itself: so its own changes show at once, and other workers' within a second.
Someone signed in, or with a message waiting to be shown, always gets a fresh page.

A calendar app asking whether a public feed changed (If-None-Match or If-Modified-Since) is
answered by ``RevalidationShortcut`` (revalidation.py) before Flask is entered at all, when the
worker served that feed at the current revision: that question is most of a feed's traffic.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from .extensions import db
from .models import ContentRevision
from .read_only import reads_only
from .upsert import upsert_insert

# Tables that no public page shows (or shows only through a page's own key, as places left),
# and that change on every registration, sign-in or email: writing them keeps the revision.
UNSEEN_TABLES = frozenset(
    {
        "users",
        "registrations",
        "registration_answers",
        "consent_records",
        "outbox_messages",
        "used_tokens",
        "calendar_feed_versions",
        "reflection_invitations",
        "content_revisions",
        "api_tokens",
        "activities",
        "desk_messages",
    }
)
# An execution option for a write that changes nothing anyone sees, such as the UPDATE that
# takes an event's registration lock by setting a column to itself.
CONTENT_UNCHANGED = "content_unchanged"

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
_CHANGED = "hls_content_changed"
# Stands for the visitor's own CSRF token in a kept page.
_TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"


# --- The revision --------------------------------------------------------------------------


REVISION_CHECK_SECONDS = 1.0
# The revision each database had when this process last read it, and when (monotonic).
_known_revisions: dict[str, tuple[int | None, float]] = {}
# Moves whenever this process commits, so that a read begun before the commit is not kept.
_commits = [0]


def content_revision() -> int | None:
    """The current revision, or None before the first change (then nothing is kept)."""
    return db.session.scalar(select(ContentRevision.number).where(ContentRevision.id == 1))


def recent_content_revision() -> int | None:
    """The revision as read at most REVISION_CHECK_SECONDS ago (see the module's notes)."""
    database = str(db.engine.url)
    known = _known_revisions.get(database)
    now = time.monotonic()
    if known is not None and now - known[1] < REVISION_CHECK_SECONDS:
        return known[0]
    commits = _commits[0]
    revision = content_revision()
    if commits == _commits[0]:
        _known_revisions[database] = (revision, now)
    return revision


@event.listens_for(Session, "after_commit")
def _forget_known_revisions(_session: Session) -> None:
    """This process changed something: read the revision afresh next time."""
    _commits[0] += 1
    _known_revisions.clear()


def mark_content_changed() -> None:
    """Move the revision when this transaction commits, for a change to a table in
    UNSEEN_TABLES that does show on public pages (a person's name, in a signed reflection)."""
    db.session.connection().info[_CHANGED] = True


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(
    connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: Any,
    _executemany: bool,
) -> None:
    match = _WRITE.match(statement)
    if match is None or match.group(1).lower() in UNSEEN_TABLES:
        return
    if context is not None and context.execution_options.get(CONTENT_UNCHANGED):
        return
    connection.info[_CHANGED] = True


@event.listens_for(Engine, "commit")
def _move_revision(connection: Connection) -> None:
    """Move the revision in the transaction that changed content, just before it commits."""
    if not connection.info.pop(_CHANGED, False) or not _has_revision_table(connection):
        return
    table = ContentRevision.__table__
    # A new row starts at a random number, so that a revision never comes round again after
    # the row is deleted (as tests do) and a copy kept before cannot be taken for current.
    statement = upsert_insert(connection.dialect.name, table).values(
        id=1, number=secrets.randbelow(2**62)
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id], set_={"number": table.c.number + 1}
    )
    connection.execute(statement)


_ready_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _has_revision_table(connection: Connection) -> bool:
    """False while migrations have not yet made the table (they write rows too)."""
    if connection.engine not in _ready_engines:
        if not inspect(connection).has_table(ContentRevision.__tablename__):
            return False
        _ready_engines.add(connection.engine)
    return True


@event.listens_for(Engine, "rollback")
def _forget_writes(connection: Connection) -> None:
    connection.info.pop(_CHANGED, None)


# --- The copies ----------------------------------------------------------------------------


class PageCache:
    """Least recently used copies, bounded by their total size in bytes; thread-safe."""

    def __init__(self, max_bytes: int, seconds: float) -> None:
        self.max_bytes = max_bytes
        self.seconds = seconds
        self._entries: OrderedDict[Hashable, tuple[float, int, Any]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.max_bytes > 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, size, value = entry
            if expires < time.monotonic():
                del self._entries[key]
                self._bytes -= size
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (time.monotonic() + self.seconds, size, value)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped, _) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", float(os.environ.get("PAGE_CACHE_SECONDS", 60)))
    app.config.setdefault(
        "PAGE_CACHE_BYTES", int(os.environ.get("PAGE_CACHE_BYTES", 32 * 1024 * 1024))
    )
    app.extensions["page_cache"] = PageCache(
        int(app.config["PAGE_CACHE_BYTES"]), float(app.config["PAGE_CACHE_SECONDS"])
    )
    from .revalidation import RevalidationShortcut

    app.wsgi_app = RevalidationShortcut(app)  # type: ignore[method-assign]


def page_cache() -> PageCache:
    cache: PageCache = current_app.extensions["page_cache"]
    return cache


def _for_everyone() -> bool:
    """Whether this request gets what any visitor gets: a GET by someone not signed in."""
    return (
        request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def page_variant() -> tuple[str, str]:
    from .i18n import page_variant as variant

    return variant()


def kept(key: Hashable, build: Callable[[], Any], size: Callable[[Any], int]) -> Any:
    """``build()``'s value, kept under ``key`` and the current revision for visitors."""
    cache = page_cache()
    if not cache.enabled or not _for_everyone():
        return build()
    revision = recent_content_revision()
    if revision is None:
        return build()
    g.kept_at_revision = revision
    # The host too: pages and feeds hold absolute links made from it, and a request naming
    # another host must not leave its links in what everyone else is served.
    # And the reader's language and own time zone (hls_events/i18n.py).
    full_key = (request.host_url, page_variant(), key, revision)
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            cache.put(full_key, value, size(value))
    return value


class _Copy:
    """A kept 200 response: its body with the CSRF token taken out, and its headers."""

    __slots__ = ("body", "has_token", "headers")

    def __init__(self, response: Response) -> None:
        body = response.get_data()
        token = g.get("csrf_token")
        self.has_token = bool(token) and token.encode() in body
        self.body = body.replace(token.encode(), _TOKEN_PLACEHOLDER) if self.has_token else body
        self.headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("content-length", "set-cookie", "vary")
        ]

    def response(self) -> Response:
        body = self.body
        if self.has_token:
            body = body.replace(_TOKEN_PLACEHOLDER, generate_csrf().encode())
        return Response(body, headers=self.headers)


def cached_page(
    key: Callable[..., Hashable | None] | None = None,
) -> Callable[[Callable[..., ResponseReturnValue]], Callable[..., ResponseReturnValue]]:
    """Serve a page view's 200 responses to visitors from kept copies. The view only reads
    (read_only.py), whoever asks.

    ``key``, given the view's arguments, returns what else the page depends on (such as places
    left), or None to build this one fresh (such as when there is no such page).
    """

    def decorate(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def wrapper(**view_args: Any) -> ResponseReturnValue:
            cache = page_cache()
            if not cache.enabled or not _for_everyone():
                return view(**view_args)
            extra = key(**view_args) if key is not None else ()
            if extra is None:
                return view(**view_args)
            result: list[Response] = []

            def build() -> _Copy | None:
                response = make_response(view(**view_args))
                result.append(response)
                if response.status_code != 200 or response.is_streamed:
                    return None
                if key is not None and key(**view_args) != extra:
                    return None  # changed while the page was built: keep nothing
                return _Copy(response)

            copy = kept((request.endpoint, request.full_path, extra), build, _size)
            # Built just now: answer with the response itself; else with the kept copy.
            return result[0] if result else copy.response()

        return reads_only(wrapper)

    return decorate


def _size(copy: _Copy) -> int:
    return len(copy.body) + 200


# --- Revalidating feeds without Flask (hls_events/revalidation.py) ---------------------------

# Set by a kept public feed's view: the revision it was served at, its ETag and Last-Modified.
REVALIDATION_KEY = "hls_events.revalidation"


def mark_revalidation(etag: str, last_modified: Any) -> None:
    """Let RevalidationShortcut answer this feed's next revalidations, if it was kept."""
    revision = g.get("kept_at_revision")
    if revision is not None:
        from .i18n import current_language

        request.environ[REVALIDATION_KEY] = (revision, etag, last_modified, current_language())
