"""The record's page in one statement: the ranked page of rows with what each shown reflection
or write-up shows joined to it, where reading them after the page took two more statements (a
new search's worker time on PostgreSQL: 0.5 ms less, and as much again of the server's)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import select

from .entries import Entry, EntryKind
from .entry_rows import (
    EVENTS,
    PROGRAMMES,
    REFLECTIONS,
    SPEAKERS,
    USERS,
    WRITE_UPS,
    entries_from,
    place_columns,
    reflection_columns,
    write_up_columns,
)
from .search import SearchTerms
from .visibility import Reader


def with_details(page: sa.Select[Any], dialect: str) -> sa.Select[Any]:
    """``page``, a page of the record's rows (kind, id, sort_at, rank and total, in order),
    with what each shown reflection or write-up shows joined to it (``entries_for_page``)."""
    shown = page.subquery("page")
    r, w = REFLECTIONS, WRITE_UPS
    return (
        select(
            shown.c.kind,
            shown.c.id,
            shown.c.total,
            *reflection_columns(dialect, r, "r_"),
            *write_up_columns(dialect, w, "w_"),
            *place_columns(),
        )
        .select_from(shown)
        .outerjoin(r, sa.and_(shown.c.kind == EntryKind.REFLECTION.value, r.c.id == shown.c.id))
        .outerjoin(USERS, USERS.c.id == r.c.author_id)
        .outerjoin(w, sa.and_(shown.c.kind == EntryKind.WRITE_UP.value, w.c.id == shown.c.id))
        .outerjoin(SPEAKERS, SPEAKERS.c.id == w.c.speaker_id)
        .join(EVENTS, EVENTS.c.id == sa.func.coalesce(r.c.event_id, w.c.event_id))
        .join(PROGRAMMES, PROGRAMMES.c.id == sa.func.coalesce(r.c.programme_id, w.c.programme_id))
        .order_by(*record_order(shown))
    )


def record_order(
    rows: sa.Subquery | sa.CTE, ranked: bool = True
) -> tuple[sa.ColumnElement[Any], ...]:
    """The record's order: best match first when ``ranked``, then newest, kind and id. A page
    keeps it ranked either way: a listing's rank is the same for every row."""
    newest = (rows.c.sort_at.desc(), rows.c.kind, rows.c.id.desc())
    return (rows.c.rank.desc(), *newest) if ranked else newest


# A shown reflection's or write-up's row as its own statement returns it (entry_rows), cut from
# a page's: the same columns, by the same names.
_REFLECTION_NAMES = [column.name for column in reflection_columns("sqlite", REFLECTIONS)]
_WRITE_UP_NAMES = [column.name for column in write_up_columns("sqlite", WRITE_UPS)]
_PLACE_NAMES = [column.name for column in place_columns()]
_ReflectionRow = NamedTuple(  # type: ignore[misc]
    "_ReflectionRow", [(name, Any) for name in (*_REFLECTION_NAMES, *_PLACE_NAMES)]
)
_WriteUpRow = NamedTuple(  # type: ignore[misc]
    "_WriteUpRow", [(name, Any) for name in (*_WRITE_UP_NAMES, *_PLACE_NAMES)]
)
_R = slice(3, 3 + len(_REFLECTION_NAMES))  # after kind, id and total
_W = slice(_R.stop, _R.stop + len(_WRITE_UP_NAMES))
_P = slice(_W.stop, None)


def entries_for_page(
    reader: Reader, rows: Sequence[Any], terms: SearchTerms | None = None
) -> list[Entry]:
    """Entries for the rows of a ``with_details`` statement, in their order."""
    reflections: dict[int, Any] = {}
    write_ups: dict[int, Any] = {}
    for row in rows:
        if row.kind == EntryKind.REFLECTION:
            reflections[row.id] = _ReflectionRow._make(row[_R] + row[_P])
        else:
            write_ups[row.id] = _WriteUpRow._make(row[_W] + row[_P])
    return entries_from(reader, rows, reflections, write_ups, terms)
