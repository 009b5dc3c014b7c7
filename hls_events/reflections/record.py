"""The practice record's one query: reflections and write-ups the reader may see, filtered and
ranked, as a page, in full (exports, the report, the event page) or as a feed.

Every query over reflections and write-ups carries visibility.py's condition in its WHERE
clause: a listing, a count, a search with its ranking and snippets are one statement each, so a
row the reader may not see never leaves the database. The number of statements is fixed
whatever the number of entries.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import false, func, select, union_all

from ..extensions import db
from ..models import (
    Community,
    CommunityMeeting,
    Event,
    Principle,
    Programme,
    Reflection,
    Theme,
    Visibility,
    WriteUp,
    WriteUpStatus,
    event_themes,
    reflection_themes,
)
from ..pagination import page_count
from . import search
from .entries import WRITE_UP_WEIGHTS, Entry, EntryKind
from .entry_rows import entries_for_rows
from .page_rows import entries_for_page, record_order, with_details
from .search import SearchTerms
from .visibility import ANONYMOUS, Reader, reflection_condition, write_up_condition

PER_PAGE = 20
FEATURED_LIMIT = 4
FEED_SIZE = 50


@dataclass(frozen=True)
class RecordFilters:
    """What narrows the record. Slugs and values, already checked against the choices."""

    q: str = ""
    programme: str | None = None
    event: str | None = None
    theme: str | None = None
    principle: Principle | None = None
    kind: EntryKind | None = None
    year: int | None = None
    # A learning community's slug, with programme: reflections on its meetings.
    community: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.q.strip()) or any(
            value is not None
            for value in (
                self.programme,
                self.event,
                self.theme,
                self.principle,
                self.kind,
                self.year,
                self.community,
            )
        )


@dataclass
class RecordPage:
    entries: list[Entry]
    total: int
    page: int
    pages: int
    terms: SearchTerms
    featured: list[Entry]

    @property
    def searched(self) -> bool:
        return not self.terms.is_empty


def _dialect() -> str:
    return db.engine.dialect.name


# --- The one query: reflections and write-ups, visible to the reader, filtered, ranked ---------


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def _programme_ids(filters: RecordFilters) -> Any:
    query = select(Programme.id)
    if filters.programme:
        query = query.where(Programme.slug == filters.programme)
    if filters.year:
        start, end = _year_range(filters.year)
        query = query.where(Programme.starts_on >= start, Programme.starts_on < end)
    return query


def _event_ids(filters: RecordFilters) -> Any:
    return (
        select(Event.id)
        .join(Programme, Programme.id == Event.programme_id)
        .where(Programme.slug == filters.programme, Event.slug == filters.event)
    )


def _community_meetings(filters: RecordFilters) -> Any:
    """The chosen community's meetings: the reflections on them are the community's."""
    return (
        select(CommunityMeeting.session_id)
        .join(Community, Community.id == CommunityMeeting.community_id)
        .join(Programme, Programme.id == Community.programme_id)
        .where(Programme.slug == filters.programme, Community.slug == filters.community)
    )


def _reflection_rows(
    reader: Reader,
    filters: RecordFilters,
    terms: SearchTerms,
    *,
    featured_only: bool = False,
    record_only: bool = True,
    include_hidden: bool = True,
) -> sa.Select[*tuple[Any, ...]]:
    table = cast(sa.Table, Reflection.__table__)
    columns: list[Any] = [
        sa.literal_column("'reflection'", sa.String).label("kind"),
        Reflection.id.label("id"),
        Reflection.created_at.label("sort_at"),
    ]
    query: sa.Select[*tuple[Any, ...]]
    if terms.is_empty:
        query = select(
            *columns,
            sa.literal_column("0.0", sa.Float).label("rank"),
        ).select_from(Reflection)
    else:
        match = search.text_match(
            _dialect(),
            terms,
            table=table,
            everyone=reader.user_id is None,
        )
        query = select(*columns, match.rank.label("rank")).select_from(Reflection)
        if match.join_target is not None:
            query = query.join(match.join_target, match.join_on)
        query = query.where(match.condition)
    query = query.where(reflection_condition(reader))
    if record_only:
        query = query.where(Reflection.visibility != Visibility.PRIVATE)
    if featured_only:
        query = query.where(Reflection.featured.is_(True))
    if not include_hidden:
        query = query.where(Reflection.hidden_at.is_(None))
    if filters.kind == EntryKind.WRITE_UP:
        query = query.where(false())
    if filters.programme or filters.year:
        query = query.where(Reflection.programme_id.in_(_programme_ids(filters)))
    if filters.programme and filters.event:
        query = query.where(Reflection.event_id.in_(_event_ids(filters)))
    if filters.programme and filters.community:
        query = query.where(Reflection.session_id.in_(_community_meetings(filters)))
    if filters.theme:
        query = query.where(
            Reflection.id.in_(
                select(reflection_themes.c.reflection_id)
                .join(Theme, Theme.id == reflection_themes.c.theme_id)
                .where(Theme.slug == filters.theme)
            )
        )
    if filters.principle:
        padded = sa.literal(" ") + Reflection.principles + sa.literal(" ")
        query = query.where(padded.like(f"% {filters.principle.value} %"))
    return query


def _write_up_rows(
    reader: Reader,
    filters: RecordFilters,
    terms: SearchTerms,
    *,
    featured_only: bool = False,
    record_only: bool = True,
    include_hidden: bool = True,
) -> sa.Select[*tuple[Any, ...]]:
    table = cast(sa.Table, WriteUp.__table__)
    columns: list[Any] = [
        sa.literal_column("'write_up'", sa.String).label("kind"),
        WriteUp.id.label("id"),
        func.coalesce(WriteUp.published_at, WriteUp.updated_at).label("sort_at"),
    ]
    query: sa.Select[*tuple[Any, ...]]
    if terms.is_empty:
        query = select(
            *columns,
            sa.literal_column("0.0", sa.Float).label("rank"),
        ).select_from(WriteUp)
    else:
        match = search.text_match(_dialect(), terms, table=table, weights=WRITE_UP_WEIGHTS)
        query = select(*columns, match.rank.label("rank")).select_from(WriteUp)
        if match.join_target is not None:
            query = query.join(match.join_target, match.join_on)
        query = query.where(match.condition)
    query = query.where(write_up_condition(reader))
    if record_only:
        query = query.where(WriteUp.status == WriteUpStatus.PUBLISHED)
    if featured_only:
        query = query.where(WriteUp.featured.is_(True))
    if not include_hidden:
        query = query.where(WriteUp.hidden_at.is_(None))
    if filters.kind == EntryKind.REFLECTION or filters.principle or filters.community:
        # Communities have no write-ups: what they keep is their members' reflections.
        query = query.where(false())
    if filters.programme or filters.year:
        query = query.where(WriteUp.programme_id.in_(_programme_ids(filters)))
    if filters.programme and filters.event:
        query = query.where(WriteUp.event_id.in_(_event_ids(filters)))
    if filters.theme:
        query = query.where(
            WriteUp.event_id.in_(
                select(event_themes.c.event_id)
                .join(Theme, Theme.id == event_themes.c.theme_id)
                .where(Theme.slug == filters.theme)
            )
        )
    return query


def _matching(
    reader: Reader, filters: RecordFilters, terms: SearchTerms, **options: bool
) -> sa.CompoundSelect[Any]:
    return union_all(
        _reflection_rows(reader, filters, terms, **options),
        _write_up_rows(reader, filters, terms, **options),
    )


def _rows(
    reader: Reader, filters: RecordFilters, terms: SearchTerms, **options: bool
) -> sa.Subquery:
    return _matching(reader, filters, terms, **options).subquery("entries")


def _ordered(rows: sa.Subquery | sa.CTE, terms: SearchTerms) -> sa.Select[Any]:
    return select(rows).order_by(*record_order(rows, ranked=not terms.is_empty))


# --- The record --------------------------------------------------------------------------------


# The record's page statements, built: building one (the visibility condition, the search,
# the filters) costs SQLAlchemy more than a search of a rare word costs the database. Kept by
# who reads and by the filters, the words apart: they are bound when it runs. One takes 60 KB
# (a visitor's) to 110 KB (a signed-in reader's), so a worker keeps at most 64.
_BUILT: dict[tuple[Any, ...], tuple[sa.Select[Any], sa.Select[Any]]] = {}
BUILT_KEPT = 64


def _page_statements(
    reader: Reader, filters: RecordFilters, terms: SearchTerms
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """A page of the entries, each row with the number of rows; and that number alone."""
    key = (_dialect(), reader, dataclasses.replace(filters, q=""), terms.is_empty)
    built = _BUILT.get(key)
    if built is None:
        # The matches are kept once (both databases keep a WITH query that is read twice) and
        # counted from there. A window's count made SQLite keep and sort every match where the
        # page needs twenty: 5.6 against 4.6 ms for "learning" on the benchmark's record.
        rows = _matching(reader, filters, terms).cte("entries")
        count = select(func.count()).select_from(rows)
        counted = _ordered(rows, terms).add_columns(count.scalar_subquery().label("total"))
        offset = sa.bindparam("record_offset", 0, type_=sa.Integer)
        page = with_details(counted.limit(PER_PAGE).offset(offset), _dialect())
        built = (page, count)
        if len(_BUILT) >= BUILT_KEPT:
            _BUILT.clear()
        _BUILT[key] = built
    return built


def record_page(reader: Reader, filters: RecordFilters, page: int = 1) -> RecordPage:
    """One page of the record: newest first, or best match first when searching."""
    terms = search.parse(filters.q)
    # The page, its entries and the number of matches in one statement and one pass over the
    # matches, which for a search is most of its cost; counting apart only when asked for a
    # page beyond the last.
    paged, count = _page_statements(reader, filters, terms)
    words = search.parameters(_dialect(), terms)
    page = max(page, 1)
    results = db.session.execute(paged, {**words, "record_offset": (page - 1) * PER_PAGE}).all()
    if results:
        total = results[0].total
    else:
        total = db.session.scalar(count, words) or 0
        last = page_count(total, PER_PAGE)
        if page > last:
            page = last
            offset = (page - 1) * PER_PAGE
            results = db.session.execute(paged, {**words, "record_offset": offset}).all()
    pages = page_count(total, PER_PAGE)
    featured: list[Entry] = []
    if page == 1 and not filters.active:
        featured_rows = _rows(reader, filters, terms, featured_only=True)
        featured = entries_for_rows(
            reader,
            db.session.execute(_ordered(featured_rows, terms).limit(FEATURED_LIMIT)).all(),
            terms,
        )
    return RecordPage(
        entries=entries_for_page(reader, list(results), terms),
        total=total,
        page=page,
        pages=pages,
        terms=terms,
        featured=featured,
    )


def all_entries(reader: Reader, filters: RecordFilters, limit: int | None = None) -> list[Entry]:
    """Every entry the reader may see under the filters, in the record's order, leaving out
    what organisers have hidden (the author and organisers still see those on their pages):
    for exports, the report, feeds and the event page."""
    terms = search.parse(filters.q)
    query = _ordered(_rows(reader, filters, terms, include_hidden=False), terms)
    if limit is not None:
        query = query.limit(limit)
    # Ranked by the words, but without snippets: none of these shows one.
    return entries_for_rows(reader, list(db.session.execute(query).all()))


def feed_entries(programme_slug: str | None = None) -> list[Entry]:
    """The newest public entries, as anyone at all may see them: feeds carry no identity."""
    return all_entries(ANONYMOUS, RecordFilters(programme=programme_slug), limit=FEED_SIZE)
