"""What the event page tells others, and what the sitemap lists: everyone's view only.

Links are absolute, from ``BASE_URL`` (the site's one public address), never from the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..links import base_url, external_url
from ..models import (
    Event,
    EventSpeaker,
    Programme,
    Reflection,
    Speaker,
    WriteUp,
)
from ..organise.permissions import (
    PUBLIC_EVENT_STATUSES,
    is_public_programme,
)
from ..reflections.visibility import ANONYMOUS, reflection_condition, write_up_condition
from ..visibility import is_one_of, public_programme_clause
from .jsonld import EventPageFacts, PageMeta, event_page_meta

# One sitemap file holds at most this many addresses (the sitemaps protocol's limit).
SITEMAP_LIMIT = 50_000


def is_public_event(programme: Programme, event: Event) -> bool:
    return is_public_programme(programme) and event.status in PUBLIC_EVENT_STATUSES


def event_meta(
    programme: Programme,
    event: Event,
    *,
    held: int,
    performers: list[str],
    themes: list[str],
) -> PageMeta | None:
    """The event page's description, Open Graph and schema.org data, or None for a page
    that only its organisers can see (a draft), which must tell nobody anything. The page has
    counted the places ``held`` and read the names of its ``performers`` and ``themes``."""
    if not is_public_event(programme, event):
        return None
    going_ahead = [session for session in event.sessions if not session.is_cancelled]
    sessions = going_ahead or list(event.sessions)
    venue = next((session for session in sessions if session.venue_name), None)
    organisation = event.organisation
    site_name = current_app.config["SITE_NAME"]
    facts = EventPageFacts(
        title=event.title,
        url=external_url("programmes.event", programme_slug=programme.slug, event_slug=event.slug),
        summary=event.summary,
        description=event.description,
        mode=event.mode.value,
        timezone=programme.timezone,
        starts_at=min((s.starts_at for s in sessions), default=None),
        ends_at=max((s.ends_at for s in sessions), default=None),
        cancelled=event.is_cancelled or not going_ahead,
        organiser_name=organisation.name if organisation else site_name,
        organiser_url=(organisation.website if organisation else "") or "",
        site_name=site_name,
        venue_name=venue.venue_name if venue else "",
        venue_address=venue.venue_address if venue else "",
        sold_out=event.capacity is not None and held >= event.capacity,
        performers=tuple(performers),
        themes=tuple(themes),
    )
    return event_page_meta(facts)


# --- The sitemap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    last_modified: datetime | None = None


def _public_programmes() -> Any:
    return select(Programme).where(public_programme_clause())


def sitemap_entries() -> list[SitemapEntry]:
    """Every public page worth reading: programmes, their events and speakers, and the
    practice record's public entries."""
    entries = [
        SitemapEntry(external_url("programmes.index")),
        SitemapEntry(external_url("reflections.practice")),
    ]
    programmes = db.session.scalars(_public_programmes().order_by(Programme.id)).all()
    for programme in programmes:
        entries.append(
            SitemapEntry(
                external_url("programmes.programme", programme_slug=programme.slug),
                programme.updated_at,
            )
        )
        entries.append(
            SitemapEntry(external_url("speakers.programme_speakers", programme_slug=programme.slug))
        )
    public_events = (
        select(Event.slug, Programme.slug, Event.updated_at)
        .join(Programme, Programme.id == Event.programme_id)
        .where(
            public_programme_clause(),
            is_one_of(Event.status, PUBLIC_EVENT_STATUSES),
        )
        .order_by(Event.id)
    )
    for event_slug, programme_slug, updated_at in db.session.execute(public_events):
        url = external_url("programmes.event", programme_slug=programme_slug, event_slug=event_slug)
        entries.append(SitemapEntry(url, updated_at))
    speakers = (
        select(Programme.slug, Speaker.slug)
        .select_from(EventSpeaker)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .join(Event, Event.id == EventSpeaker.event_id)
        .join(Programme, Programme.id == Event.programme_id)
        .where(
            public_programme_clause(),
            is_one_of(Event.status, PUBLIC_EVENT_STATUSES),
        )
        .distinct()
        .order_by(Programme.slug, Speaker.slug)
    )
    for programme_slug, speaker_slug in db.session.execute(speakers):
        entries.append(
            SitemapEntry(
                external_url(
                    "speakers.speaker", programme_slug=programme_slug, speaker_slug=speaker_slug
                )
            )
        )
    reflections = select(Reflection.id, Reflection.updated_at).where(
        reflection_condition(ANONYMOUS)
    )
    for reflection_id, updated_at in db.session.execute(reflections.order_by(Reflection.id)):
        url = external_url("reflections.reflection", reflection_id=reflection_id)
        entries.append(SitemapEntry(url, updated_at))
    write_ups = select(WriteUp.id, WriteUp.updated_at).where(write_up_condition(ANONYMOUS))
    for write_up_id, updated_at in db.session.execute(write_ups.order_by(WriteUp.id)):
        url = external_url("reflections.write_up", write_up_id=write_up_id)
        entries.append(SitemapEntry(url, updated_at))
    return entries[:SITEMAP_LIMIT]


def robots_txt() -> str:
    """Private areas are not for crawling; everything public is in the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /organise/",
        "Disallow: /account/",
        "Disallow: /registrations/",
        "Disallow: /calendar/",
        "Disallow: /my-events",
        "Disallow: /speaker/",
        "Disallow: /reflections/",
        "",
    ]
    if base_url():
        lines.append(f"Sitemap: {external_url('discovery.sitemap')}")
    return "\n".join(lines) + "\n"
