"""Calendar use cases: the private feed's address and choices, the version that drives a feed's
ETag and Last-Modified, links to feeds for pages, and the calendar entry emails attach.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, select

from ..extensions import db
from ..mail.compose import Attachment, calendar_attachment
from ..models import CalendarFeedVersion, Event, EventSession, Programme, Registration, User, utcnow
from ..models.user import new_calendar_token
from ..translation import gettext
from ..upsert import upsert_insert
from ..visibility import event_is_public, programme_is_public
from . import ical
from .entries import (
    EventPeople,
    audience_for,
    calendar_entry,
    event_feed_url,
    event_url,
    personal_feed_url,
    programme_feed_url,
)
from .links import AddToCalendarLinks, FeedLinks, add_to_calendar_links, feed_links
from .queries import Feed, FeedVersion


def regenerate_calendar_token(user_id: int) -> str:
    """A new private address; the old one stops working as this commits."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    user.calendar_token = new_calendar_token()
    db.session.commit()
    return user.calendar_token


def set_calendar_includes_waitlisted(user_id: int, include: bool) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    user.calendar_includes_waitlisted = include
    db.session.commit()


# --- ETag and Last-Modified ----------------------------------------------------------------


def feed_version(feed: Feed, now: datetime | None = None) -> FeedVersion:
    """The feed's ETag, and the moment its current content was first served.

    Last-Modified is when the content last changed, found by comparing fingerprints, so it
    moves forward for every change, a removal included, and only then. It moves by at least
    a second each time, because HTTP dates have no finer grain.
    """
    row = db.session.connection().execute(_stored_version(), {"feed_key": feed.key}).first()
    return next_feed_version(feed, None if row is None else FeedVersion(*row), now)


def next_feed_version(
    feed: Feed, stored: FeedVersion | None, now: datetime | None = None
) -> FeedVersion:
    """``feed_version`` when the caller has read the stored version already (a personal feed
    reads it with its fingerprint, saving a query)."""
    etag = hashlib.sha256(feed.body).hexdigest()[:32]
    if stored is not None and stored.etag == etag:
        return stored
    changed_at = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
    if stored is not None:
        changed_at = max(changed_at, stored.last_modified + timedelta(seconds=1))
    dialect = db.session.get_bind().dialect.name
    statement = upsert_insert(dialect, CalendarFeedVersion).values(
        feed_key=feed.key, etag=etag, changed_at=changed_at
    )
    # Two requests racing with different content: the later moment wins, so it never goes back.
    statement = statement.on_conflict_do_update(
        index_elements=[CalendarFeedVersion.feed_key],
        set_={"etag": statement.excluded.etag, "changed_at": statement.excluded.changed_at},
        where=CalendarFeedVersion.changed_at < statement.excluded.changed_at,
    )
    db.session.execute(statement)
    db.session.commit()
    return FeedVersion(etag, changed_at)


@cache
def _stored_version() -> Select[str, datetime]:
    # Made once per worker, and read as a plain row: every built feed asks.
    return select(CalendarFeedVersion.etag, CalendarFeedVersion.changed_at).where(
        CalendarFeedVersion.feed_key == bindparam("feed_key")
    )


# --- Links for pages -----------------------------------------------------------------------


def is_public(programme: Programme, event: Event | None = None) -> bool:
    """Whether the feed exists for everyone: drafts have none, even for their organisers."""
    if event is None:
        return programme_is_public(programme)
    return event_is_public(event, programme)


def public_feed_links(programme: Programme, event: Event | None = None) -> FeedLinks | None:
    if not is_public(programme, event):
        return None
    if event is None:
        return feed_links(
            programme.title,
            programme_feed_url(programme),
            programme_feed_url(programme, download=1),
        )
    return feed_links(
        f"{event.title} ({programme.title})",
        event_feed_url(event, programme),
        event_feed_url(event, programme, download=1),
    )


def private_feed_links(user: User) -> FeedLinks:
    return feed_links(
        gettext("%(site)s: my events", site=current_app.config["SITE_NAME"]),
        personal_feed_url(user),
        personal_feed_url(user, download=1),
    )


def session_links(
    session: EventSession, programme: Programme, people: EventPeople
) -> AddToCalendarLinks | None:
    """ "Add to Google Calendar" and "add to Outlook" for one session, with nothing private;
    ``people``: its event's speakers and themes, as the event page read them."""
    if not is_public(programme, session.event) or session.id is None:
        return None
    if session.ends_at <= utcnow():
        return None  # nothing to add to a calendar once it has happened
    entry = calendar_entry(session, programme, people=people)
    if entry.status == ical.EntryStatus.CANCELLED:
        return None
    return add_to_calendar_links(
        title=entry.summary,
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        details=entry.description,
        location=entry.location,
        timezone=programme.timezone,
    )


# --- Email attachments ---------------------------------------------------------------------


def event_calendar_attachment(
    event: Event,
    *,
    registration: Registration | None = None,
    audience: ical.Audience | None = None,
) -> Attachment:
    """The event's calendar entry (one VEVENT per session, the same UIDs as every feed) for a
    confirmation or change email, in the caller's transaction.

    With ``registration``, it is written for that person: joining details when they have a
    place, tentative while they wait, cancelled once they have given the place up. Without one
    it is the public entry. ``audience`` overrides (``ical.Audience.ATTENDING`` for a speaker).
    """
    # Pending changes (a new status, a moved session) must show, and new sessions need ids.
    db.session.flush()
    programme = event.programme
    if audience is None:
        audience = audience_for(registration)
    info = ical.CalendarInfo(
        name=f"{event.title} ({programme.title})",
        description=event.summary,
        url=event_url(event, programme),
        # A file sent once: nothing tells a client to poll it.
        refresh=None,
    )
    personal = registration is not None or audience != ical.Audience.PUBLIC
    entries = [
        replace(calendar_entry(session, programme, audience, registration), private=personal)
        for session in event.sessions
    ]
    body = ical.build_calendar(info, entries)
    return calendar_attachment(body, filename=f"{event.slug}.ics", method="PUBLISH")
