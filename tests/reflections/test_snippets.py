"""Snippets made in Python from the shown entries' text: the words each database matched are
marked, near where most of them are found together, the text around them in whole words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hls_events.reflections.search import ELLIPSIS, MARK_END, MARK_START, highlight, parse
from hls_events.reflections.snippets import SNIPPET_LENGTH, marked_snippet

DIALECTS = ("sqlite", "postgresql")


def _marked(snippet: str | None) -> list[str]:
    """The words a snippet marks."""
    assert snippet is not None
    return [part.split(MARK_END)[0] for part in snippet.split(MARK_START)[1:]]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_stemmed_forms_the_index_matched_are_marked(dialect):
    text = "We learned to trust. Trusting people is learning; the trustees met."
    snippet = marked_snippet(text, parse("learning trusted"), dialect)
    assert _marked(snippet) == ["learned", "trust", "Trusting", "learning"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_word_typed_without_its_welsh_accent_marks_the_word_with_it(dialect):
    snippet = marked_snippet("Mae'r dŵr yn oer. Dwr glân.", parse("dwr"), dialect)
    assert _marked(snippet) == ["dŵr", "Dwr"]
    assert _marked(marked_snippet("Y cymoedd", parse("cymoedd"), dialect)) == ["cymoedd"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_each_word_of_a_phrase_is_marked(dialect):
    snippet = marked_snippet("A learning circle met.", parse('"learning circle"'), dialect)
    assert _marked(snippet) == ["learning", "circle"]


def test_nothing_when_no_word_of_the_text_is_one_searched_for():
    assert marked_snippet("Entirely unrelated words.", parse("trust"), "sqlite") is None
    assert marked_snippet("", parse("trust"), "sqlite") is None
    assert marked_snippet("Trust", parse(""), "sqlite") is None
    # Begins like a word searched for, but is another word.
    assert marked_snippet("A trumpet played.", parse("trust"), "postgresql") is None


def test_a_long_text_is_cut_to_whole_words_around_where_the_words_are_found_together():
    filler = " ".join(f"word{i}" for i in range(300))
    text = f"Trust once. {filler} Here trust and learning meet at last. {filler} Learning."
    snippet = marked_snippet(text, parse("trust learning"), "postgresql")
    assert snippet is not None
    assert snippet.startswith(ELLIPSIS + " ") and snippet.endswith(" " + ELLIPSIS)
    assert "Here " + MARK_START + "trust" + MARK_END + " and " in snippet
    assert _marked(snippet) == ["trust", "learning"]
    inner = snippet.removeprefix(ELLIPSIS + " ").removesuffix(" " + ELLIPSIS)
    plain = inner.replace(MARK_START, "").replace(MARK_END, "")
    assert len(plain) <= SNIPPET_LENGTH
    assert f" {plain} " in f" {text} "  # whole words of the text, nothing cut in two


def test_a_short_text_is_shown_whole():
    snippet = marked_snippet("Trust the process.", parse("process"), "sqlite")
    assert snippet == f"Trust the {MARK_START}process{MARK_END}."


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from('ab trusŵ<>&"\n.')),
    typed=st.text(alphabet=st.sampled_from('abtrusw "ŵ'), max_size=12),
    dialect=st.sampled_from(DIALECTS),
)
def test_any_text_gives_a_balanced_snippet_of_its_own_words(text, typed, dialect):
    snippet = marked_snippet(text, parse(typed), dialect)
    if snippet is None:
        return
    plain = snippet.replace(MARK_START, "").replace(MARK_END, "").strip(ELLIPSIS + " ")
    assert plain.strip() in text
    html = highlight(snippet)
    assert html.count("<mark>") == html.count("</mark>") == len(_marked(snippet))
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
