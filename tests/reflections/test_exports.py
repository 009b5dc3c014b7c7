"""The programme's exports (CSV and JSON), learning report and Atom feeds."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

from hls_events.models import Attribution, EventStatus, ProgrammeStatus, Visibility, utcnow
from tests.factories import make_programme, make_reflection, make_theme, make_write_up
from tests.reflections.conftest import person

ATOM = "{http://www.w3.org/2005/Atom}"


def _scene(past):
    stewardship = make_theme("Systems stewardship")
    make_reflection(
        past.event,
        person("named@example.org", "Nia Named"),
        '=HYPERLINK("https://evil.example")',
        themes=[past.theme, stewardship],
        principles="human systems",
    )
    make_reflection(
        past.event,
        person("anon@example.org", "Ana Nonymous"),
        "Quietly useful.",
        attribution=Attribution.ANONYMOUS,
        themes=[past.theme],
    )
    make_reflection(
        past.event,
        person("private@example.org"),
        "Not for export.",
        visibility=Visibility.PRIVATE,
    )
    make_write_up(
        past.event,
        past.speaker,
        "Our circle",
        "## Heading\n\nText.",
        slides_url="https://example.org/slides",
    )


def test_csv_has_what_the_reader_may_see_and_defuses_formulas(client, past):
    _scene(past)
    response = client.get(f"/p/{past.programme.slug}/practice/entries.csv?download=1")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="hls-week-2025-practice-record.csv"' in response.headers["Content-Disposition"]
    assert "private" in response.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3
    assert {row["kind"] for row in rows} == {"Reflection", "Write-up"}
    signed = sorted(row["signed"] for row in rows)
    assert signed == ["Anonymous", "Nia Named", "Sam Speaker"]
    assert "Ana Nonymous" not in response.text
    assert "Not for export." not in response.text
    named = next(row for row in rows if row["signed"] == "Nia Named")
    assert (
        named["text"] == 'What happened, and how did it feel?\n=HYPERLINK("https://evil.example")'
    )
    assert named["themes"] == "Learning culture; Systems stewardship"
    assert named["principles"] == "Human; Systems"
    assert named["url"].startswith("http://localhost/practice/reflections/")
    assert named["event_url"] == "http://localhost/p/hls-week-2025/events/learning-circle/"
    write_up = next(row for row in rows if row["kind"] == "Write-up")
    assert write_up["slides_url"] == "https://example.org/slides"


def test_cells_that_a_spreadsheet_would_run_are_defused(client, past):
    make_reflection(past.event, person("formula@example.org", "=cmd|'/c calc'!A1"), "-1+2")
    make_reflection(past.event, person("at@example.org", "@SUM(A1)"), "Fine.")
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/p/{past.programme.slug}/practice/entries.csv").text)
        )
    )
    assert sorted(row["signed"] for row in rows) == ["'=cmd|'/c calc'!A1", "'@SUM(A1)"]


def test_json_is_the_api_for_now(client, past):
    _scene(past)
    document = client.get(f"/p/{past.programme.slug}/practice/entries.json").get_json()
    assert document["programme"] == {"slug": "hls-week-2025", "title": "HLS Week 2025"}
    assert document["count"] == 3
    kinds = sorted(entry["kind"] for entry in document["entries"])
    assert kinds == ["reflection", "reflection", "write_up"]
    reflection = next(e for e in document["entries"] if e["signed"] == "Nia Named")
    assert reflection["answers"] == [
        {
            "question": "What happened, and how did it feel?",
            "answer": '=HYPERLINK("https://evil.example")',
        }
    ]
    assert reflection["principles"] == ["human", "systems"]
    assert {theme["slug"] for theme in reflection["themes"]} == {
        "learning-culture",
        "systems-stewardship",
    }
    assert "author_id" not in reflection and "email" not in str(document)
    write_up = next(e for e in document["entries"] if e["kind"] == "write_up")
    assert write_up["html"] == "<h2>Heading</h2>\n<p>Text.</p>"
    assert write_up["markdown"] == "## Heading\n\nText."


def test_exports_take_the_records_filters(client, past):
    _scene(past)
    document = client.get(
        f"/p/{past.programme.slug}/practice/entries.json?kind=write_up"
    ).get_json()
    assert [e["title"] for e in document["entries"]] == ["Our circle"]
    document = client.get(f"/p/{past.programme.slug}/practice/entries.json?q=quietly").get_json()
    assert [e["signed"] for e in document["entries"]] == ["Anonymous"]


def test_the_learning_report_groups_by_theme_with_counts(client, past):
    _scene(past)
    page = client.get(f"/p/{past.programme.slug}/practice/report")
    assert page.status_code == 200
    text = page.text
    # Three entries: two reflections (one in two themes) and a write-up of a themed event.
    assert "3 entries from the practice record: 2 reflections and 1 write-up" in text
    assert '<h2 id="theme-learning-culture">Learning culture (3)</h2>' in text
    assert '<h2 id="theme-systems-stewardship">Systems stewardship (1)</h2>' in text
    assert text.index("Learning culture (3)") < text.index("Systems stewardship (1)")
    assert "<li>Human: 1</li>" in text
    assert "Ana Nonymous" not in text
    assert "Not for export." not in text


def test_the_feeds_are_valid_atom_with_public_entries_only(client, past, sign_in_as):
    _scene(past)
    make_reflection(
        past.event,
        person("shared@example.org"),
        "Shared with participants.",
        visibility=Visibility.PARTICIPANTS,
    )
    # Signed in or not, a feed is the same: feeds carry no identity.
    sign_in_as(past.organiser)
    for url in (f"/p/{past.programme.slug}/practice/feed.atom", "/practice/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "application/atom+xml"
        feed = ElementTree.fromstring(response.data)
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 3
        authors = sorted(e.find(f"{ATOM}author/{ATOM}name").text for e in entries)
        assert authors == ["Anonymous", "Nia Named", "Sam Speaker"]
        for entry in entries:
            assert entry.find(f"{ATOM}id").text.startswith("http://localhost/practice/")
            assert entry.find(f"{ATOM}updated").text
        assert b"Shared with participants." not in response.data
        assert b"Ana Nonymous" not in response.data


def test_a_draft_programme_has_no_record_for_outsiders(client, past, sign_in_as):
    _scene(past)
    other = person("other.organiser@example.org", is_organiser=True)
    draft = make_programme("plans", status=ProgrammeStatus.DRAFT, organisers=[other])
    for suffix in ("entries.csv", "entries.json", "report", "feed.atom"):
        assert client.get(f"/p/{draft.slug}/practice/{suffix}").status_code == 404
    sign_in_as(other)
    assert client.get(f"/p/{draft.slug}/practice/report").status_code == 200
    # The feed is anonymous, so even the organiser gets none for a draft.
    assert client.get(f"/p/{draft.slug}/practice/feed.atom").status_code == 404


def test_an_unpublished_event_takes_its_entries_out_of_the_exports(client, past):
    _scene(past)
    past.event.status = EventStatus.DRAFT
    from hls_events.extensions import db

    db.session.commit()
    assert client.get(f"/p/{past.programme.slug}/practice/entries.json").get_json()["count"] == 0


def test_hidden_entries_stay_out_of_exports_and_the_report_even_for_organisers(
    client, past, sign_in_as
):
    make_reflection(
        past.event, past.attendee, "Hidden away.", hidden_at=utcnow(), hidden_reason="x"
    )
    make_reflection(past.event, person("b@example.org"), "In plain sight.")
    sign_in_as(past.organiser)
    slug = past.programme.slug
    for suffix in ("entries.csv", "entries.json", "report"):
        text = client.get(f"/p/{slug}/practice/{suffix}").text
        assert "In plain sight." in text
        assert "Hidden away." not in text
    # The organiser still finds it in the record, marked, to show it again.
    listing = client.get(f"/practice/?programme={slug}").text
    assert "Hidden away." in listing
    assert "Hidden by the organisers" in listing


def test_feeds_answer_conditional_requests(client, past):
    make_reflection(past.event, past.attendee, "Public.")
    first = client.get("/practice/feed.atom")
    assert first.headers["ETag"]
    again = client.get("/practice/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
