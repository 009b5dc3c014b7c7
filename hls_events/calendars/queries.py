"""Which sessions each calendar feed holds: a programme's, an event's, and a person's own.

Every feed costs a fixed number of queries, whatever its size. Programme and event feeds are
anonymous: they hold what is public (hls_events/visibility.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import (
    Select,
    String,
    bindparam,
    cast,
    exists,
    func,
    literal,
    select,
)

from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE, current_language
from ..links import base_url, external_url
from ..models import (
    CalendarFeedVersion,
    CommunityMember,
    Event,
    EventSession,
    MemberStatus,
    Registration,
    User,
    utcnow,
)
from ..programmes.services import visible_event, visible_programme
from ..translation import gettext
from ..visibility import ANONYMOUS, public_event_clause
from . import ical
from .entries import (
    calendar_entry,
    event_feed_url,
    event_people,
    event_url,
    personal_feed_url_for,
    programme_feed_url,
)
from .personal import personal_entries
from .rows import EntryRow, EntrySettings, public_entry, public_sessions, row_facts

# A personal feed holds what ended up to a year ago; programme and event feeds are bounded by
# their programme, and keep cancelled sessions for as long as the programme lasts.
PERSONAL_FEED_HISTORY = timedelta(days=365)
CANCELLED_PLACES_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class Feed:
    # Names the feed for its version record; never holds a private token.
    key: str
    body: bytes
    filename: str
    private: bool = False


@dataclass(frozen=True)
class FeedVersion:
    """What drives a feed's ETag and Last-Modified (services.feed_version)."""

    etag: str
    last_modified: datetime


def programme_feed(programme_slug: str) -> Feed | None:
    """Every session of the programme's published and cancelled events, or None (404)."""
    programme = visible_programme(programme_slug, ANONYMOUS)
    if programme is None:
        return None
    # Plain rows, as a personal feed reads them (rows.py): a large programme's feed is
    # thousands of sessions, and loading each as objects cost more than writing it.
    connection = db.session.connection()
    rows = connection.execute(_programme_sessions(), {"programme_id": programme.id}).all()
    people = event_people(
        select(Event.id).where(Event.programme_id == programme.id, public_event_clause())
    )
    settings = EntrySettings.current()
    feed_url = programme_feed_url(programme)
    info = ical.CalendarInfo(
        name=programme.title,
        description=programme.summary,
        url=external_url("programmes.programme", programme_slug=programme.slug),
        source=feed_url,
    )
    entries = (
        public_entry(row_facts(row, people, settings), row.organisation_name, settings)
        for row in map(EntryRow._make, rows)
    )
    body = ical.build_calendar(info, entries)
    key = feed_key("programme", programme.id, feed_url)
    return Feed(key, body, f"{programme.slug}.ics")


@cache
def _programme_sessions() -> Select[*tuple[Any, ...]]:
    return (
        public_sessions()
        .where(Event.programme_id == bindparam("programme_id"))
        .order_by(EventSession.starts_at, EventSession.id)
    )


def event_feed(programme_slug: str, event_slug: str) -> Feed | None:
    """Every session of one published or cancelled event, or None (404)."""
    programme = visible_programme(programme_slug, ANONYMOUS)
    if programme is None:
        return None
    event = visible_event(programme, event_slug, ANONYMOUS)
    if event is None:
        return None
    feed_url = event_feed_url(event, programme)
    info = ical.CalendarInfo(
        name=f"{event.title} ({programme.title})",
        description=event.summary,
        url=event_url(event, programme),
        source=feed_url,
    )
    body = ical.build_calendar(
        info, (calendar_entry(session, programme) for session in event.sessions)
    )
    key = feed_key("event", event.id, feed_url)
    return Feed(key, body, f"{programme.slug}-{event.slug}.ics")


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token))


class Fingerprint(NamedTuple):
    """What a personal feed depends on beyond public content, for keeping it
    (hls_events/page_cache.py): the person, their choice about waiting lists, their
    registrations' number and latest change, whether they are a member of any community
    (if not, the feed has no meetings to read), and the day."""

    user_id: int
    includes_waitlisted: bool
    registrations: int
    last_change: datetime | None
    in_communities: bool
    day: date


def personal_feed_fingerprint(
    token: str, now: datetime | None = None
) -> tuple[Fingerprint, FeedVersion | None] | None:
    """The feed's fingerprint and the version it was last served at (None if never), in one
    query; None for an unknown token."""
    values = {"token": token, "at_host": _at_host(_link_host(base_url()))}
    row = db.session.connection().execute(_fingerprint_statement(), values).first()
    if row is None:
        return None
    user_id, includes_waitlisted, registrations, last_change, in_communities, etag, at = row
    fingerprint = Fingerprint(
        user_id,
        includes_waitlisted,
        registrations,
        last_change,
        in_communities,
        (now or utcnow()).astimezone(UTC).date(),
    )
    return fingerprint, None if etag is None else FeedVersion(etag, at)


def personal_feed(
    token: str, now: datetime | None = None, fingerprint: Fingerprint | None = None
) -> Feed | None:
    """What the person speaks at or has a place at, in public events of public programmes,
    from a year ago onwards, with their joining details; or None (404) for an unknown token.
    ``fingerprint``: the token's, when the caller has it already (saves a query).

    Waiting-list places show, tentative, if the person asked. A place given up in the last
    30 days shows as cancelled, so that calendars holding it drop it.

    Read as plain rows, in a fixed number of statements whatever the number of entries.
    """
    if not token or len(token) > 64:
        return None
    if fingerprint is None:
        found = personal_feed_fingerprint(token, now)
        if found is None:
            return None
        fingerprint = found[0]
    person = fingerprint
    # Whole days, so that the feed changes at most once a day as old entries leave it.
    today = person.day
    since = datetime.combine(today - PERSONAL_FEED_HISTORY, time(0), UTC)
    given_up_since = datetime.combine(today - CANCELLED_PLACES_KEPT, time(0), UTC)

    site_name = current_app.config["SITE_NAME"]
    feed_url = personal_feed_url_for(token)
    info = ical.CalendarInfo(
        name=gettext("%(site)s: my events", site=site_name),
        description=gettext(
            "The %(site)s events you have a place at or speak at, with your joining "
            "details. This calendar's address is private: do not share it.",
            site=site_name,
        ),
        url=external_url("calendars.private_calendar"),
        source=feed_url,
    )

    # Entries in a person's own calendar are theirs alone (CLASS:PRIVATE).
    entries = personal_entries(person.user_id, person.includes_waitlisted, since, given_up_since)
    # Every meeting of the communities the person is a member of.
    if person.in_communities:
        from ..communities.feeds import member_meeting_entries

        for session_id, entry in member_meeting_entries(person.user_id, since):
            entries.setdefault(session_id, entry)

    body = ical.build_calendar(info, entries.values())
    # The key names the person, not the token, so a new address keeps the same history.
    return Feed(feed_key("person", person.user_id, feed_url), body, "my-events.ics", private=True)


# A person's feed is built often: its statements are made once per worker, with their values
# bound when run, so that neither SQLAlchemy's statement building nor its cache key is redone
# (the rest are in personal.py).


@cache
def _fingerprint_statement() -> Select[int, bool, int, datetime | None, bool, str, datetime]:
    """Fingerprint's values, then the etag and moment of the feed's stored version: its key
    (``feed_key``) made from the person's id and ``at_host`` (the language and the host)."""
    in_communities = exists().where(
        CommunityMember.user_id == User.id, CommunityMember.status == MemberStatus.MEMBER
    )
    key = func.substr(
        literal("person:") + cast(User.id, String) + bindparam("at_host", type_=String), 1, 200
    )
    return (
        select(
            User.id,
            User.calendar_includes_waitlisted,
            func.count(Registration.id),
            func.max(Registration.updated_at),
            in_communities,
            CalendarFeedVersion.etag,
            CalendarFeedVersion.changed_at,
        )
        .outerjoin(Registration, Registration.user_id == User.id)
        .outerjoin(CalendarFeedVersion, CalendarFeedVersion.feed_key == key)
        .where(User.calendar_token == bindparam("token"))
        .group_by(
            User.id,
            User.calendar_includes_waitlisted,
            CalendarFeedVersion.etag,
            CalendarFeedVersion.changed_at,
        )
    )


@lru_cache(maxsize=16)
def _link_host(base: str) -> str:
    """The host that links made from BASE_URL (``base``, part of the key only) name, as
    ``feed_key`` reads it from a feed's address: werkzeug writes it in lower case."""
    del base
    return urlsplit(external_url("calendars.private_calendar")).netloc


def feed_key(kind: str, ident: int, feed_url: str) -> str:
    """What a feed's version is kept under. Per host, because the entries' links name it and a
    site may answer to more than one; and per language, since a feed is written in the words
    of whoever asks (a calendar app's Accept-Language), so that a Welsh copy does not move the
    Last-Modified an English one is revalidated against. English keeps the key it always had."""
    return f"{kind}:{ident}{_at_host(urlsplit(feed_url).netloc)}"[:200]


def _at_host(host: str) -> str:
    language = current_language()
    return f"/{language}@{host}" if language != DEFAULT_LANGUAGE else f"@{host}"
