"""A reflection or write-up as one reader may see it: the shape every page, export and feed of
the practice record shows, made from the rows the reader's queries return."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..lazy_text import _l
from ..markdown import render_markdown
from ..models import (
    Attribution,
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
    programme_organisers,
)
from ..translation import gettext
from . import search
from .search import SearchTerms
from .visibility import Reader, byline, is_author

EXCERPT_LENGTH = 280


class EntryKind(enum.StrEnum):
    REFLECTION = "reflection"
    WRITE_UP = "write_up"

    @property
    def label(self) -> str:
        return str({"reflection": _l("Reflection"), "write_up": _l("Write-up")}[self.value])


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
    # A reflection on a learning community's meeting: the meeting, and (set by
    # ``with_communities``) its community, whose page stands for the members-only event.
    session_id: int | None = None
    community: Community | None = None

    @property
    def is_reflection(self) -> bool:
        return self.kind == EntryKind.REFLECTION

    @property
    def on_community_series(self) -> bool:
        """About a meeting held on the community's own (members-only) event, not a taster."""
        return self.community is not None and self.community.event_id == self.event.id


def with_communities(entries: list[Entry]) -> list[Entry]:
    """Give reflections on community meetings their community, in one statement."""
    sessions = {entry.session_id for entry in entries if entry.session_id is not None}
    if not sessions:
        return entries
    found = dict(
        db.session.execute(
            select(CommunityMeeting.session_id, Community)
            .join(Community, Community.id == CommunityMeeting.community_id)
            .where(CommunityMeeting.session_id.in_(sessions))
        ).all()
    )
    for entry in entries:
        if entry.session_id is not None:
            entry.community = found.get(entry.session_id)
    return entries


def organised_ids(reader: Reader) -> set[int] | None:
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


def curates_in(organised: set[int] | None, programme_id: int) -> bool:
    return organised is None or programme_id in organised


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_LENGTH:
        return flat
    return flat[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"


def reflection_options() -> list[Any]:
    """What an entry shows, in two statements: what each row has one of, joined; its themes."""
    return [
        joinedload(Reflection.event, innerjoin=True),
        joinedload(Reflection.programme, innerjoin=True),
        joinedload(Reflection.author),
        selectinload(Reflection.themes),
    ]


def write_up_options() -> list[Any]:
    return [
        joinedload(WriteUp.event, innerjoin=True).selectinload(Event.themes),
        joinedload(WriteUp.programme, innerjoin=True),
        joinedload(WriteUp.speaker, innerjoin=True),
    ]


def reflection_as_entry(
    reader: Reader, reflection: Reflection, *, curates: bool, snippet: str | None = None
) -> Entry:
    own = is_author(reader, reflection)
    return Entry(
        kind=EntryKind.REFLECTION,
        id=reflection.id,
        title=gettext("Reflection on %(event)s", event=reflection.event.title),
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
        session_id=reflection.session_id,
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


# The indexed text columns, and a write-up's title counting ten times its body in ranking.
REFLECTION_COLUMNS = ("body",)
WRITE_UP_COLUMNS = ("title", "body")
WRITE_UP_WEIGHTS = (10.0, 1.0)
_INDEXED: dict[str, tuple[tuple[str, ...], tuple[float, ...] | None]] = {
    "reflections": (REFLECTION_COLUMNS, None),
    "write_ups": (WRITE_UP_COLUMNS, WRITE_UP_WEIGHTS),
}


# The statements that load a page's entries and their snippets, built once per worker (by
# dialect and table): the ids and the words are bound when they run.
_BUILT: dict[tuple[str, str], Any] = {}
_IDS = "shown_ids"


def _snippet_statement(dialect: str, model: Any, terms: SearchTerms) -> Any:
    table = model.__table__
    built = _BUILT.get((dialect, f"{table.name} snippets"))
    if built is None:
        columns, weights = _INDEXED[table.name]
        match = search.text_match(dialect, terms, table=table, columns=columns, weights=weights)
        # SQLite: by the FTS table's rowid, looked up one by one, not joined (every match read).
        source = match.join_target if match.join_target is not None else table
        key = source.c.rowid if match.join_target is not None else table.c.id
        built = (
            select(key, match.snippet)
            .select_from(source)
            .where(match.condition, key.in_(sa.bindparam(_IDS, expanding=True)))
        )
        _BUILT[(dialect, f"{table.name} snippets")] = built
    return built


def _snippets(terms: SearchTerms, model: Any, ids: list[int]) -> dict[int, str]:
    """The marked snippets of the rows shown, by id: for a page's rows only, since making one
    for every match (thousands, for a common word) costs far more than ranking them."""
    if terms.is_empty or not ids:
        return {}
    dialect = db.engine.dialect.name
    statement = _snippet_statement(dialect, model, terms)
    words = search.parameters(dialect, terms)
    return dict(db.session.execute(statement, {**words, _IDS: ids}).all())


def _loading(model: Any, options: list[Any]) -> Any:
    built = _BUILT.get(("", model.__tablename__))
    if built is None:
        built = select(model).where(model.id.in_(sa.bindparam(_IDS, expanding=True)))
        _BUILT[("", model.__tablename__)] = built = built.options(*options)
    return built


def entries_for_rows(
    reader: Reader, rows: Sequence[Any], terms: SearchTerms | None = None
) -> list[Entry]:
    """Load the rows' reflections and write-ups (two statements and their eager loads, and
    two more for snippets when searching) and make entries in the rows' order."""
    reflection_ids = [row.id for row in rows if row.kind == EntryKind.REFLECTION]
    write_up_ids = [row.id for row in rows if row.kind == EntryKind.WRITE_UP]
    terms = terms or SearchTerms()
    reflection_snippets = _snippets(terms, Reflection, reflection_ids)
    write_up_snippets = _snippets(terms, WriteUp, write_up_ids)
    reflections: dict[int, Reflection] = {}
    if reflection_ids:
        statement = _loading(Reflection, reflection_options())
        reflections = {r.id: r for r in db.session.scalars(statement, {_IDS: reflection_ids})}
    write_ups: dict[int, WriteUp] = {}
    if write_up_ids:
        statement = _loading(WriteUp, write_up_options())
        write_ups = {w.id: w for w in db.session.scalars(statement, {_IDS: write_up_ids})}
    organised = organised_ids(reader)
    entries: list[Entry] = []
    for row in rows:
        if row.kind == EntryKind.REFLECTION and row.id in reflections:
            reflection = reflections[row.id]
            entries.append(
                reflection_as_entry(
                    reader,
                    reflection,
                    curates=curates_in(organised, reflection.programme_id),
                    snippet=reflection_snippets.get(row.id),
                )
            )
        elif row.kind == EntryKind.WRITE_UP and row.id in write_ups:
            write_up = write_ups[row.id]
            entries.append(
                write_up_as_entry(
                    reader,
                    write_up,
                    curates=curates_in(organised, write_up.programme_id),
                    snippet=write_up_snippets.get(row.id),
                )
            )
    return with_communities(entries)
