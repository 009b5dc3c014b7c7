"""Reading the practice record: the listing and its search, single entries, the event page's
part, a person's own reflections, the learning report, exports and feeds. Nothing here
changes anything.

Every query over reflections and write-ups carries visibility.py's condition in its WHERE
clause: a listing, a count, a search with its ranking and snippets are one statement each, so a
row the reader may not see never leaves the database. The number of statements is fixed
whatever the number of entries.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy import false, func, or_, select, union_all
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..markdown import render_markdown
from ..models import (
    Attribution,
    Event,
    EventSpeaker,
    EventStatus,
    Principle,
    Programme,
    Reflection,
    Registration,
    Speaker,
    Theme,
    Visibility,
    WriteUp,
    WriteUpStatus,
    event_themes,
    programme_organisers,
    reflection_themes,
)
from . import search
from .search import SearchTerms
from .services import (
    EntryKind,
    has_ended,
    last_session_end,
    own_reflection,
    own_write_up,
    role_at,
    speaker_profile,
)
from .visibility import (
    ANONYMOUS,
    PUBLIC_EVENT_STATUSES,
    PUBLIC_PROGRAMME_STATUSES,
    TAKING_PART,
    Reader,
    byline,
    is_author,
    reflection_condition,
    write_up_condition,
)

PER_PAGE = 20
FEATURED_LIMIT = 4
FEED_SIZE = 50
EXCERPT_LENGTH = 280


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
            )
        )


@dataclass
class Entry:
    """One reflection or write-up as a particular reader may see it.

    Carries no account: a reflection's author is named only through ``byline`` (visibility.py).
    """

    kind: EntryKind
    id: int
    title: str
    byline: str
    programme: Programme
    event: Event
    written_at: datetime
    updated_at: datetime
    themes: list[Theme]
    principles: list[Principle] = field(default_factory=list)
    answers: list[dict[str, str]] = field(default_factory=list)
    body_html: Markup = field(default_factory=Markup)
    text: str = ""
    excerpt: str = ""
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

    @property
    def is_reflection(self) -> bool:
        return self.kind == EntryKind.REFLECTION


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


# The indexed text columns, and a write-up's title counting ten times its body in ranking.
REFLECTION_COLUMNS = ("body",)
WRITE_UP_COLUMNS = ("title", "body")
WRITE_UP_WEIGHTS = (10.0, 1.0)


def _reflection_rows(
    reader: Reader,
    filters: RecordFilters,
    terms: SearchTerms,
    *,
    featured_only: bool = False,
    record_only: bool = True,
    include_hidden: bool = True,
) -> sa.Select[Any]:
    table = Reflection.__table__
    columns: list[Any] = [
        sa.literal_column("'reflection'", sa.String).label("kind"),
        Reflection.id.label("id"),
        Reflection.created_at.label("sort_at"),
    ]
    query: sa.Select[Any]
    if terms.is_empty:
        query = select(
            *columns,
            sa.literal_column("0.0", sa.Float).label("rank"),
        ).select_from(Reflection)
    else:
        match = search.text_match(_dialect(), terms, table=table, columns=REFLECTION_COLUMNS)
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
) -> sa.Select[Any]:
    table = WriteUp.__table__
    columns: list[Any] = [
        sa.literal_column("'write_up'", sa.String).label("kind"),
        WriteUp.id.label("id"),
        func.coalesce(WriteUp.published_at, WriteUp.updated_at).label("sort_at"),
    ]
    query: sa.Select[Any]
    if terms.is_empty:
        query = select(
            *columns,
            sa.literal_column("0.0", sa.Float).label("rank"),
        ).select_from(WriteUp)
    else:
        match = search.text_match(
            _dialect(), terms, table=table, columns=WRITE_UP_COLUMNS, weights=WRITE_UP_WEIGHTS
        )
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
    if filters.kind == EntryKind.REFLECTION or filters.principle:
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


def _rows(
    reader: Reader, filters: RecordFilters, terms: SearchTerms, **options: bool
) -> sa.Subquery:
    return union_all(
        _reflection_rows(reader, filters, terms, **options),
        _write_up_rows(reader, filters, terms, **options),
    ).subquery("entries")


def _ordered(rows: sa.Subquery, terms: SearchTerms) -> sa.Select[Any]:
    newest = (rows.c.sort_at.desc(), rows.c.kind, rows.c.id.desc())
    order = (rows.c.rank.desc(), *newest) if not terms.is_empty else newest
    return select(rows).order_by(*order)


# --- Turning rows into entries -----------------------------------------------------------------


def _organised_ids(reader: Reader) -> set[int] | None:
    """Programmes the reader curates; None means every programme (a site admin)."""
    if reader.is_admin:
        return None
    if reader.user_id is None:
        return set()
    return set(
        db.session.scalars(
            select(programme_organisers.c.programme_id).where(
                programme_organisers.c.user_id == reader.user_id
            )
        )
    )


def _curates(organised: set[int] | None, programme_id: int) -> bool:
    return organised is None or programme_id in organised


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_LENGTH:
        return flat
    return flat[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"


def _reflection_options() -> list[Any]:
    return [
        selectinload(Reflection.event),
        selectinload(Reflection.programme),
        selectinload(Reflection.author),
        selectinload(Reflection.themes),
    ]


def _write_up_options() -> list[Any]:
    return [
        selectinload(WriteUp.event).selectinload(Event.themes),
        selectinload(WriteUp.programme),
        selectinload(WriteUp.speaker),
    ]


def reflection_as_entry(
    reader: Reader, reflection: Reflection, *, curates: bool, snippet: str | None = None
) -> Entry:
    own = is_author(reader, reflection)
    return Entry(
        kind=EntryKind.REFLECTION,
        id=reflection.id,
        title=f"Reflection on {reflection.event.title}",
        byline=byline(reflection),
        programme=reflection.programme,
        event=reflection.event,
        written_at=reflection.created_at,
        updated_at=reflection.updated_at,
        themes=list(reflection.themes),
        principles=reflection.principle_list,
        answers=[item for item in reflection.answers if item.get("answer")],
        text=reflection.body,
        excerpt=_excerpt(reflection.body),
        snippet=search.highlight(snippet) if snippet else None,
        featured=reflection.featured,
        hidden=reflection.is_hidden,
        hidden_reason=reflection.hidden_reason if (own or curates) else "",
        visibility=reflection.visibility,
        attribution=reflection.attribution,
        published=reflection.visibility != Visibility.PRIVATE,
        own=own,
        curates=curates,
    )


def write_up_as_entry(
    reader: Reader, write_up: WriteUp, *, curates: bool, snippet: str | None = None
) -> Entry:
    own = reader.user_id is not None and write_up.speaker.user_id == reader.user_id
    body_html = render_markdown(write_up.body)
    return Entry(
        kind=EntryKind.WRITE_UP,
        id=write_up.id,
        title=write_up.title,
        byline=write_up.speaker.name,
        programme=write_up.programme,
        event=write_up.event,
        written_at=write_up.published_at or write_up.updated_at,
        updated_at=write_up.updated_at,
        themes=list(write_up.event.themes),
        body_html=body_html,
        text=write_up.body,
        excerpt=_excerpt(body_html.striptags()),
        snippet=search.highlight(snippet) if snippet else None,
        slides_url=write_up.slides_url,
        recording_url=write_up.recording_url,
        featured=write_up.featured,
        hidden=write_up.is_hidden,
        hidden_reason=write_up.hidden_reason if (own or curates) else "",
        published=write_up.status == WriteUpStatus.PUBLISHED,
        own=own,
        curates=curates,
    )


def _snippets(
    terms: SearchTerms, model: Any, ids: list[int], columns: tuple[str, ...], **weights: Any
) -> dict[int, str]:
    """The marked snippets of the rows shown, by id: made for a page's rows only, since
    making one for every match (thousands, for a common word) costs far more than finding
    and ranking them."""
    if terms.is_empty or not ids:
        return {}
    table = model.__table__
    match = search.text_match(_dialect(), terms, table=table, columns=columns, **weights)
    query = select(table.c.id, match.snippet).select_from(table)
    if match.join_target is not None:
        query = query.join(match.join_target, match.join_on)
    return dict(db.session.execute(query.where(match.condition, table.c.id.in_(ids))).all())


def _entries(reader: Reader, rows: list[Any], terms: SearchTerms | None = None) -> list[Entry]:
    """Load the rows' reflections and write-ups (two statements and their eager loads, and
    two more for snippets when searching) and make entries in the rows' order."""
    reflection_ids = [row.id for row in rows if row.kind == EntryKind.REFLECTION]
    write_up_ids = [row.id for row in rows if row.kind == EntryKind.WRITE_UP]
    terms = terms or SearchTerms()
    reflection_snippets = _snippets(terms, Reflection, reflection_ids, REFLECTION_COLUMNS)
    write_up_snippets = _snippets(
        terms, WriteUp, write_up_ids, WRITE_UP_COLUMNS, weights=WRITE_UP_WEIGHTS
    )
    reflections = (
        {
            r.id: r
            for r in db.session.scalars(
                select(Reflection)
                .where(Reflection.id.in_(reflection_ids))
                .options(*_reflection_options())
            )
        }
        if reflection_ids
        else {}
    )
    write_ups = (
        {
            w.id: w
            for w in db.session.scalars(
                select(WriteUp).where(WriteUp.id.in_(write_up_ids)).options(*_write_up_options())
            )
        }
        if write_up_ids
        else {}
    )
    organised = _organised_ids(reader)
    entries = []
    for row in rows:
        if row.kind == EntryKind.REFLECTION and row.id in reflections:
            reflection = reflections[row.id]
            entries.append(
                reflection_as_entry(
                    reader,
                    reflection,
                    curates=_curates(organised, reflection.programme_id),
                    snippet=reflection_snippets.get(row.id),
                )
            )
        elif row.kind == EntryKind.WRITE_UP and row.id in write_ups:
            write_up = write_ups[row.id]
            entries.append(
                write_up_as_entry(
                    reader,
                    write_up,
                    curates=_curates(organised, write_up.programme_id),
                    snippet=write_up_snippets.get(row.id),
                )
            )
    return entries


# --- The record --------------------------------------------------------------------------------


def record_page(reader: Reader, filters: RecordFilters, page: int = 1) -> RecordPage:
    """One page of the record: newest first, or best match first when searching."""
    terms = search.parse(filters.q)
    rows = _rows(reader, filters, terms)
    # The page and the number of matches in one pass over the matches, which for a search is
    # most of its cost; counting apart only when asked for a page beyond the last.
    counted = _ordered(rows, terms).add_columns(func.count().over().label("total"))
    page = max(page, 1)
    results = db.session.execute(counted.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    if results:
        total = results[0].total
    else:
        total = db.session.scalar(select(func.count()).select_from(rows)) or 0
        last = max(1, math.ceil(total / PER_PAGE))
        if page > last:
            page = last
            results = db.session.execute(
                counted.limit(PER_PAGE).offset((page - 1) * PER_PAGE)
            ).all()
    pages = max(1, math.ceil(total / PER_PAGE))
    featured: list[Entry] = []
    if page == 1 and not filters.active:
        featured_rows = _rows(reader, filters, terms, featured_only=True)
        featured = _entries(
            reader,
            db.session.execute(_ordered(featured_rows, terms).limit(FEATURED_LIMIT)).all(),
            terms,
        )
    return RecordPage(
        entries=_entries(reader, list(results), terms),
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
    return _entries(reader, list(db.session.execute(query).all()), terms)


def feed_entries(programme_slug: str | None = None) -> list[Entry]:
    """The newest public entries, as anyone at all may see them: feeds carry no identity."""
    return all_entries(ANONYMOUS, RecordFilters(programme=programme_slug), limit=FEED_SIZE)


def reflection_entry(reader: Reader, reflection_id: int) -> Entry | None:
    reflection = db.session.scalar(
        select(Reflection)
        .where(Reflection.id == reflection_id, reflection_condition(reader))
        .options(*_reflection_options())
    )
    if reflection is None:
        return None
    organised = _organised_ids(reader)
    return reflection_as_entry(
        reader, reflection, curates=_curates(organised, reflection.programme_id)
    )


def write_up_entry(reader: Reader, write_up_id: int) -> Entry | None:
    write_up = db.session.scalar(
        select(WriteUp)
        .where(WriteUp.id == write_up_id, write_up_condition(reader))
        .options(*_write_up_options())
    )
    if write_up is None:
        return None
    organised = _organised_ids(reader)
    return write_up_as_entry(reader, write_up, curates=_curates(organised, write_up.programme_id))


def entry_exists(kind: EntryKind, entry_id: int) -> bool:
    model = Reflection if kind == EntryKind.REFLECTION else WriteUp
    return db.session.get(model, entry_id) is not None


# --- Choices for the filters -------------------------------------------------------------------


@dataclass
class FilterChoices:
    programmes: list[Programme]
    events: list[Event]
    themes: list[Theme]
    years: list[int]


def filter_choices(reader: Reader, programme_slug: str | None) -> FilterChoices:
    """Programmes with entries that the reader can see the programme of, their years, the
    chosen programme's events, and every theme."""
    # EXISTS, so that each programme is one probe of an index, not a scan of every entry.
    with_entries = or_(
        select(Reflection.id).where(Reflection.programme_id == Programme.id).exists(),
        select(WriteUp.id).where(WriteUp.programme_id == Programme.id).exists(),
    )
    seen = Programme.status.in_(PUBLIC_PROGRAMME_STATUSES)
    organised = _organised_ids(reader)
    if organised is None:
        seen = sa.true()
    elif organised:
        seen = or_(seen, Programme.id.in_(organised))
    programmes = list(
        db.session.scalars(
            select(Programme).where(with_entries, seen).order_by(Programme.starts_on.desc())
        )
    )
    events: list[Event] = []
    chosen = next((p for p in programmes if p.slug == programme_slug), None)
    if chosen is not None:
        query = select(Event).where(Event.programme_id == chosen.id).order_by(Event.title)
        if not _curates(organised, chosen.id):
            query = query.where(Event.status.in_(PUBLIC_EVENT_STATUSES))
        events = list(db.session.scalars(query))
    themes = list(db.session.scalars(select(Theme).order_by(Theme.name)))
    years = sorted({p.starts_on.year for p in programmes}, reverse=True)
    return FilterChoices(programmes=programmes, events=events, themes=themes, years=years)


# --- The learning report -----------------------------------------------------------------------


@dataclass
class ThemeGroup:
    name: str
    slug: str
    entries: list[Entry]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class LearningReport:
    programme: Programme
    entries: list[Entry]
    groups: list[ThemeGroup]
    unthemed: list[Entry]
    principles: Counter[Principle]
    kinds: Counter[EntryKind]


def learning_report(reader: Reader, programme: Programme) -> LearningReport:
    """The programme's entries the reader may see, grouped by theme (an entry with two themes
    is in both groups), the largest group first."""
    entries = all_entries(reader, RecordFilters(programme=programme.slug))
    by_theme: dict[str, ThemeGroup] = {}
    unthemed = []
    principles: Counter[Principle] = Counter()
    for entry in entries:
        principles.update(entry.principles)
        if not entry.themes:
            unthemed.append(entry)
        for theme in entry.themes:
            by_theme.setdefault(theme.slug, ThemeGroup(theme.name, theme.slug, [])).entries.append(
                entry
            )
    groups = sorted(by_theme.values(), key=lambda group: (-group.count, group.name))
    return LearningReport(
        programme=programme,
        entries=entries,
        groups=groups,
        unthemed=unthemed,
        principles=principles,
        kinds=Counter(entry.kind for entry in entries),
    )


# --- The event page, and a person's own --------------------------------------------------------


@dataclass
class EventPractice:
    """What the event page shows of the record, and the reader's way in to it."""

    write_ups: list[Entry]
    reflections_seen: int
    # "reflect", "edit" (has one), "wait" (not over yet), or "" (not for this reader)
    reflection_state: str = ""
    reflection_message: str = ""
    may_write_up: bool = False
    own_write_up_status: WriteUpStatus | None = None


def event_practice(reader: Reader, event: Event, now: datetime) -> EventPractice:
    write_ups = all_entries(
        reader,
        RecordFilters(programme=event.programme.slug, event=event.slug, kind=EntryKind.WRITE_UP),
    )
    reflections_seen = (
        db.session.scalar(
            select(func.count())
            .select_from(Reflection)
            .where(
                Reflection.event_id == event.id,
                Reflection.visibility != Visibility.PRIVATE,
                Reflection.hidden_at.is_(None),
                reflection_condition(reader),
            )
        )
        or 0
    )
    practice = EventPractice(write_ups=write_ups, reflections_seen=reflections_seen)
    if reader.user_id is None or event.status != EventStatus.PUBLISHED:
        return practice
    if own_reflection(event.id, reader.user_id) is not None:
        practice.reflection_state = "edit"
    elif role_at(event.id, reader.user_id) is not None:
        if has_ended(event, now):
            practice.reflection_state = "reflect"
        else:
            practice.reflection_state = "wait"
    if speaker_profile(event.id, reader.user_id) is not None:
        practice.may_write_up = True
        own = own_write_up(event.id, reader.user_id)
        practice.own_write_up_status = own.status if own is not None else None
    return practice


@dataclass
class AwaitingReflection:
    event: Event
    ended_at: datetime


@dataclass
class MyPractice:
    awaiting: list[AwaitingReflection]
    reflections: list[Entry]
    write_ups: list[Entry]


def my_practice(reader: Reader, now: datetime) -> MyPractice:
    """The person's reflections and write-ups, and the events they may still reflect on."""
    assert reader.user_id is not None
    user_id = reader.user_id
    reflections = list(
        db.session.scalars(
            select(Reflection)
            .where(Reflection.author_id == user_id)
            .options(*_reflection_options())
            .order_by(Reflection.created_at.desc())
        )
    )
    write_ups = list(
        db.session.scalars(
            select(WriteUp)
            .join(Speaker, Speaker.id == WriteUp.speaker_id)
            .where(Speaker.user_id == user_id)
            .options(*_write_up_options())
            .order_by(WriteUp.updated_at.desc())
        )
    )
    reflected = {r.event_id for r in reflections}
    taking_part = union_all(
        select(Registration.event_id).where(
            Registration.user_id == user_id, Registration.status.in_(TAKING_PART)
        ),
        select(EventSpeaker.event_id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id),
    )
    events = db.session.scalars(
        select(Event)
        .where(Event.id.in_(taking_part), Event.status == EventStatus.PUBLISHED)
        .options(selectinload(Event.sessions), selectinload(Event.programme))
    )
    awaiting = []
    for event in events:
        if event.id in reflected or event.programme.status not in PUBLIC_PROGRAMME_STATUSES:
            continue
        end = last_session_end(event)
        if end is not None and end <= now:
            awaiting.append(AwaitingReflection(event, end))
    awaiting.sort(key=lambda item: item.ended_at, reverse=True)
    organised = _organised_ids(reader)
    return MyPractice(
        awaiting=awaiting,
        reflections=[
            reflection_as_entry(reader, r, curates=_curates(organised, r.programme_id))
            for r in reflections
        ],
        write_ups=[
            write_up_as_entry(reader, w, curates=_curates(organised, w.programme_id))
            for w in write_ups
        ],
    )
