"""/robots.txt and /sitemap.xml: what search engines may read. Anonymous and kept."""

from __future__ import annotations

from typing import cast
from xml.etree import ElementTree

from flask import Blueprint, Response, abort, current_app
from flask.typing import ResponseReturnValue

from ..links import external_url
from ..page_cache import kept
from . import services

blueprint = Blueprint("discovery", __name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PUBLIC_CACHE = "public, max-age=3600"


@blueprint.get("/robots.txt")
def robots() -> ResponseReturnValue:
    response = Response(services.robots_txt(), content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


# A sitemap file may list at most 50,000 addresses (sitemaps.org); beyond that /sitemap.xml is
# an index of numbered parts.
SITEMAP_LIMIT = 50_000


def _limit() -> int:
    return int(current_app.config.get("SITEMAP_URL_LIMIT", SITEMAP_LIMIT))


def _xml(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    return cast(bytes, ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _urlset(entries: list[services.SitemapEntry]) -> bytes:
    root = ElementTree.Element("urlset", {"xmlns": SITEMAP_NAMESPACE})
    for entry in entries:
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = entry.url
        if entry.last_modified is not None:
            ElementTree.SubElement(url, "lastmod").text = entry.last_modified.date().isoformat()
    return _xml(root)


def _sitemap_body() -> bytes:
    entries = services.sitemap_entries()
    limit = _limit()
    if len(entries) <= limit:
        return _urlset(entries)
    root = ElementTree.Element("sitemapindex", {"xmlns": SITEMAP_NAMESPACE})
    for part in range(1, (len(entries) + limit - 1) // limit + 1):
        sitemap = ElementTree.SubElement(root, "sitemap")
        ElementTree.SubElement(sitemap, "loc").text = external_url(
            "discovery.sitemap_part", part=part
        )
    return _xml(root)


def _sitemap_part_body(part: int) -> bytes:
    limit = _limit()
    entries = services.sitemap_entries()[(part - 1) * limit : part * limit]
    if not entries:
        abort(404)
    return _urlset(entries)


def _xml_response(body: bytes) -> Response:
    response = Response(body, content_type="application/xml; charset=utf-8")
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


@blueprint.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    return _xml_response(kept(("sitemap",), _sitemap_body, len))


@blueprint.get("/sitemap-<int(min=1, max=100000):part>.xml")
def sitemap_part(part: int) -> ResponseReturnValue:
    return _xml_response(kept(("sitemap", part), lambda: _sitemap_part_body(part), len))
