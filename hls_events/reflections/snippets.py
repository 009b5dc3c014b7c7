"""Snippets: a few lines of a shown entry around the words searched for, each match marked.

Made here, from the text the page already holds, not by the database: FTS5's snippet() looked
each shown entry up in the index again, and PostgreSQL's ts_headline parsed each again, in a
statement of their own that cost a search more than all of this. A word is marked where the
database matched it: by the stemmer its index uses (FTS5's porter tokenizer is Porter's
algorithm; PostgreSQL's English configuration is Snowball's English), or as the word itself
with Welsh accents folded (FTS5's remove_diacritics; PostgreSQL's simple index). Each word of a
phrase is marked, as PostgreSQL marks them. Pure: no Flask, no models.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from dataclasses import dataclass

import snowballstemmer

from .search import ELLIPSIS, FOLD_TABLE, MARK_END, MARK_START, SearchTerms, fold

# About 35 words: the snippet's length in characters, and how much of it comes before the
# first match it shows.
SNIPPET_LENGTH = 220
CONTEXT_BEFORE = 60
# Enough matches to choose the best place from, in the longest write-up.
MATCHES_WEIGHED = 400

_STEMMER_OF = {"sqlite": "porter", "postgresql": "english"}
_SPACE = re.compile(r"\s")
_stemmers = threading.local()  # a Snowball stemmer keeps its state while it works


@functools.lru_cache(maxsize=65536)
def _stem(algorithm: str, word: str) -> str:
    kept: dict[str, snowballstemmer.Stemmer] = _stemmers.__dict__.setdefault("kept", {})
    stemmer = kept.get(algorithm)
    if stemmer is None:
        stemmer = kept[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmer.stemWord(word)


@dataclass(frozen=True)
class _Wanted:
    algorithm: str
    words: frozenset[str]
    stems: frozenset[str]
    # Where a word that may be one of them starts: its first three letters, in lower case with
    # accents folded (five times faster to find without a word boundary or IGNORECASE).
    candidates: re.Pattern[str]


@functools.lru_cache(maxsize=256)
def _wanted(terms: SearchTerms, dialect: str) -> _Wanted:
    algorithm = _STEMMER_OF.get(dialect, "porter")
    words = frozenset(fold(word).lower() for term in terms.terms for word in term)
    starts = sorted({re.escape(word[:3]) for word in words})
    return _Wanted(
        algorithm,
        words,
        frozenset(_stem(algorithm, word) for word in words),
        re.compile(rf"(?:{'|'.join(starts)})\w*"),
    )


def marked_snippet(text: str, terms: SearchTerms, dialect: str) -> str | None:
    """About SNIPPET_LENGTH characters of ``text`` where most of the words searched for are
    found together, each found word between MARK_START and MARK_END (``search.highlight``
    makes them <mark>); None when no word of the text is one searched for."""
    if terms.is_empty or not text:
        return None
    wanted = _wanted(terms, dialect)
    found: list[tuple[int, int, str]] = []
    searched = _lowered(text)
    for candidate in wanted.candidates.finditer(searched):
        start = candidate.start()
        if start and _is_word_character(searched[start - 1]):
            continue  # inside a word
        word = candidate.group()
        stem = _stem(wanted.algorithm, word)
        if stem in wanted.stems or word in wanted.words:
            found.append((start, candidate.end(), stem))
            if len(found) == MATCHES_WEIGHED:
                break
    if not found:
        return None
    begin, end = _best_window(text, found)
    pieces = [ELLIPSIS + " "] if begin > 0 else []
    at = begin
    for start, stop, _word in found:
        if start >= begin and stop <= end:
            pieces += [text[at:start], MARK_START, text[start:stop], MARK_END]
            at = stop
    pieces.append(text[at:end])
    if end < len(text):
        pieces.append(" " + ELLIPSIS)
    return "".join(pieces)


def _lowered(text: str) -> str:
    """The text in lower case with Welsh accents folded, one character for each of its own, so
    that places in it are places in the text."""
    folded = text if text.isascii() else text.translate(FOLD_TABLE)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a letter whose lower case is two ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _best_window(text: str, found: list[tuple[int, int, str]]) -> tuple[int, int]:
    """Where the snippet begins and ends: from a little before the match that has the most
    different words found after it within the snippet's length (the first, of equals), to
    whole words."""
    reach = SNIPPET_LENGTH - CONTEXT_BEFORE
    best, best_count = 0, 0
    within: Counter[str] = Counter()  # the words found from the index on, within reach
    after = 0
    for index, (start, _stop, _word) in enumerate(found if len(found) > 1 else ()):
        while after < len(found) and found[after][1] <= start + reach:
            within[found[after][2]] += 1
            after += 1
        if len(within) > best_count:
            best, best_count = index, len(within)
        if after > index:
            word = found[index][2]
            within[word] -= 1
            if not within[word]:
                del within[word]
        else:
            after = index + 1
    first = found[best][0]
    begin = max(0, first - CONTEXT_BEFORE)
    if begin > 0:  # from the next whole word
        space = _SPACE.search(text, begin, first)
        begin = space.end() if space else first
    end = min(len(text), begin + SNIPPET_LENGTH)
    if end < len(text):  # to the last whole word
        last_space = max(
            text.rfind(" ", found[best][1], end), text.rfind("\n", found[best][1], end)
        )
        if last_space > 0:
            end = last_space
    return begin, end
