"""The published programme as conference schedule documents (c3voc JSON, frab XML).

Like the calendar feeds, they are anonymous: a draft programme has none, and only published and
cancelled events appear (cancelled ones marked). They share the feeds' version record, which
drives ETag and Last-Modified. Links are absolute, from ``BASE_URL``.
"""

from __future__ import annotations

from importlib import metadata

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from ..calendars.entries import uid_domain
from ..calendars.ical import session_uid
from ..calendars.queries import Feed, feed_key
from ..extensions import db
from ..links import external_url
from ..models import (
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    SessionStatus,
    WriteUp,
    WriteUpStatus,
)
from ..organise.permissions import PUBLIC_EVENT_STATUSES
from ..programmes.services import visible_programme
from ..visibility import is_one_of
from . import writer

FORMATS = ("json", "xml")


def _generator_version() -> str:
    try:
        return metadata.version("hls-events")
    except metadata.PackageNotFoundError:
        return ""


def _event_url(programme: Programme, event: Event) -> str:
    return external_url("programmes.event", programme_slug=programme.slug, event_slug=event.slug)


def _write_up_links(programme: Programme) -> dict[int, list[writer.Link]]:
    """Slides and recordings from the programme's published write-ups, by event."""
    write_ups = db.session.scalars(
        select(WriteUp)
        .where(
            WriteUp.programme_id == programme.id,
            WriteUp.status == WriteUpStatus.PUBLISHED,
            WriteUp.hidden_at.is_(None),
        )
        .options(selectinload(WriteUp.speaker))
        .order_by(WriteUp.id)
    )
    links: dict[int, list[writer.Link]] = {}
    for write_up in write_ups:
        found = links.setdefault(write_up.event_id, [])
        if write_up.slides_url:
            found.append(writer.Link(f"Slides: {write_up.speaker.name}", write_up.slides_url))
        if write_up.recording_url:
            found.append(writer.Link(f"Recording: {write_up.speaker.name}", write_up.recording_url))
    return links


def session_facts(
    session: EventSession, programme: Programme, links: dict[int, list[writer.Link]], domain: str
) -> writer.SessionFacts:
    event = session.event
    return writer.SessionFacts(
        session_id=session.id,
        calendar_uid=session_uid(session.id, domain),
        event_slug=event.slug,
        event_title=event.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        url=_event_url(programme, event),
        format_label=event.format.label,
        mode=event.mode.value,
        session_title=session.title,
        summary=event.summary,
        description=event.description,
        venue_name=session.venue_name,
        themes=tuple(theme.name for theme in event.themes),
        persons=tuple(
            writer.Person(role.speaker.id, role.speaker.name, role.speaker.bio)
            for role in event.speaker_roles
        ),
        links=tuple(links.get(event.id, ())),
        cancelled=event.status == EventStatus.CANCELLED
        or session.status == SessionStatus.CANCELLED,
        is_recorded=event.is_recorded,
    )


def schedule_feed(programme_slug: str, kind: str) -> Feed | None:
    """The programme's schedule as ``kind`` ("json" or "xml"), or None (404)."""
    if kind not in FORMATS:
        return None
    programme = visible_programme(programme_slug, None)
    if programme is None:
        return None
    sessions = db.session.scalars(
        select(EventSession)
        .join(EventSession.event)
        .where(Event.programme_id == programme.id, is_one_of(Event.status, PUBLIC_EVENT_STATUSES))
        .options(
            contains_eager(EventSession.event).selectinload(Event.themes),
            contains_eager(EventSession.event)
            .selectinload(Event.speaker_roles)
            .selectinload(EventSpeaker.speaker),
        )
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()
    domain = uid_domain()
    links = _write_up_links(programme)
    page_url = external_url("programmes.programme", programme_slug=programme.slug)
    info = writer.ScheduleInfo(
        slug=programme.slug,
        title=programme.title,
        timezone=programme.timezone,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        url=page_url,
        uid_domain=domain,
        summary=programme.summary,
        themes=tuple(theme.name for theme in programme.themes),
        generator_version=_generator_version(),
    )
    facts = [session_facts(session, programme, links, domain) for session in sessions]
    build = writer.json_document if kind == "json" else writer.xml_document
    body = build(info, facts)
    key = feed_key(f"schedule-{kind}", programme.id, page_url)
    return Feed(key, body, f"{programme.slug}-schedule.{kind}")
