"""Markdown written by people (site pages, speaker bios, write-ups) as safe HTML.

Pure: no Flask inside. Two layers, so that a mistake in one is caught by the other:
markdown-it-py renders with raw HTML turned off (typed tags come out as text), then nh3 keeps
only a short list of tags and attributes and only http, https and mailto links.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "blockquote",
        "code",
        "pre",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _same_site_only(url: str) -> str | None:
    """Relative links may point within this site ("/privacy", "#rights"), nowhere else.

    "//host/path" is relative only in name: it leaves the site, so it is dropped.
    """
    if url.startswith("#") or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    url_relative=_same_site_only,
    link_rel="noopener",
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """Keep only the allowed tags, attributes and link targets of an HTML fragment."""
    return _cleaner.clean(html)


# Texts up to this long are kept once rendered, per worker: a page built again (an event's
# description, a site page) would otherwise parse and clean the same text every time.
KEPT_TEXT_LENGTH = 10_000


def render_markdown(text: str | None) -> Markup:
    """Markdown in, cleaned HTML out, marked safe for Jinja."""
    if not text:
        return Markup("")
    if len(text) <= KEPT_TEXT_LENGTH:
        return _rendered(text)
    return _render(text)


def _render(text: str) -> Markup:
    return Markup(clean_html(_markdown.render(text)).strip())


_rendered = lru_cache(maxsize=256)(_render)
