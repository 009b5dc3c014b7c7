"""Reading and saving the site's own pages. Saving takes plain values and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models import SitePage
from ..retention import period_days, period_words
from .defaults import DEFAULT_PAGES, RETENTION_PLACEHOLDERS

PAGE_SLUGS = tuple(DEFAULT_PAGES)


@dataclass(frozen=True)
class PageContent:
    slug: str
    title: str
    body: str
    # None while the page still shows the text the site came with.
    updated_at: datetime | None


def page_content(slug: str) -> PageContent:
    """The saved page, or the default text when the admin has not written one yet."""
    if slug not in DEFAULT_PAGES:
        raise KeyError(slug)
    page = db.session.get(SitePage, slug)
    if page is None:
        title, body = DEFAULT_PAGES[slug]
        if slug == "privacy":
            body = body.format(
                **{kind: period_words(period_days(kind)) for kind in RETENTION_PLACEHOLDERS}
            )
        return PageContent(slug, title, body, None)
    return PageContent(slug, page.title, page.body, page.updated_at)


def save_page(slug: str, title: str, body: str, editor_id: int | None) -> SitePage:
    if slug not in DEFAULT_PAGES:
        raise KeyError(slug)
    page = db.session.get(SitePage, slug)
    if page is None:
        page = SitePage(slug=slug)
        db.session.add(page)
    page.title = title.strip()
    page.body = body.strip() + "\n"
    page.updated_by_id = editor_id
    db.session.commit()
    return page
