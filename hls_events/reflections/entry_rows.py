"""Entries made from plain rows: a page of the record, the single entry page, exports, feeds
and a person's own list all read their entries here, in a fixed number of statements whatever
the number of entries.

The rows are Core rows, not ORM objects: for a page of search results, making the 20 shown
reflections, events, programmes, authors and themes into ORM objects cost more than ranking
the thousands of matches. The statements are built once per worker; the ids are bound when
they run. Who may read what is decided before: the rows given here are ones the reader may see
(visibility.py).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from psycopg.types.numeric import Int4
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from ..bilingual import localised_text
from ..extensions import db
from ..models import (
    Community,
    CommunityMeeting,
    Event,
    Programme,
    Reflection,
    Speaker,
    Theme,
    User,
    Visibility,
    WriteUp,
    WriteUpStatus,
    event_themes,
    reflection_themes,
)
from ..models.reflection import principles_in
from ..registrations.tables import table_of
from ..translation import gettext
from . import search
from .entries import (
    Entry,
    EntryCommunity,
    EntryEvent,
    EntryKind,
    EntryProgramme,
    EntryTheme,
    curates_in,
    organised_ids,
)
from .search import SearchTerms
from .snippets import marked_snippet
from .visibility import Reader, byline, is_author


class EntryRef(NamedTuple):
    """Which entry: its kind and id, as the record's queries return them."""

    kind: EntryKind
    id: int


REFLECTIONS = table_of(Reflection)
WRITE_UPS = table_of(WriteUp)
EVENTS = table_of(Event)
PROGRAMMES = table_of(Programme)
USERS = table_of(User)
SPEAKERS = table_of(Speaker)
_IDS = "shown_ids"
_SESSION_IDS = "shown_session_ids"


def _shown(column: sa.ColumnElement[Any], dialect: str, name: str = _IDS) -> sa.ColumnElement[bool]:
    """The shown ids. On PostgreSQL one array, so that a statement's text is the same however
    many entries a page shows: prepared and planned once, where a list of placeholders made a
    text for each number of ids, each planned again on every run (a third of a millisecond)."""
    if dialect == "postgresql":
        return column == sa.any_(sa.bindparam(name, type_=_IdArray()))
    return column.in_(sa.bindparam(name, expanding=True))


class _IdArray(sa.types.TypeDecorator[list[int]]):
    """Ids as one PostgreSQL integer[] whatever their size: psycopg would send small ids as
    int2[] and larger ones as int4[], two statements to prepare and plan."""

    impl = postgresql.ARRAY(sa.Integer)
    cache_ok = True

    def process_bind_param(self, value: list[int] | None, dialect: Any) -> list[Int4] | None:
        return None if value is None else [Int4(number) for number in value]


# What an entry shows of each reflection and write-up.
REFLECTION_COLUMNS = (
    "id", "programme_id", "event_id", "session_id", "author_id", "answers", "body", "principles",
    "visibility", "attribution", "featured", "hidden_at", "hidden_reason", "created_at",
    "updated_at",
)  # fmt: skip
WRITE_UP_COLUMNS = (
    "id", "programme_id", "event_id", "title", "body", "slides_url", "recording_url", "status",
    "published_at", "featured", "hidden_at", "hidden_reason", "updated_at",
)  # fmt: skip


def place_columns() -> tuple[sa.ColumnElement[Any], ...]:
    """What every entry shows of its event and programme."""
    return (
        EVENTS.c.slug.label("event_slug"),
        EVENTS.c.title.label("event_title"),
        EVENTS.c.title_cy.label("event_title_cy"),
        PROGRAMMES.c.slug.label("programme_slug"),
        PROGRAMMES.c.title.label("programme_title"),
        PROGRAMMES.c.timezone.label("programme_timezone"),
        PROGRAMMES.c.title_cy.label("programme_title_cy"),
    )


def reflection_columns(dialect: str, r: Any, prefix: str = "") -> list[sa.ColumnElement[Any]]:
    """What an entry shows of reflection ``r``, the author's name and themes beside it."""
    return [
        *(r.c[name].label(prefix + name) for name in REFLECTION_COLUMNS),
        USERS.c.name.label(prefix + "author_name"),
        _themes_of(
            dialect,
            reflection_themes,
            reflection_themes.c.reflection_id == r.c.id,
            prefix + "theme_pairs",
        ),
    ]


def write_up_columns(dialect: str, w: Any, prefix: str = "") -> list[sa.ColumnElement[Any]]:
    """What an entry shows of write-up ``w``, its speaker and its themes (its event's)."""
    return [
        *(w.c[name].label(prefix + name) for name in WRITE_UP_COLUMNS),
        SPEAKERS.c.name.label(prefix + "speaker_name"),
        SPEAKERS.c.user_id.label(prefix + "speaker_user_id"),
        _themes_of(
            dialect, event_themes, event_themes.c.event_id == w.c.event_id, prefix + "theme_pairs"
        ),
    ]


def _shown_rows(dialect: str, table: sa.Table, columns: list[Any]) -> sa.Select[Any]:
    """The shown rows of ``table`` (reflections or write-ups) with their event and programme."""
    return (
        select(*columns, *place_columns())
        .join_from(table, EVENTS, EVENTS.c.id == table.c.event_id)
        .join(PROGRAMMES, PROGRAMMES.c.id == table.c.programme_id)
        .where(_shown(table.c.id, dialect))
    )


@functools.cache
def _reflections_statement(dialect: str) -> sa.Select[Any]:
    r = REFLECTIONS
    rows = _shown_rows(dialect, r, reflection_columns(dialect, r))
    return rows.outerjoin(USERS, USERS.c.id == r.c.author_id)


@functools.cache
def _write_ups_statement(dialect: str) -> sa.Select[Any]:
    w = WRITE_UPS
    rows = _shown_rows(dialect, w, write_up_columns(dialect, w))
    return rows.join(SPEAKERS, SPEAKERS.c.id == w.c.speaker_id)


def _themes_of(
    dialect: str, links: sa.Table, owned: sa.ColumnElement[bool], name: str
) -> sa.Label[Any]:
    """The row's themes as one JSON list of [slug, name], read with the row rather than by a
    statement of their own (0.3 ms of a search's worker time, in-process)."""
    themes = table_of(Theme)
    if dialect == "postgresql":
        pairs = sa.func.json_agg(sa.func.json_build_array(themes.c.slug, themes.c.name))
    else:
        pairs = sa.func.json_group_array(sa.func.json_array(themes.c.slug, themes.c.name))
    listed = (
        select(sa.type_coerce(pairs, sa.JSON))
        .select_from(links)
        .join(themes, themes.c.id == links.c.theme_id)
        .where(owned)
    )
    return listed.scalar_subquery().label(name)


def _themes(row: Any) -> list[EntryTheme]:
    """The row's themes by name, as a list of its own."""
    return sorted(
        (EntryTheme(slug, name) for slug, name in row.theme_pairs or ()),
        key=lambda theme: (theme.name, theme.slug),
    )


@functools.cache
def _communities_statement(dialect: str) -> sa.Select[Any]:
    communities = table_of(Community)
    meetings = table_of(CommunityMeeting)
    return (
        select(
            meetings.c.session_id,
            communities.c.slug,
            communities.c.name,
            communities.c.event_id,
            communities.c.name_cy,
        )
        .join(communities, communities.c.id == meetings.c.community_id)
        .where(_shown(meetings.c.session_id, dialect, _SESSION_IDS))
    )


def entries_for_rows(
    reader: Reader, rows: Sequence[Any], terms: SearchTerms | None = None
) -> list[Entry]:
    """Entries for ``rows`` (anything with ``kind`` and ``id``), in their order: a statement
    for the reflections and one for the write-ups, each with its themes, and one for
    communities when a reflection is on a meeting; when searching, each with its snippet
    (snippets.py)."""
    wanted: dict[str, list[int]] = {EntryKind.REFLECTION: [], EntryKind.WRITE_UP: []}
    for row in rows:
        wanted[row.kind].append(row.id)
    reflection_ids, write_up_ids = wanted[EntryKind.REFLECTION], wanted[EntryKind.WRITE_UP]
    if not reflection_ids and not write_up_ids:
        return []
    execute = db.session.execute
    dialect = db.engine.dialect.name
    reflections = (
        {r.id: r for r in execute(_reflections_statement(dialect), {_IDS: reflection_ids})}
        if reflection_ids
        else {}
    )
    write_ups = (
        {w.id: w for w in execute(_write_ups_statement(dialect), {_IDS: write_up_ids})}
        if write_up_ids
        else {}
    )
    return entries_from(reader, rows, reflections, write_ups, terms)


def entries_from(
    reader: Reader,
    rows: Sequence[Any],
    reflections: dict[int, Any],
    write_ups: dict[int, Any],
    terms: SearchTerms | None,
) -> list[Entry]:
    if not reflections and not write_ups:
        return []
    words, dialect = terms or SearchTerms(), db.engine.dialect.name
    sessions = {r.session_id for r in reflections.values() if r.session_id is not None}
    communities: dict[int, EntryCommunity] = {}
    if sessions:
        found = db.session.execute(_communities_statement(dialect), {_SESSION_IDS: list(sessions)})
        communities = {row.session_id: EntryCommunity(*row[1:]) for row in found}
    organised = organised_ids(reader)
    entries: list[Entry] = []
    for row in rows:
        if row.kind == EntryKind.REFLECTION and row.id in reflections:
            reflection = reflections[row.id]
            snippet = marked_snippet(reflection.body, words, dialect)
            entries.append(
                _reflection_entry(
                    reader,
                    reflection,
                    themes=_themes(reflection),
                    curates=curates_in(organised, reflection.programme_id),
                    snippet=snippet,
                    community=communities.get(reflection.session_id),
                )
            )
        elif row.kind == EntryKind.WRITE_UP and row.id in write_ups:
            write_up = write_ups[row.id]
            snippet = marked_snippet(write_up.body, words, dialect)
            entries.append(
                _write_up_entry(
                    reader,
                    write_up,
                    themes=_themes(write_up),
                    curates=curates_in(organised, write_up.programme_id),
                    snippet=snippet,
                )
            )
    return entries


def _programme_and_event(row: Any) -> tuple[EntryProgramme, EntryEvent]:
    return (
        EntryProgramme(
            row.programme_id,
            row.programme_slug,
            row.programme_title,
            row.programme_timezone,
            row.programme_title_cy,
        ),
        EntryEvent(row.event_id, row.event_slug, row.event_title, row.event_title_cy),
    )


def _reflection_entry(
    reader: Reader,
    row: Any,
    *,
    themes: list[EntryTheme],
    curates: bool,
    snippet: str | None,
    community: EntryCommunity | None,
) -> Entry:
    own = is_author(reader, row.author_id)
    programme, event = _programme_and_event(row)
    return Entry(
        kind=EntryKind.REFLECTION,
        id=row.id,
        title=gettext("Reflection on %(event)s", event=localised_text(event, "title")),
        byline=byline(row.attribution, row.author_name),
        programme=programme,
        event=event,
        written_at=row.created_at,
        updated_at=row.updated_at,
        themes=themes,
        principles=principles_in(row.principles),
        answers=[item for item in row.answers if item.get("answer")],
        text=row.body,
        snippet=search.highlight(snippet) if snippet else None,
        featured=row.featured,
        hidden=row.hidden_at is not None,
        hidden_reason=row.hidden_reason if (own or curates) else "",
        visibility=row.visibility,
        attribution=row.attribution,
        published=row.visibility != Visibility.PRIVATE,
        own=own,
        curates=curates,
        session_id=row.session_id,
        community=community,
    )


def _write_up_entry(
    reader: Reader, row: Any, *, themes: list[EntryTheme], curates: bool, snippet: str | None
) -> Entry:
    own = reader.user_id is not None and row.speaker_user_id == reader.user_id
    programme, event = _programme_and_event(row)
    return Entry(
        kind=EntryKind.WRITE_UP,
        id=row.id,
        title=row.title,
        byline=row.speaker_name,
        programme=programme,
        event=event,
        written_at=row.published_at or row.updated_at,
        updated_at=row.updated_at,
        themes=themes,
        text=row.body,
        snippet=search.highlight(snippet) if snippet else None,
        slides_url=row.slides_url,
        recording_url=row.recording_url,
        featured=row.featured,
        hidden=row.hidden_at is not None,
        hidden_reason=row.hidden_reason if (own or curates) else "",
        published=row.status == WriteUpStatus.PUBLISHED,
        own=own,
        curates=curates,
    )
