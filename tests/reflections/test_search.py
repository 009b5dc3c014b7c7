"""Full-text search of the practice record: parsing what people type, ranking, snippets that
are escaped, filters, paging, and a number of queries that does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from markupsafe import Markup

from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    Principle,
    Visibility,
    WriteUpStatus,
    utcnow,
)
from hls_events.reflections import queries, record, search
from hls_events.reflections.entries import EntryKind
from hls_events.reflections.record import RecordFilters
from hls_events.reflections.visibility import ANONYMOUS, Reader
from tests.factories import (
    make_event,
    make_reflection,
    make_speaker,
    make_theme,
    make_write_up,
)
from tests.reflections.conftest import person

RESULT = re.compile(r'<li class="card entry">(.*?)</li>', re.DOTALL)


# --- Pure: parsing and highlighting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fts5"),
    [
        ("learning circles", '"learning" "circles"'),
        ('"learning circles" trust', '"learning circles" "trust"'),
        ("  ", ""),
        ("!!! ???", ""),
        # FTS5 and tsquery operators are words or nothing, never syntax.
        ("learning OR NOT trust*", '"learning" "OR" "NOT" "trust"'),
        ('col:val -x ^y (z) "unclosed', '"col" "val" "x" "y" "z" "unclosed"'),
        ("café naïve", '"café" "naïve"'),
        ("trust trust", '"trust"'),
        ('a"b', '"a" "b"'),
    ],
)
def test_parse_keeps_only_words_and_phrases(typed, fts5):
    terms = search.parse(typed)
    assert terms.to_fts5() == fts5
    assert terms.to_websearch() == fts5
    assert terms.is_empty == (fts5 == "")


def test_parse_limits_the_number_of_terms():
    assert len(search.parse(" ".join(f"w{i}" for i in range(50))).terms) == search.MAX_TERMS


def test_highlight_marks_matches_and_escapes_everything_else():
    snippet = (
        f"<script>alert(1)</script> and {search.MARK_START}<b>trust</b>{search.MARK_END} & more"
    )
    html = search.highlight(snippet)
    assert isinstance(html, Markup)
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; and <mark>&lt;b&gt;trust&lt;/b&gt;</mark> &amp; more"
    )
    assert search.highlight(None) == ""


def test_highlight_never_leaves_a_mark_open():
    start, end = search.MARK_START, search.MARK_END
    assert search.highlight(f"a {start}b{end} {start}c{start}d{end}") == "a b cd"
    assert search.highlight(f"{end}a{start}") == "a"
    assert search.highlight(f"{start}a{end}\n\t {start}b{end}") == "<mark>a</mark> <mark>b</mark>"


def test_clean_text_removes_the_marks_so_stored_text_can_never_fake_one():
    assert search.clean_text(f"a{search.MARK_START}b{search.MARK_END}c\r\n") == "abc\n"


# --- Through the database -------------------------------------------------------------------


def _results(page: str) -> list[str]:
    return RESULT.findall(page)


def test_search_finds_stems_ranks_and_highlights(client, past):
    make_reflection(past.event, person("a@example.org"), "We learned to trust the process.")
    make_reflection(
        past.event,
        person("b@example.org"),
        "Trust, trust and more trust: trusting people is learning.",
    )
    make_reflection(past.event, person("c@example.org"), "Nothing about that here.")
    page = client.get("/practice/?q=trusted")
    assert page.status_code == 200
    results = _results(page.text)
    assert len(results) == 2
    assert "2 entries match" in page.text
    # The one that says it most comes first.
    assert "people is learning" in results[0]
    assert "<mark>" in results[0]
    assert "Nothing about that" not in page.text


def test_a_phrase_must_match_in_order(client, past):
    make_reflection(past.event, person("a@example.org"), "A learning circle met.")
    make_reflection(past.event, person("b@example.org"), "A circle of learning met.")
    results = _results(client.get('/practice/?q="learning circle"').text)
    assert len(results) == 1
    assert (
        "learning</mark> <mark>circle" in results[0] or "<mark>learning circle</mark>" in results[0]
    )


def test_snippets_escape_the_entrys_own_text(client, past):
    make_reflection(
        past.event,
        person("a@example.org"),
        'Beware <script>alert("x")</script> and <img src=x onerror=alert(1)> of trust.',
    )
    page = client.get("/practice/?q=trust")
    [result] = _results(page.text)
    assert "<script>" not in result
    assert "<img" not in result
    assert "<mark>trust</mark>" in result
    listing = client.get("/practice/").text
    assert "<script>alert" not in listing
    assert "<img src=x" not in listing


def test_each_search_finds_its_own_words_though_the_statement_is_built_once(client, past):
    """The page's statement is kept built between searches; the words are bound when it runs."""
    make_reflection(past.event, person("a@example.org"), "Stewardship came up once.")
    make_reflection(past.event, person("b@example.org"), "Commissioning, twice: commissioning.")
    for word, found, other in (
        ("stewardship", "Stewardship", "Commissioning"),
        ("commissioning", "Commissioning", "Stewardship"),
        ("stewardship", "Stewardship", "Commissioning"),
    ):
        page = client.get(f"/practice/?q={word}")
        [result] = _results(page.text)
        assert found in result
        assert other not in page.text.split('id="results-heading"')[1]
    assert "0 entries match" in client.get("/practice/?q=absent").text


def test_search_covers_write_ups_and_their_titles_weigh_more(client, past):
    make_reflection(past.event, person("a@example.org"), "Stewardship came up once.")
    make_write_up(past.event, past.speaker, "Stewardship in practice", "How we did it.")
    results = _results(client.get("/practice/?q=stewardship").text)
    assert len(results) == 2
    assert "Stewardship in practice" in results[0]
    assert "Write-up" in results[0]


def test_search_finds_write_ups_edited_after_publishing(client, past):
    write_up = make_write_up(past.event, past.speaker, "Notes", "About gardening.")
    write_up.body = "About beekeeping now."
    db.session.commit()
    assert len(_results(client.get("/practice/?q=beekeeping").text)) == 1
    assert len(_results(client.get("/practice/?q=gardening").text)) == 0
    db.session.delete(write_up)
    db.session.commit()
    assert len(_results(client.get("/practice/?q=beekeeping").text)) == 0


def test_words_that_are_search_syntax_are_just_words(client, past):
    make_reflection(past.event, person("a@example.org"), "Trust matters.")
    for typed in ['trust"', "trust*", "NOT trust", "trust OR", "body:trust", "-trust", "(trust"]:
        page = client.get("/practice/", query_string={"q": typed})
        assert page.status_code == 200, typed


def test_a_search_of_only_punctuation_asks_for_words(client, past):
    make_reflection(past.event, person("a@example.org"), "Trust matters.")
    page = client.get("/practice/?q=%22%22%22")
    assert page.status_code == 200
    assert "Type a word or two to search for." in page.text


def test_filters_narrow_by_programme_event_theme_principle_kind_and_year(app, past):
    culture = past.theme
    other_theme = make_theme("Systems stewardship")
    second = make_event(past.programme, "second", starts_at=utcnow() - timedelta(days=2))
    make_reflection(
        past.event,
        person("a@example.org"),
        "alpha",
        themes=[culture],
        principles="human learning",
    )
    make_reflection(
        second, person("b@example.org"), "beta", themes=[other_theme], principles="systems"
    )
    make_write_up(past.event, past.speaker, "gamma", "gamma body")

    def texts(**filters) -> list[str]:
        return [
            entry.title if entry.kind == EntryKind.WRITE_UP else entry.text
            for entry in record.all_entries(ANONYMOUS, RecordFilters(**filters))
        ]

    assert sorted(texts()) == ["alpha", "beta", "gamma"]
    assert sorted(texts(programme=past.programme.slug, event=past.event.slug)) == ["alpha", "gamma"]
    assert sorted(texts(theme="learning-culture")) == ["alpha", "gamma"]
    assert texts(theme="systems-stewardship") == ["beta"]
    assert texts(principle=Principle.HUMAN) == ["alpha"]
    assert texts(principle=Principle.SYSTEMS) == ["beta"]
    assert texts(kind=EntryKind.WRITE_UP) == ["gamma"]
    assert sorted(texts(kind=EntryKind.REFLECTION)) == ["alpha", "beta"]
    assert sorted(texts(year=past.programme.starts_on.year)) == ["alpha", "beta", "gamma"]
    assert texts(year=1999) == []
    assert texts(programme="no-such-programme") == []


def test_unknown_filter_values_are_reported_and_ignored(client, past):
    make_reflection(past.event, person("a@example.org"), "alpha")
    page = client.get("/practice/?theme=nope&kind=poem&year=1066")
    assert page.status_code == 200
    assert "“nope” is not one of the choices, so it was ignored." in page.text
    assert len(_results(page.text)) == 1


def test_the_record_lists_newest_first_and_pages_by_twenty(client, past):
    start = utcnow() - timedelta(days=1)
    for number in range(45):
        author = person(f"author{number}@example.org")
        make_reflection(
            past.event,
            author,
            f"Reflection number n{number:02d}.",
            created_at=start + timedelta(minutes=number),
        )
    first = client.get("/practice/")
    assert "45 entries, newest first" in first.text
    results = _results(first.text)
    assert len(results) == record.PER_PAGE
    assert "n44" in results[0] and "n25" in results[-1]
    assert "Page 1 of 3" in first.text
    third = client.get("/practice/?page=3")
    assert len(_results(third.text)) == 5
    assert "n04" in _results(third.text)[0]
    assert client.get("/practice/?page=99").status_code == 200
    assert client.get("/practice/?page=x").status_code == 200


def _queries_for(count_queries, client, url: str) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "url",
    [
        "/practice/",
        "/practice/?q=trust&kind=reflection",
        "/practice/?q=trust&kind=write_up",
        "/practice/?q=built&theme=learning-culture",
        "/practice/?programme=hls-week-2025&event=learning-circle",
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_record(client, past, count_queries, url):
    """A page loads its reflections and write-ups with a fixed set of statements, the same for
    two entries as for fifty (a page of one kind skips the other kind's loads)."""

    def add(count: int) -> None:
        for _ in range(count):
            author = person(f"p{next(_serial)}@example.org")
            make_reflection(past.event, author, "We built trust.", themes=[past.theme])
            make_write_up(
                make_event(
                    past.programme, starts_at=utcnow() - timedelta(days=1), themes=[past.theme]
                ),
                past.speaker,
                "Trust, written up",
                "Trust.",
            )

    add(2)
    few = _queries_for(count_queries, client, url)
    add(25)
    many = _queries_for(count_queries, client, url)
    assert many == few


_serial = iter(range(1, 100_000))


def test_featured_entries_come_first_on_the_unfiltered_record(client, past):
    make_reflection(past.event, person("a@example.org"), "An ordinary one.")
    make_reflection(past.event, person("b@example.org"), "The featured one.", featured=True)
    page = client.get("/practice/").text
    assert (
        page.index("Featured</h2>")
        < page.index("The featured one.")
        < page.index("entries, newest first")
    )


def test_drafts_private_and_hidden_entries_are_not_in_the_public_record(client, past):
    make_reflection(
        past.event, person("a@example.org"), "private words", visibility=Visibility.PRIVATE
    )
    make_reflection(
        past.event, person("b@example.org"), "hidden words", hidden_at=utcnow(), hidden_reason="No."
    )
    make_write_up(past.event, past.speaker, "draft words", status=WriteUpStatus.DRAFT)
    make_reflection(
        past.event, person("c@example.org"), "anonymous words", attribution=Attribution.ANONYMOUS
    )
    page = client.get("/practice/?q=words")
    assert [("anonymous" in r) for r in _results(page.text)] == [True]


def test_the_author_sees_their_own_private_reflection_only_on_its_page(app, past):
    reflection = make_reflection(
        past.event, past.attendee, "mine alone", visibility=Visibility.PRIVATE
    )
    reader = Reader(user_id=past.attendee.id)
    assert record.record_page(reader, RecordFilters(q="mine")).total == 0
    assert queries.reflection_entry(reader, reflection.id) is not None
    assert queries.reflection_entry(ANONYMOUS, reflection.id) is None


def test_entries_carry_their_own_themes_by_name(app, past, count_queries):
    """Each entry shows its own themes: a reflection's own, a write-up's its event's, listed
    by name whatever order they were given in, text kept exactly, none where there are none;
    and the statements do not grow with the entries."""
    zebra = make_theme("Zebra crossings")
    water = make_theme('Dŵr "glân" <b>& co</b>')
    themed = make_event(
        past.programme, "themed", starts_at=utcnow() - timedelta(days=3), themes=[zebra, water]
    )
    make_reflection(past.event, person("a@example.org"), "alpha", themes=[zebra, past.theme])
    make_reflection(past.event, person("b@example.org"), "beta")
    make_write_up(themed, past.speaker, "gamma", "gamma body")
    make_write_up(themed, make_speaker("Second Speaker"), "delta", "delta body")

    def themes_by_text() -> dict[str, list[str]]:
        entries = record.all_entries(ANONYMOUS, RecordFilters())
        return {entry.text.split()[0]: [theme.name for theme in entry.themes] for entry in entries}

    assert themes_by_text() == {
        "alpha": ["Learning culture", "Zebra crossings"],
        "beta": [],
        "gamma": ['Dŵr "glân" <b>& co</b>', "Zebra crossings"],
        "delta": ['Dŵr "glân" <b>& co</b>', "Zebra crossings"],
    }
    with count_queries() as few:
        themes_by_text()
    for number in range(5):
        make_reflection(
            themed, person(f"more{number}@example.org"), f"more{number}", themes=[water]
        )
    with count_queries() as many:
        assert themes_by_text()["more4"] == ['Dŵr "glân" <b>& co</b>']
    assert len(many) == len(few)
    page = app.test_client().get("/practice/")
    assert "Dŵr &#34;glân&#34; &lt;b&gt;&amp; co&lt;/b&gt;" in page.text
