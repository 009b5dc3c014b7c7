"""Building the practice record's full-text query. Pure: no Flask, no models.

What a person types (``?q=``) is parsed here into words and "quoted phrases", and only those
reach the database, each quoted, so no search syntax of FTS5 or PostgreSQL is ever taken from
the visitor: every word must match (stemmed: "learning" finds "learned"), a phrase must match
in order. The same terms become an FTS5 MATCH expression on SQLite and a websearch_to_tsquery
on PostgreSQL. Welsh is found too: FTS5 folds accents ("dwr" finds "dŵr"); on PostgreSQL a
second, "simple" index (no stemming, no English stop words, accents folded) is searched beside
the English one.

Matches are marked in snippets with two control characters that stored text never contains
(``clean_text`` removes them on the way in); ``highlight`` escapes the snippet and only then
turns the marks into <mark> elements, so the entry's own text can never become markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.sql.elements import ColumnElement

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# Control characters other than tab and line ends: never part of anything people write.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


# Welsh (and other Latin) vowels with accents, and what they fold to on PostgreSQL: as
# search_vector_simple folds the stored text (migration 0016_welsh_content). SQLite's FTS5
# tokenizer folds them itself (remove_diacritics 2).
FOLD_FROM = "âêîôûŵŷÂÊÎÔÛŴŶáéíóúẃýÁÉÍÓÚẂÝàèìòùẁỳÀÈÌÒÙẀỲäëïöüẅÿÄËÏÖÜẄŸ"
FOLD_TO = "aeiouwyAEIOUWYaeiouwyAEIOUWYaeiouwyAEIOUWYaeiouwyAEIOUWY"
FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """Text with Welsh accents folded: "dŵr" is "dwr"."""
    return unicodedata.normalize("NFC", text).translate(FOLD_TABLE)


def clean_text(text: str) -> str:
    """Text as stored: no control characters (so never a snippet mark), Unix line ends."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class SearchTerms:
    """Words and phrases, each a tuple of words; all must match."""

    terms: tuple[tuple[str, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def to_fts5(self) -> str:
        """An FTS5 MATCH expression: each term a quoted string (a phrase if several words)."""
        return " ".join('"' + " ".join(term) + '"' for term in self.terms)

    def to_websearch(self) -> str:
        """Input for PostgreSQL's websearch_to_tsquery: quoted terms, so no OR or -word."""
        return " ".join('"' + " ".join(term) + '"' for term in self.terms)


def parse(query: str | None) -> SearchTerms:
    """Words and "quoted phrases" from what was typed; punctuation separates words."""
    terms: list[tuple[str, ...]] = []
    for phrase, word in _PHRASE_OR_WORD.findall(clean_text(query or "")):
        words = tuple(w[:MAX_TERM_LENGTH] for w in _WORD.findall(phrase or word))
        if not words:
            continue
        if phrase:
            terms.append(words)
        else:
            terms.extend((w,) for w in words)
    unique = list(dict.fromkeys(terms))
    return SearchTerms(tuple(unique[:MAX_TERMS]))


def highlight(snippet: str | None) -> Markup:
    """A snippet with its matches in <mark>, every other character escaped."""
    if not snippet:
        return Markup("")
    flat = " ".join(snippet.split())
    if not _BALANCED.fullmatch(flat):
        # Never from the databases' snippets; shown, then, without marks.
        flat = flat.replace(MARK_START, "").replace(MARK_END, "")
    # Escaping leaves the two marks as they are: each becomes its element.
    return Markup(str(escape(flat)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


# Text in which each mark that opens closes before the next opens.
_UNMARKED = f"[^{MARK_START}{MARK_END}]*"
_BALANCED = re.compile(f"{_UNMARKED}(?:{MARK_START}{_UNMARKED}{MARK_END}{_UNMARKED})*")


@dataclass(frozen=True)
class TextMatch:
    """The pieces a query over one table needs: what to join, the condition, and per row a
    rank (higher is better)."""

    join_target: sa.TableClause | None
    join_on: ColumnElement[bool] | None
    condition: ColumnElement[bool]
    rank: ColumnElement[float]


def text_match(
    dialect: str,
    terms: SearchTerms,
    *,
    table: sa.Table,
    weights: tuple[float, ...] | None = None,
    everyone: bool = False,
) -> TextMatch:
    """Full-text matching over ``table`` (reflections or write_ups) by the database's own
    index: on SQLite the FTS5 table ``<singular>_search`` named in migration 0005, whose rowid
    is the row's id; on PostgreSQL the table's generated ``search_vector``.

    ``weights`` rank a match in one indexed column above another (SQLite's bm25 column
    weights). ``everyone``: the reader may see only what everyone may (a visitor), so on SQLite
    the reflections are matched in ``reflection_search_public`` (migration 0020), which holds
    only those; the caller's visibility condition still applies.
    """
    if terms.is_empty:
        raise ValueError("no search terms")
    if dialect == "sqlite":
        fts_name = _FTS_TABLES[table.name]
        if everyone and table.name in _PUBLIC_FTS_TABLES:
            fts_name = _PUBLIC_FTS_TABLES[table.name]
        fts = sa.table(fts_name, sa.column("rowid"))
        fts_ref: sa.ColumnClause[Any] = sa.literal_column(fts_name)
        match = fts_ref.op("MATCH")(_words("search_fts5", terms.to_fts5()))
        bm25_args: list[object] = [fts_ref, *(weights or ())]
        return TextMatch(
            join_target=fts,
            join_on=fts.c.rowid == table.c.id,
            condition=match,
            # bm25 is better the more negative it is.
            rank=-sa.func.bm25(*bm25_args),
        )
    if dialect == "postgresql":
        # English stemmed ("learning" finds "learned"), or word for word with Welsh accents
        # folded ("dwr" finds "dŵr"; English stop words such as "a" and "i" are Welsh words).
        english = _tsquery("english", "search_words", terms.to_websearch())
        simple = _tsquery("simple", "search_folded", fold(terms.to_websearch()))
        vector: sa.ColumnClause[Any] = sa.literal_column(f"{table.name}.search_vector")
        simple_vector: sa.ColumnClause[Any] = sa.literal_column(
            f"{table.name}.search_vector_simple"
        )
        matches_english = vector.op("@@")(english)
        return TextMatch(
            join_target=None,
            join_on=None,
            condition=sa.or_(matches_english, simple_vector.op("@@")(simple)),
            # By the English index where the words match it, else by the folded one: each
            # match ranked once, on the index that found it.
            rank=sa.case(
                (matches_english, sa.func.ts_rank(vector, english)),
                else_=sa.func.ts_rank(simple_vector, simple),
            ),
        )
    raise NotImplementedError(f"full-text search is not set up for {dialect}")


def parameters(dialect: str, terms: SearchTerms) -> dict[str, str]:
    """The words of ``terms`` by the names ``text_match`` binds them to: a statement built for
    other words runs with these (the record keeps its statements built, record.py)."""
    if terms.is_empty:
        return {}
    if dialect == "sqlite":
        return {"search_fts5": terms.to_fts5()}
    return {"search_words": terms.to_websearch(), "search_folded": fold(terms.to_websearch())}


def _words(name: str, text: str) -> sa.BindParameter[str]:
    return sa.bindparam(name, text, type_=sa.String)


def _tsquery(configuration: str, name: str, text: str) -> sa.ColumnElement[Any]:
    """The query as a subquery of its own: PostgreSQL makes it once a run (an InitPlan), where a
    function of a bound word in a prepared statement's generic plan is made again for every row
    it is compared with; and it still finds the rows by the index."""
    return sa.select(
        sa.func.websearch_to_tsquery(
            sa.literal_column(f"'{configuration}'::regconfig"), _words(name, text)
        )
    ).scalar_subquery()


_FTS_TABLES = {"reflections": "reflection_search", "write_ups": "write_up_search"}
_PUBLIC_FTS_TABLES = {"reflections": "reflection_search_public"}
