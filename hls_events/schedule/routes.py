"""The public "what changed" page and Atom feed of a programme."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..inputs import page_number
from ..programmes.services import visible_programme
from ..translation import gettext
from . import services
from .atom import FeedEntry, FeedHeader, build_feed

blueprint = Blueprint("schedule", __name__)

ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FEED_CACHE = "public, max-age=300"


@blueprint.get("/p/<programme_slug>/changes/")
def changes(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user) or abort(404)
    page = page_number()
    return render_template(
        "schedule/changes.html",
        programme=programme,
        changes=services.changes_page(programme, page),
    )


@blueprint.get("/p/<programme_slug>/changes.atom")
def changes_feed(programme_slug: str) -> ResponseReturnValue:
    # Anonymous, like the calendar feeds: what someone not signed in may see.
    programme = visible_programme(programme_slug, None)
    if programme is None:
        abort(404)
    page_url = url_for("schedule.changes", programme_slug=programme.slug, _external=True)
    entries = [
        FeedEntry(
            id=f"{page_url}#change-{item.change.id}",
            title=(
                f"{item.change.kind.label}: {item.change.event_title}"
                if item.change.event_title
                else item.change.kind.label
            ),
            summary=item.change.description,
            link=(
                url_for(
                    "programmes.event",
                    programme_slug=programme.slug,
                    event_slug=item.event_slug,
                    _external=True,
                )
                if item.event_slug
                else f"{page_url}#change-{item.change.id}"
            ),
            updated=item.change.changed_at,
        )
        for item in services.latest_changes(programme)
    ]
    updated = entries[0].updated if entries else programme.updated_at
    body = build_feed(
        FeedHeader(
            id=page_url,
            title=gettext("%(programme)s: what changed", programme=programme.title),
            subtitle=gettext(
                "New, moved and cancelled events in %(programme)s.", programme=programme.title
            ),
            link=page_url,
            self_link=url_for(
                "schedule.changes_feed", programme_slug=programme.slug, _external=True
            ),
            author=current_app.config["SITE_NAME"],
            updated=updated,
        ),
        entries,
    )
    response = Response(body, content_type=ATOM_CONTENT_TYPE)
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.last_modified = updated
    response.headers["Cache-Control"] = FEED_CACHE
    return response.make_conditional(request)
