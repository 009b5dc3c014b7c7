"""schema.org ``Event`` data and the page's description, from plain facts. No Flask here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

DESCRIPTION_LENGTH = 160
_MODES = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


@dataclass(frozen=True)
class EventPageFacts:
    title: str
    url: str
    summary: str
    description: str
    mode: str
    timezone: str
    starts_at: datetime | None
    ends_at: datetime | None
    cancelled: bool
    organiser_name: str
    organiser_url: str
    site_name: str
    venue_name: str = ""
    venue_address: str = ""
    sold_out: bool = False
    performers: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageMeta:
    """What a page's <head> carries for others: description, Open Graph, and JSON-LD."""

    description: str
    open_graph: dict[str, str] = field(default_factory=dict)
    json_ld: Markup | None = None


def short_description(*texts: str) -> str:
    """The first text that says something, on one line, cut at a word to 160 characters."""
    for text in texts:
        flat = " ".join(text.split())
        if flat:
            if len(flat) <= DESCRIPTION_LENGTH:
                return flat
            return flat[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return ""


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat()


def _location(facts: EventPageFacts) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if facts.mode in ("in_person", "hybrid"):
        place: dict[str, Any] = {"@type": "Place", "name": facts.venue_name or "To be announced"}
        if facts.venue_address:
            place["address"] = facts.venue_address
        places.append(place)
    if facts.mode in ("online", "hybrid"):
        # The event's page, never the joining link, which is private.
        places.append({"@type": "VirtualLocation", "url": facts.url})
    return places


def event_json_ld(facts: EventPageFacts) -> dict[str, Any]:
    zone = ZoneInfo(facts.timezone)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": facts.title,
        "url": facts.url,
        "description": short_description(facts.summary, facts.description),
        "eventStatus": "https://schema.org/EventCancelled"
        if facts.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": _MODES.get(facts.mode, _MODES["online"]),
        "organizer": {"@type": "Organization", "name": facts.organiser_name},
        "offers": {
            "@type": "Offer",
            "url": facts.url,
            "price": 0,
            "priceCurrency": "GBP",
            "availability": "https://schema.org/SoldOut"
            if facts.sold_out
            else "https://schema.org/InStock",
        },
    }
    if facts.organiser_url:
        data["organizer"]["url"] = facts.organiser_url
    if facts.starts_at is not None:
        data["startDate"] = _local(facts.starts_at, zone)
    if facts.ends_at is not None:
        data["endDate"] = _local(facts.ends_at, zone)
    location = _location(facts)
    if location:
        data["location"] = location[0] if len(location) == 1 else location
    if facts.performers:
        data["performer"] = [{"@type": "Person", "name": name} for name in facts.performers]
    if facts.themes:
        data["keywords"] = ", ".join(facts.themes)
    return data


def script_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside a <script> element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def event_page_meta(facts: EventPageFacts) -> PageMeta:
    description = short_description(facts.summary, facts.description) or facts.title
    return PageMeta(
        description=description,
        open_graph={
            "og:type": "website",
            "og:title": facts.title,
            "og:description": description,
            "og:url": facts.url,
            "og:site_name": facts.site_name,
        },
        json_ld=script_json(event_json_ld(facts)),
    )
