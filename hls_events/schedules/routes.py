"""The schedule documents, served like the calendar feeds: anonymous, with ETag and
Last-Modified, answering conditional requests with 304, and kept for visitors."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue

from ..calendars.queries import Feed, FeedVersion
from ..calendars.services import feed_version
from ..page_cache import kept, mark_revalidation
from . import services

blueprint = Blueprint("schedules", __name__)

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
PUBLIC_CACHE = "public, max-age=300"


@blueprint.get("/p/<programme_slug>/schedule.json")
def schedule_json(programme_slug: str) -> ResponseReturnValue:
    return _serve(programme_slug, "json")


@blueprint.get("/p/<programme_slug>/schedule.xml")
def schedule_xml(programme_slug: str) -> ResponseReturnValue:
    return _serve(programme_slug, "xml")


def _versioned(feed: Feed | None) -> tuple[Feed, FeedVersion] | None:
    return None if feed is None else (feed, feed_version(feed))


def _serve(programme_slug: str, kind: str) -> Response:
    versioned = kept(
        ("schedule", request.path),
        lambda: _versioned(services.schedule_feed(programme_slug, kind)),
        lambda value: len(value[0].body) + 200,
    )
    if versioned is None:
        abort(404)
    feed, version = versioned
    if request.args.get("download") != "1":
        mark_revalidation(version.etag, version.last_modified)
    response = Response(feed.body, content_type=CONTENT_TYPES[kind])
    response.set_etag(version.etag)
    response.last_modified = version.last_modified
    response.headers["Cache-Control"] = PUBLIC_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.args.get("download") == "1":
        response.headers["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    return cast(Response, response.make_conditional(request))
