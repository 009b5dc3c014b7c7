"""/robots.txt and /sitemap.xml: what search engines may read. Anonymous and kept."""

from __future__ import annotations

from typing import cast
from xml.etree import ElementTree

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue

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


def _sitemap_body() -> bytes:
    root = ElementTree.Element("urlset", {"xmlns": SITEMAP_NAMESPACE})
    for entry in services.sitemap_entries():
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = entry.url
        if entry.last_modified is not None:
            ElementTree.SubElement(url, "lastmod").text = entry.last_modified.date().isoformat()
    ElementTree.indent(root)
    return cast(bytes, ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


@blueprint.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    body = kept(("sitemap",), _sitemap_body, len)
    response = Response(body, content_type="application/xml; charset=utf-8")
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response
