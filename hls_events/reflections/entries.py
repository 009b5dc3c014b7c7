"""A reflection or write-up as one reader may see it: the shape every page, export and feed of
the practice record shows. entry_rows.py makes them from the rows the reader's queries return.

An entry holds plain values, not ORM objects: its programme, event, themes and community are
small tuples of what pages, exports and feeds show of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import has_request_context, request
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..lazy_text import _l
from ..markdown import render_markdown
from ..models import Attribution, Principle, Visibility, programme_organisers
from .visibility import Reader

EXCERPT_LENGTH = 280


class EntryKind(enum.StrEnum):
    REFLECTION = "reflection"
    WRITE_UP = "write_up"

    @property
    def label(self) -> str:
        return str({"reflection": _l("Reflection"), "write_up": _l("Write-up")}[self.value])


class EntryProgramme(NamedTuple):
    id: int
    slug: str
    title: str
    timezone: str
    # Its Welsh title, if any: pages show it with ``localised`` (hls_events/bilingual.py).
    title_cy: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class EntryEvent(NamedTuple):
    id: int
    slug: str
    title: str
    title_cy: str = ""


class EntryTheme(NamedTuple):
    slug: str
    name: str


class EntryCommunity(NamedTuple):
    """The learning community a reflection's meeting belongs to; its series event's id."""

    slug: str
    name: str
    event_id: int
    name_cy: str = ""


@dataclass
class Entry:
    """One reflection or write-up as a particular reader may see it.

    Carries no account: a reflection's author is named only through ``byline`` (visibility.py).
    """

    kind: EntryKind
    id: int
    title: str
    byline: str
    programme: EntryProgramme
    event: EntryEvent
    written_at: datetime
    updated_at: datetime
    themes: list[EntryTheme]
    principles: list[Principle] = field(default_factory=list)
    answers: list[dict[str, str]] = field(default_factory=list)
    # As written: plain text for a reflection, Markdown for a write-up.
    text: str = ""
    snippet: Markup | None = None
    slides_url: str = ""
    recording_url: str = ""
    featured: bool = False
    hidden: bool = False
    # Shown only to the entry's author and the programme's organisers; empty for anyone else.
    hidden_reason: str = ""
    visibility: Visibility | None = None
    attribution: Attribution | None = None
    published: bool = True
    own: bool = False
    curates: bool = False
    # A reflection on a learning community's meeting: the meeting, and (set by
    # entry_rows.py) its community, whose page stands for the members-only event.
    session_id: int | None = None
    community: EntryCommunity | None = None

    # Made when first shown: a page of search results shows snippets, not bodies or excerpts.
    @cached_property
    def body_html(self) -> Markup:
        """A write-up's body as HTML; a reflection's is shown as its plain text."""
        return Markup("") if self.is_reflection else render_markdown(self.text)

    @cached_property
    def excerpt(self) -> str:
        return _excerpt_of(self.text if self.is_reflection else self.body_html.striptags())

    @property
    def is_reflection(self) -> bool:
        return self.kind == EntryKind.REFLECTION

    @property
    def on_community_series(self) -> bool:
        """About a meeting held on the community's own (members-only) event, not a taster."""
        return self.community is not None and self.community.event_id == self.event.id


def organised_ids(reader: Reader) -> set[int] | None:
    """Programmes the reader curates; None means every programme (a site admin). Read once a
    request for each reader: a page of the record asks for its filters and for its entries."""
    if reader.is_admin:
        return None
    if reader.user_id is None:
        return set()
    read: dict[int, frozenset[int]] | None = None
    if has_request_context():
        read = request.environ.setdefault("hls_events.organised_ids", {})
        if reader.user_id in read:
            return set(read[reader.user_id])
    found = frozenset(
        db.session.scalars(
            select(programme_organisers.c.programme_id).where(
                programme_organisers.c.user_id == reader.user_id
            )
        )
    )
    if read is not None:
        read[reader.user_id] = found
    return set(found)


def curates_in(organised: set[int] | None, programme_id: int) -> bool:
    return organised is None or programme_id in organised


def _excerpt_of(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_LENGTH:
        return flat
    return flat[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"


# A write-up's indexed title and body (migration 0005): its title counts ten times its body in
# ranking on SQLite.
WRITE_UP_WEIGHTS = (10.0, 1.0)
