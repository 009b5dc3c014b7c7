"""Calendar feeds, and the private calendar's page and buttons on the account side.

Feeds are anonymous (calendar apps send no cookies), answer HEAD and conditional requests
with ETag and Last-Modified, and are served inline so that subscribing works; ``?download=1``
is the same document as a file to save.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import cast

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..page_cache import kept, mark_revalidation
from ..translation import gettext
from . import queries, services
from .entries import DEFAULT_UID_DOMAIN
from .forms import CalendarChoicesForm, NewAddressForm
from .one_off import one_off

blueprint = Blueprint("calendars", __name__)


@blueprint.record_once
def _settings(state: BlueprintSetupState) -> None:
    """This area's settings, from the environment unless the app's config already has them."""
    config = state.app.config
    # The right-hand side of every UID: set it once, before going live, and never change it.
    config.setdefault(
        "CALENDAR_UID_DOMAIN",
        os.environ.get("CALENDAR_UID_DOMAIN") or DEFAULT_UID_DOMAIN,
    )
    # The ORGANIZER address of calendar entries; by default MAIL_SENDER's address.
    config.setdefault("CALENDAR_ORGANIZER_EMAIL", os.environ.get("CALENDAR_ORGANIZER_EMAIL"))


CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# Short, so that a cache in between never holds a change back for long; revalidating is cheap.
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"


@blueprint.get("/p/<programme_slug>/calendar.ics")
def programme_feed(programme_slug: str) -> ResponseReturnValue:
    return _serve(_kept(lambda: queries.programme_feed(programme_slug)))


@blueprint.get("/p/<programme_slug>/events/<event_slug>/calendar.ics")
def event_feed(programme_slug: str, event_slug: str) -> ResponseReturnValue:
    return _serve(_kept(lambda: queries.event_feed(programme_slug, event_slug)))


@blueprint.get("/calendar/<token>.ics")
def personal_feed(token: str) -> ResponseReturnValue:
    # A person's own feed follows their registrations too, which do not move the content
    # revision: what it shows of them is part of its key.
    found = queries.personal_feed_fingerprint(token)
    if found is None:
        abort(404)
    fingerprint, stored = found

    def build() -> VersionedFeed | None:
        feed = queries.personal_feed(token, fingerprint=fingerprint)
        return None if feed is None else (feed, services.next_feed_version(feed, stored))

    return _serve(kept(("personal-feed", request.path, fingerprint), build, _feed_size))


VersionedFeed = tuple[queries.Feed, queries.FeedVersion]


def _versioned(feed: queries.Feed | None) -> VersionedFeed | None:
    return None if feed is None else (feed, services.feed_version(feed))


def _feed_size(versioned: VersionedFeed) -> int:
    return len(versioned[0].body) + 200


def _kept(build: Callable[[], queries.Feed | None]) -> VersionedFeed | None:
    """A public feed and its version, kept until public content changes, so that a calendar
    app revalidating costs a query, not a rebuild (hls_events/page_cache.py)."""
    return cast(
        "VersionedFeed | None",
        kept(("feed", request.path), lambda: _versioned(build()), _feed_size),
    )


def _serve(versioned: VersionedFeed | None) -> Response:
    if versioned is None:
        abort(404)
    feed, version = versioned
    if not feed.private and request.args.get("download") != "1":
        mark_revalidation(version.etag, version.last_modified)
    download = request.args.get("download") == "1"
    # A download is saved once: it carries none of the feed-only properties.
    body = one_off(feed.body) if download else feed.body
    response = Response(body, content_type=CALENDAR_CONTENT_TYPE)
    response.set_etag(f"{version.etag}-file" if download else version.etag)
    response.last_modified = version.last_modified
    response.headers["Cache-Control"] = PRIVATE_CACHE if feed.private else PUBLIC_CACHE
    if feed.private:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    return cast(Response, response.make_conditional(request))


@blueprint.get("/account/calendar")
@login_required
def private_calendar() -> ResponseReturnValue:
    response = Response(render_template("calendars/private_calendar.html"))
    # The page shows a secret address: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/account/calendar/new-address")
@login_required
def new_address() -> ResponseReturnValue:
    if not NewAddressForm().validate_on_submit():
        abort(400)
    services.regenerate_calendar_token(current_user.id)
    flash(
        gettext(
            "Your private calendar has a new address, below. The old one has stopped working: "
            "subscribe again with the new one."
        ),
        "success",
    )
    return redirect(url_for("calendars.private_calendar"))


@blueprint.post("/account/calendar/choices")
@login_required
def choices() -> ResponseReturnValue:
    form = CalendarChoicesForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_calendar_includes_waitlisted(current_user.id, form.include_waitlisted.data)
    flash(
        gettext("Your private calendar now shows events you are on the waiting list for.")
        if form.include_waitlisted.data
        else gettext(
            "Your private calendar no longer shows events you are on the waiting list for."
        ),
        "success",
    )
    return redirect(url_for("calendars.private_calendar"))
