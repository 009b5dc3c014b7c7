"""Addresses of practice record entries and of their events, for pages, exports and feeds.

A page of the record links to forty entries and events, an export to thousands, and url_for
takes some 25 µs an address. So each kind of address is built once a request, with a stand-in
for its last part, and then completed with each entry's id or event's slug (slugs are
address-safe: slugs.py and organise/forms.py's SLUG_RULE).
"""

from __future__ import annotations

from typing import Any

from flask import g, url_for

from .entries import Entry

# Stands for an address's last part while the rest of it is built.
_STAND_IN = 987654321


def _address(endpoint: str, external: bool, last: str, value: object, **values: Any) -> str:
    """``url_for(endpoint, **values, <last>=value)``, from the request's built stems."""
    stems: dict[tuple[Any, ...], tuple[str, str]] = g.setdefault("practice_link_stems", {})
    key = (endpoint, external, last, *values.items())
    stem = stems.get(key)
    if stem is None:
        built = url_for(endpoint, _external=external, **{**values, last: _STAND_IN})
        before, _, after = built.rpartition(str(_STAND_IN))
        stem = stems[key] = (before, after)
    return f"{stem[0]}{value}{stem[1]}"


def entry_url(entry: Entry, external: bool = False) -> str:
    if entry.is_reflection:
        return _address("reflections.reflection", external, "reflection_id", entry.id)
    return _address("reflections.write_up", external, "write_up_id", entry.id)


def event_url(entry: Entry, external: bool = False) -> str:
    """The event's page; for a meeting of a learning community's members-only series, the
    community's page, which everyone may open (the series event answers 404 to outsiders)."""
    if entry.on_community_series and entry.community is not None:
        return _address(
            "communities.community",
            external,
            "community_slug",
            entry.community.slug,
            programme_slug=entry.programme.slug,
        )
    return _address(
        "programmes.event",
        external,
        "event_slug",
        entry.event.slug,
        programme_slug=entry.programme.slug,
    )
