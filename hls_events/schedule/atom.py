"""A programme's schedule changes as an Atom feed (RFC 4287). Pure: no Flask inside."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    summary: str
    link: str
    updated: datetime


@dataclass(frozen=True)
class FeedHeader:
    id: str
    title: str
    subtitle: str
    link: str
    self_link: str
    author: str
    updated: datetime


def _stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(
    parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def build_feed(header: FeedHeader, entries: Iterable[FeedEntry]) -> bytes:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", header.id)
    _add(feed, "title", header.title)
    _add(feed, "subtitle", header.subtitle)
    _add(feed, "updated", _stamp(header.updated))
    _add(feed, "link", rel="alternate", type="text/html", href=header.link)
    _add(feed, "link", rel="self", type="application/atom+xml", href=header.self_link)
    author = _add(feed, "author")
    _add(author, "name", header.author)
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", entry.id)
        _add(item, "title", entry.title)
        _add(item, "updated", _stamp(entry.updated))
        _add(item, "link", rel="alternate", type="text/html", href=entry.link)
        _add(item, "summary", entry.summary, type="text")
    return cast(bytes, ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True))
