"""Addresses of practice record entries and of their events, for pages, exports and feeds."""

from __future__ import annotations

from flask import url_for

from .entries import Entry


def entry_url(entry: Entry, external: bool = False) -> str:
    if entry.is_reflection:
        return url_for("reflections.reflection", reflection_id=entry.id, _external=external)
    return url_for("reflections.write_up", write_up_id=entry.id, _external=external)


def event_url(entry: Entry, external: bool = False) -> str:
    return url_for(
        "programmes.event",
        programme_slug=entry.programme.slug,
        event_slug=entry.event.slug,
        _external=external,
    )
