"""Addresses of practice record entries and of their events, for pages, exports and feeds."""

from __future__ import annotations

from flask import url_for

from .entries import Entry


def entry_url(entry: Entry, external: bool = False) -> str:
    if entry.is_reflection:
        return url_for("reflections.reflection", reflection_id=entry.id, _external=external)
    return url_for("reflections.write_up", write_up_id=entry.id, _external=external)


def event_url(entry: Entry, external: bool = False) -> str:
    """The event's page; for a meeting of a learning community's members-only series, the
    community's page, which everyone may open (the series event answers 404 to outsiders)."""
    if entry.on_community_series and entry.community is not None:
        return url_for(
            "communities.community",
            programme_slug=entry.programme.slug,
            community_slug=entry.community.slug,
            _external=external,
        )
    return url_for(
        "programmes.event",
        programme_slug=entry.programme.slug,
        event_slug=entry.event.slug,
        _external=external,
    )
