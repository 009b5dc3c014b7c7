"""Calendar use cases: which sessions each feed holds, the private feed's token and choices, the
version that drives ETag and Last-Modified, and the calendar entry emails attach.

Every feed costs a fixed number of queries, whatever its size. Feeds are anonymous: who may see
a programme or event is decided by the programmes area's rules for someone not signed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for
from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..mail.compose import Attachment, calendar_attachment
from ..models import (
    PLACE_HOLDING_STATUSES,
    CalendarFeedVersion,
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    Registration,
    RegistrationStatus,
    SessionStatus,
    Speaker,
    User,
    utcnow,
)
from ..models.user import new_calendar_token
from ..organise.permissions import (
    PUBLIC_EVENT_STATUSES,
    PUBLIC_PROGRAMME_STATUSES,
    is_public_programme,
)
from ..programmes.services import visible_event, visible_programme
from . import ical
from .links import AddToCalendarLinks, FeedLinks, add_to_calendar_links, feed_links

# A personal feed holds what ended up to a year ago; programme and event feeds are bounded by
# their programme, and keep cancelled sessions for as long as the programme lasts.
PERSONAL_FEED_HISTORY = timedelta(days=365)
CANCELLED_PLACES_KEPT = timedelta(days=30)
DEFAULT_UID_DOMAIN = "hls-events"


@dataclass(frozen=True)
class Feed:
    # Names the feed for its version record; never holds a private token.
    key: str
    body: bytes
    filename: str
    private: bool = False


@dataclass(frozen=True)
class FeedVersion:
    etag: str
    last_modified: datetime


# --- Settings ------------------------------------------------------------------------------


def uid_domain() -> str:
    """The right-hand side of every UID. It must never change once calendars hold our UIDs."""
    return current_app.config.get("CALENDAR_UID_DOMAIN") or DEFAULT_UID_DOMAIN


def organizer_email() -> str | None:
    """The public address calendar entries name as organiser: never a person's own."""
    configured = current_app.config.get("CALENDAR_ORGANIZER_EMAIL")
    if configured:
        return configured
    address = parseaddr(current_app.config.get("MAIL_SENDER") or "")[1]
    return address or None


def _organizer(event: Event) -> ical.Organizer | None:
    email = organizer_email()
    if email is None:
        return None
    name = event.organisation.name if event.organisation else current_app.config["SITE_NAME"]
    return ical.Organizer(name=name, email=email)


# --- From models to plain facts ------------------------------------------------------------


def _event_url(event: Event, programme: Programme) -> str:
    return url_for(
        "programmes.event", programme_slug=programme.slug, event_slug=event.slug, _external=True
    )


def session_facts(
    session: EventSession, programme: Programme, registration: Registration | None = None
) -> ical.SessionFacts:
    """Plain values for the pure calendar builder. Reads only what is already loaded (or lazily
    loads it, outside the feeds)."""
    event = session.event
    changes = [session.updated_at, event.updated_at]
    if registration is not None:
        changes.append(registration.updated_at)
    return ical.SessionFacts(
        session_id=session.id,
        event_title=event.title,
        event_url=_event_url(event, programme),
        timezone=programme.timezone,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence,
        changed_at=max(changes),
        created_at=session.created_at,
        session_title=session.title,
        event_summary=event.summary,
        mode=event.mode.value,
        venue_name=session.venue_name,
        venue_address=session.venue_address,
        joining_url=session.joining_url,
        speakers=tuple(
            f"{role.speaker.name} ({role.role.label.lower()})" for role in event.speaker_roles
        ),
        host_organisation=event.organisation.name if event.organisation else "",
        themes=tuple(theme.name for theme in event.themes),
        event_cancelled=event.status == EventStatus.CANCELLED,
        session_cancelled=session.status == SessionStatus.CANCELLED,
    )


def _entry(
    session: EventSession,
    programme: Programme,
    audience: ical.Audience = ical.Audience.PUBLIC,
    registration: Registration | None = None,
) -> ical.CalendarEntry:
    facts = session_facts(session, programme, registration)
    if audience != ical.Audience.ATTENDING:
        # ical.session_entry leaves it out too; it should not even reach it.
        facts = replace(facts, joining_url="")
    return ical.session_entry(
        facts,
        uid_domain=uid_domain(),
        audience=audience,
        organizer=_organizer(session.event),
    )


def _event_options(*, with_programme: bool = False) -> list[Any]:
    """Each session's event, joined in the query, and what every entry shows about that event,
    loaded in a fixed number of queries."""
    event = contains_eager(EventSession.event)
    options = [
        event.selectinload(Event.themes),
        event.selectinload(Event.organisation),
        event.selectinload(Event.speaker_roles).selectinload(EventSpeaker.speaker),
    ]
    if with_programme:
        options.append(contains_eager(EventSession.event).contains_eager(Event.programme))
    return options


# --- Programme and event feeds -------------------------------------------------------------


def programme_feed(programme_slug: str) -> Feed | None:
    """Every session of the programme's published and cancelled events, or None (404)."""
    programme = visible_programme(programme_slug, None)
    if programme is None:
        return None
    sessions = db.session.scalars(
        select(EventSession)
        .join(EventSession.event)
        .where(Event.programme_id == programme.id, Event.status.in_(PUBLIC_EVENT_STATUSES))
        .options(*_event_options())
        .order_by(EventSession.starts_at, EventSession.id)
    )
    feed_url = programme_feed_url(programme)
    info = ical.CalendarInfo(
        name=programme.title,
        description=programme.summary,
        url=url_for("programmes.programme", programme_slug=programme.slug, _external=True),
        source=feed_url,
    )
    body = ical.build_calendar(info, (_entry(session, programme) for session in sessions))
    return Feed(_key("programme", programme.id, feed_url), body, f"{programme.slug}.ics")


def event_feed(programme_slug: str, event_slug: str) -> Feed | None:
    """Every session of one published or cancelled event, or None (404)."""
    programme = visible_programme(programme_slug, None)
    if programme is None:
        return None
    event = visible_event(programme, event_slug, None)
    if event is None:
        return None
    feed_url = event_feed_url(event, programme)
    info = ical.CalendarInfo(
        name=f"{event.title} ({programme.title})",
        description=event.summary,
        url=_event_url(event, programme),
        source=feed_url,
    )
    body = ical.build_calendar(info, (_entry(session, programme) for session in event.sessions))
    return Feed(_key("event", event.id, feed_url), body, f"{programme.slug}-{event.slug}.ics")


def programme_feed_url(programme: Programme, **params: Any) -> str:
    return url_for(
        "calendars.programme_feed", programme_slug=programme.slug, _external=True, **params
    )


def event_feed_url(event: Event, programme: Programme, **params: Any) -> str:
    return url_for(
        "calendars.event_feed",
        programme_slug=programme.slug,
        event_slug=event.slug,
        _external=True,
        **params,
    )


# --- The personal feed ---------------------------------------------------------------------


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token))


def personal_feed_fingerprint(token: str, now: datetime | None = None) -> tuple[Any, ...] | None:
    """What a personal feed depends on beyond public content, in one query, for keeping it
    (hls_events/page_cache.py): the person, their choice about waiting lists, their
    registrations' number and latest change, and the day. None for an unknown token."""
    row = db.session.execute(
        select(
            User.id,
            User.calendar_includes_waitlisted,
            func.count(Registration.id),
            func.max(Registration.updated_at),
        )
        .outerjoin(Registration, Registration.user_id == User.id)
        .where(User.calendar_token == token)
        .group_by(User.id, User.calendar_includes_waitlisted)
    ).first()
    if row is None:
        return None
    return (*row, (now or utcnow()).astimezone(UTC).date())


def personal_feed(token: str, now: datetime | None = None) -> Feed | None:
    """What the person speaks at or has a place at, in public events of public programmes,
    from a year ago onwards, with their joining details; or None (404) for an unknown token.

    Waiting-list places show, tentative, if the person asked. A place given up in the last
    30 days shows as cancelled, so that calendars holding it drop it.
    """
    user = user_for_token(token)
    if user is None:
        return None
    # Whole days, so that the feed changes at most once a day as old entries leave it.
    today = (now or utcnow()).astimezone(UTC).date()
    since = datetime.combine(today - PERSONAL_FEED_HISTORY, time(0), UTC)
    given_up_since = datetime.combine(today - CANCELLED_PLACES_KEPT, time(0), UTC)

    entries: dict[int, ical.CalendarEntry] = {}
    for session in _sessions_spoken_at(user, since):
        entries[session.id] = _entry(session, session.event.programme, ical.Audience.ATTENDING)
    for session, registration in _registered_sessions(user, since, given_up_since):
        if session.id in entries:
            continue  # a speaker's own entry says more than their registration
        entries[session.id] = _entry(
            session, session.event.programme, _audience_for(registration), registration
        )

    # Every meeting of the communities the person is a member of.
    from ..communities.feeds import member_meeting_entries

    for session_id, entry in member_meeting_entries(user, since):
        entries.setdefault(session_id, entry)

    feed_url = personal_feed_url(user)
    site_name = current_app.config["SITE_NAME"]
    info = ical.CalendarInfo(
        name=f"{site_name}: my events",
        description=(
            f"The {site_name} events you have a place at or speak at, with your joining "
            "details. This calendar's address is private: do not share it."
        ),
        url=url_for("calendars.private_calendar", _external=True),
        source=feed_url,
    )
    body = ical.build_calendar(info, entries.values())
    # The key names the person, not the token, so a new address keeps the same history.
    return Feed(_key("person", user.id, feed_url), body, "my-events.ics", private=True)


def _public_session_query(since: datetime) -> Any:
    return (
        select(EventSession)
        .join(EventSession.event)
        .join(Event.programme)
        .where(
            Event.status.in_(PUBLIC_EVENT_STATUSES),
            Programme.status.in_(PUBLIC_PROGRAMME_STATUSES),
            EventSession.ends_at >= since,
        )
        .options(*_event_options(with_programme=True))
        .order_by(EventSession.starts_at, EventSession.id)
    )


def _sessions_spoken_at(user: User, since: datetime) -> Iterable[EventSession]:
    speaking = (
        select(EventSpeaker.event_id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user.id)
    )
    return db.session.scalars(_public_session_query(since).where(Event.id.in_(speaking)))


def _registered_sessions(
    user: User, since: datetime, given_up_since: datetime
) -> Iterable[tuple[EventSession, Registration]]:
    given_up = [
        Registration.status == RegistrationStatus.CANCELLED,
        Registration.cancelled_at >= given_up_since,
    ]
    if not user.calendar_includes_waitlisted:
        # A waiting-list place the feed never showed needs no cancelling either.
        given_up.append(Registration.confirmed_at.is_not(None))
    shown = [Registration.status.in_(PLACE_HOLDING_STATUSES), and_(*given_up)]
    if user.calendar_includes_waitlisted:
        shown.append(Registration.status == RegistrationStatus.WAITLISTED)
    query = (
        _public_session_query(since)
        .join(Registration, Registration.event_id == Event.id)
        .where(Registration.user_id == user.id, or_(*shown))
        .add_columns(Registration)
    )
    return [(session, registration) for session, registration in db.session.execute(query)]


def personal_feed_url(user: User, **params: Any) -> str:
    return url_for("calendars.personal_feed", token=user.calendar_token, _external=True, **params)


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


def _key(kind: str, ident: int, feed_url: str) -> str:
    # Per host, because the entries' links name it and a site may answer to more than one.
    return f"{kind}:{ident}@{urlsplit(feed_url).netloc}"[:200]


def feed_version(feed: Feed, now: datetime | None = None) -> FeedVersion:
    """The feed's ETag, and the moment its current content was first served.

    Last-Modified is when the content last changed, found by comparing fingerprints, so it
    moves forward for every change, a removal included, and only then. It moves by at least
    a second each time, because HTTP dates have no finer grain.
    """
    etag = hashlib.sha256(feed.body).hexdigest()[:32]
    stored = db.session.get(CalendarFeedVersion, feed.key)
    if stored is not None and stored.etag == etag:
        return FeedVersion(etag, stored.changed_at)
    changed_at = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
    if stored is not None:
        changed_at = max(changed_at, stored.changed_at + timedelta(seconds=1))
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CalendarFeedVersion).values(
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


# --- Links for pages -----------------------------------------------------------------------


def is_public(programme: Programme, event: Event | None = None) -> bool:
    """Whether the feed exists for everyone: drafts have none, even for their organisers."""
    if not is_public_programme(programme):
        return False
    return event is None or event.status in PUBLIC_EVENT_STATUSES


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
        f"{current_app.config['SITE_NAME']}: my events",
        personal_feed_url(user),
        personal_feed_url(user, download=1),
    )


def session_links(session: EventSession, programme: Programme) -> AddToCalendarLinks | None:
    """ "Add to Google Calendar" and "add to Outlook" for one session, with nothing private."""
    if not is_public(programme, session.event) or session.id is None:
        return None
    entry = _entry(session, programme)
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
        audience = _audience_for(registration)
    info = ical.CalendarInfo(
        name=f"{event.title} ({programme.title})",
        description=event.summary,
        url=_event_url(event, programme),
    )
    entries = [_entry(session, programme, audience, registration) for session in event.sessions]
    body = ical.build_calendar(info, entries)
    return calendar_attachment(body, filename=f"{event.slug}.ics", method="PUBLISH")


def _audience_for(registration: Registration | None) -> ical.Audience:
    if registration is None:
        return ical.Audience.PUBLIC
    if registration.status in PLACE_HOLDING_STATUSES:
        return ical.Audience.ATTENDING
    if registration.status == RegistrationStatus.WAITLISTED:
        return ical.Audience.WAITLISTED
    return ical.Audience.NOT_ATTENDING
