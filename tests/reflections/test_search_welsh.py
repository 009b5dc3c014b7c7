"""The practice record finds Welsh: accents folded both ways, Welsh words that are English stop
words, on SQLite (FTS5 folds accents) and PostgreSQL (a "simple" index beside the English one),
with the same visibility rules as every search."""

from __future__ import annotations

import re

import pytest

from hls_events.extensions import db
from hls_events.models import Visibility, utcnow
from hls_events.reflections import search
from tests.factories import make_reflection, make_write_up
from tests.reflections.conftest import person

RESULT = re.compile(r'<li class="card entry">(.*?)</li>', re.DOTALL)

WELSH = (
    "Roedd y gweithdy am ddŵr a thai yn y cymoedd. Dysgais fod gwasanaethau "
    "yn gweithio'n well pan fydd pobl yn cael eu clywed."
)
MORE_WELSH = "Buom yn siarad am ŷd a'r tir, a gwrando ar bobl ifanc."


def _results(page: str) -> list[str]:
    return RESULT.findall(page)


def test_fold_takes_the_accents_off_welsh_vowels():
    assert search.fold("dŵr ŷd tŷ â Ŵyr") == "dwr yd ty a Wyr"
    # A circumflex typed as a separate combining mark folds too.
    assert search.fold("dw\u0302r") == "dwr"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("dŵr", "ddŵr"),  # as written, with its accent (the mutation "ddŵr" is another word)
        ("ddŵr", "ddŵr"),
        ("ddwr", "ddŵr"),  # typed without the accent
        ("gwasanaethau", "gwasanaethau"),
        ("cymoedd", "cymoedd"),
        ("yd", "ŷd"),
        ("ŷd", "ŷd"),
        ('"gwrando ar bobl"', "gwrando ar bobl"),
    ],
)
def test_welsh_words_are_found_with_or_without_their_accents(client, past, typed, found):
    make_reflection(past.event, person("a@example.org"), WELSH)
    make_reflection(past.event, person("b@example.org"), MORE_WELSH)
    make_reflection(past.event, person("c@example.org"), "Nothing Welsh in this one at all.")
    page = client.get("/practice/", query_string={"q": typed})
    assert page.status_code == 200
    results = _results(page.text)
    if typed == "dŵr":
        # "dŵr" alone is not in the text: only its mutated form is.
        assert results == []
        return
    assert len(results) == 1, typed
    assert found in re.sub("</?mark>", "", results[0])
    assert "Nothing Welsh" not in page.text


def test_welsh_words_that_are_english_stop_words_are_found(client, past):
    # "am" (about) and "i" (to) are Welsh words; PostgreSQL's English configuration drops them.
    make_reflection(past.event, person("a@example.org"), "Sgwrs am fara i bawb.")
    make_reflection(past.event, person("b@example.org"), "Bara brith.")
    for typed in ("am", '"am fara"', "i bawb"):
        results = _results(client.get("/practice/", query_string={"q": typed}).text)
        assert len(results) == 1, typed
        assert "Sgwrs" in results[0]


def test_a_welsh_match_is_marked_in_its_snippet(client, past):
    make_reflection(past.event, person("a@example.org"), WELSH)
    [result] = _results(client.get("/practice/", query_string={"q": "cymoedd"}).text)
    assert "<mark>cymoedd</mark>" in result


def test_welsh_write_up_titles_are_found(client, past):
    make_write_up(past.event, past.speaker, "Tai a dŵr yn y cymoedd", "Nodiadau o'r sesiwn.")
    results = _results(client.get("/practice/", query_string={"q": "dwr"}).text)
    assert len(results) == 1
    assert "Tai a dŵr yn y cymoedd" in results[0]


def test_welsh_search_keeps_the_visibility_rules(client, past):
    make_reflection(past.event, person("a@example.org"), WELSH, visibility=Visibility.PRIVATE)
    make_reflection(
        past.event, person("b@example.org"), MORE_WELSH, visibility=Visibility.ORGANISERS
    )
    make_reflection(
        past.event,
        person("c@example.org"),
        "Cyhoeddus: dŵr glân i bawb.",
        hidden_reason="Cuddiwyd",
        hidden_at=utcnow(),
    )
    make_reflection(past.event, person("d@example.org"), "Cyhoeddus: dŵr i'r cymoedd.")
    for typed in ("dwr", "gwasanaethau", "bobl", "ŷd"):
        page = client.get("/practice/", query_string={"q": typed})
        texts = " ".join(_results(page.text))
        assert "gwasanaethau" not in texts
        assert "gwrando" not in texts
        assert "glân" not in texts
    assert len(_results(client.get("/practice/", query_string={"q": "dwr"}).text)) == 1


def test_a_welsh_match_is_ranked_by_how_well_it_matches_not_put_last(client, past):
    # Typed without its accent, "dŵr" is found only by folding it (PostgreSQL's "simple" index;
    # FTS5's folding on SQLite). The reflection that is about water comes first all the same,
    # above one that mentions "dwr" once as it was typed.
    make_reflection(
        past.event, person("a@example.org"), "Dŵr, dŵr a mwy o ddŵr: dŵr glân i'r cymoedd."
    )
    make_reflection(
        past.event, person("b@example.org"), "Siarad am y tywydd a dwr, a'r trenau hwyr."
    )
    results = _results(client.get("/practice/", query_string={"q": "dwr"}).text)
    assert len(results) == 2
    assert "cymoedd" in results[0]
    assert "tywydd" in results[1]


def test_a_welsh_reader_sees_the_programmes_and_events_welsh_titles(client, past):
    past.programme.title_cy = "Wythnos y Gorffennol"
    past.event.title_cy = "Gweithdy Ymddiriedaeth"
    db.session.commit()
    make_reflection(past.event, person("a@example.org"), "Dysgais lawer am ymddiriedaeth.")
    welsh = {"Accept-Language": "cy"}
    page = client.get("/practice/", headers=welsh).text
    [result] = _results(page)
    assert "Gweithdy Ymddiriedaeth" in result
    assert "Wythnos y Gorffennol" in result
    assert past.event.title not in result
    # The filters too: the programme, and the chosen programme's events.
    chosen = client.get(
        "/practice/", query_string={"programme": past.programme.slug}, headers=welsh
    )
    assert re.search(
        rf'<option[^>]*value="{past.programme.slug}"[^>]*>Wythnos y Gorffennol<', chosen.text
    )
    assert re.search(
        rf'<option[^>]*value="{past.event.slug}"[^>]*>Gweithdy Ymddiriedaeth<', chosen.text
    )
    [entry] = _results(chosen.text)
    entry_page = client.get(
        re.search(r'href="(/practice/reflections/\d+)"', entry).group(1), headers=welsh
    )
    assert "Gweithdy Ymddiriedaeth" in entry_page.text
    # An English reader still sees the English.
    [english] = _results(client.get("/practice/", headers={"Accept-Language": "en"}).text)
    assert past.event.title in english
    assert "Gweithdy" not in english
