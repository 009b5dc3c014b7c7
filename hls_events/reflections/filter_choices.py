"""The practice record's filter choices: the programmes with entries that the reader can see,
their years, every theme, and a chosen programme's events and learning communities.

They are the same for every search until content changes, so each worker reads them once a
content revision for each kind of reader (a visitor, an organiser of some programmes, a site
admin) and language (kept_values.py); a search no longer reads them itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import func, or_, select

from ..bilingual import localised_text
from ..extensions import db
from ..i18n import current_language
from ..kept_values import shared_at_revision
from ..models import Community, CommunityStatus, Event, Programme, Reflection, Theme, WriteUp
from ..visibility import PUBLIC_EVENT_STATUSES, is_one_of, public_programme_clause
from .entries import curates_in, organised_ids
from .visibility import Reader


class Choice(NamedTuple):
    """One option of a filter: what the query string carries, and what the reader sees."""

    slug: str
    label: str


@dataclass(frozen=True)
class FilterChoices:
    programmes: tuple[Choice, ...]
    events: tuple[Choice, ...]
    themes: tuple[Choice, ...]
    years: tuple[int, ...]
    communities: tuple[Choice, ...] = ()


@functools.cache
def _programme_choices(shape: str) -> sa.Select[*tuple[Any, ...]]:
    """The statement choosing the programmes, built once per worker for each shape of reader:
    for every programme (a site admin), for the public ones and those the reader organises,
    or for the public ones alone."""
    # Each programme one probe of the programme_id index: the first id from the programme's
    # own on is the programme's if it has an entry. (EXISTS with "=" let PostgreSQL scan every
    # reflection for a programme with none, when most reflections are of one programme.)
    with_entries = or_(
        select(func.min(Reflection.programme_id))
        .where(Reflection.programme_id >= Programme.id)
        .scalar_subquery()
        == Programme.id,
        select(func.min(WriteUp.programme_id))
        .where(WriteUp.programme_id >= Programme.id)
        .scalar_subquery()
        == Programme.id,
    )
    seen: sa.ColumnElement[bool] = public_programme_clause()
    if shape == "every":
        seen = sa.true()
    elif shape == "organised":
        seen = or_(seen, Programme.id.in_(sa.bindparam("organised", expanding=True)))
    return (
        select(
            Programme.id, Programme.slug, Programme.title, Programme.title_cy, Programme.starts_on
        )
        .where(with_entries, seen)
        .order_by(Programme.starts_on.desc())
    )


def _in_readers_order(rows: Iterable[Any], field: str) -> tuple[Choice, ...]:
    """Choices labelled in the reader's language and listed by that label: Welsh titles in
    Welsh order for a Welsh reader (``rows`` have ``slug``, ``field`` and its ``_cy``)."""
    choices = (Choice(row.slug, localised_text(row, field)) for row in rows)
    return tuple(sorted(choices, key=attrgetter("label")))


class _RecordChoices(NamedTuple):
    """The choices every search by such a reader offers, and the programmes' ids by slug."""

    programmes: tuple[Choice, ...]
    programme_ids: Mapping[str, int]
    themes: tuple[Choice, ...]
    years: tuple[int, ...]


def _record_choices(shape: str, organised: list[int]) -> _RecordChoices:
    programmes = db.session.execute(_programme_choices(shape), {"organised": organised}).all()
    themes = db.session.execute(select(Theme.slug, Theme.name).order_by(Theme.name))
    return _RecordChoices(
        programmes=tuple(Choice(p.slug, localised_text(p, "title")) for p in programmes),
        programme_ids=MappingProxyType({p.slug: p.id for p in programmes}),
        themes=tuple(Choice(*t) for t in themes),
        years=tuple(sorted({p.starts_on.year for p in programmes}, reverse=True)),
    )


def _programme_filter_choices(
    programme_id: int, public: bool
) -> tuple[tuple[Choice, ...], tuple[Choice, ...]]:
    """A chosen programme's events and communities."""
    community_rows = select(
        Community.slug, Community.name, Community.name_cy, Community.event_id
    ).where(Community.programme_id == programme_id)
    if public:
        community_rows = community_rows.where(Community.status != CommunityStatus.DRAFT)
    found = db.session.execute(community_rows.order_by(Community.name)).all()
    # A community's meetings are the sessions of its series event, which is no event of the
    # programme of its own: the community is the way to them.
    event_rows = select(Event.slug, Event.title, Event.title_cy).where(
        Event.programme_id == programme_id, Event.id.not_in([c.event_id for c in found])
    )
    if public:
        event_rows = event_rows.where(is_one_of(Event.status, PUBLIC_EVENT_STATUSES))
    events = _in_readers_order(db.session.execute(event_rows.order_by(Event.title)), "title")
    return events, _in_readers_order(found, "name")


def filter_choices(reader: Reader, programme_slug: str | None) -> FilterChoices:
    """Programmes with entries that the reader can see the programme of, their years, the
    chosen programme's events, and every theme. The same for every search at a content
    revision: each worker builds them once a revision for each kind of reader and language."""
    organised = organised_ids(reader)
    shape = "every" if organised is None else "organised" if organised else "public"
    mine = sorted(organised or ())
    language = current_language()
    choices = shared_at_revision(
        ("record filter choices", language, shape, tuple(mine)),
        lambda: _record_choices(shape, mine),
    )
    events: tuple[Choice, ...] = ()
    communities: tuple[Choice, ...] = ()
    chosen = choices.programme_ids.get(programme_slug or "")
    if chosen is not None:
        public = not curates_in(organised, chosen)
        events, communities = shared_at_revision(
            ("record programme filter choices", language, chosen, public),
            lambda: _programme_filter_choices(chosen, public),
        )
    return FilterChoices(
        programmes=choices.programmes,
        events=events,
        themes=choices.themes,
        years=choices.years,
        communities=communities,
    )
