"""A speaker writes up their session in Markdown, publishes it, and it appears on the event
page and in the record, rendered safe whatever was typed."""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import WriteUp, WriteUpStatus
from tests.conftest import csrf_token_from
from tests.factories import make_write_up
from tests.reflections.conftest import person

MARKDOWN = """# What we shared

We ran a *learning circle* with **families**.

- listen first
- then ask

> Nothing about us without us.

Read [the guide](https://example.org/guide).
"""


def _post(client, path, data):
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page.text)})


def test_a_speaker_drafts_then_publishes_a_write_up(client, past, sign_in_as):
    sign_in_as(past.speaker_user)
    response = _post(
        client,
        past.write_up_path,
        {
            "title": "Circles with families",
            "body": MARKDOWN,
            "slides_url": "https://example.org/slides",
            "recording_url": "",
            "action": "save",
        },
    )
    assert response.status_code == 302
    write_up = db.session.scalar(select(WriteUp))
    assert write_up.status == WriteUpStatus.DRAFT
    assert write_up.speaker_id == past.speaker.id
    # A draft is the speaker's alone.
    anonymous = client.application.test_client()
    assert anonymous.get(f"/practice/write-ups/{write_up.id}").status_code == 302
    assert "Circles with families" not in anonymous.get(past.event_path).text
    assert "(a draft: only you can see it)" in client.get(past.event_path).text

    response = _post(
        client,
        past.write_up_path,
        {
            "title": "Circles with families",
            "body": MARKDOWN,
            "slides_url": "https://example.org/slides",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    db.session.refresh(write_up)
    assert write_up.status == WriteUpStatus.PUBLISHED
    assert write_up.published_at is not None

    page = anonymous.get(f"/practice/write-ups/{write_up.id}").text
    assert "<h1>What we shared</h1>" in page
    assert "<em>learning circle</em>" in page
    assert "<strong>families</strong>" in page
    assert "<li>listen first</li>" in page
    assert "<blockquote>" in page
    assert '<a href="https://example.org/guide" rel="noopener">the guide</a>' in page
    assert 'href="https://example.org/slides"' in page
    assert "Sam Speaker" in page

    event_page = anonymous.get(past.event_path).text
    assert "Circles with families" in event_page
    assert "Write-up by Sam Speaker" in event_page
    assert "Circles with families" in anonymous.get("/practice/").text


def test_unpublishing_takes_it_back(client, past, sign_in_as):
    write_up = make_write_up(past.event, past.speaker, "Old notes")
    sign_in_as(past.speaker_user)
    response = _post(
        client, past.write_up_path, {"title": "Old notes", "body": "Body.", "action": "unpublish"}
    )
    assert response.status_code == 302
    db.session.refresh(write_up)
    assert write_up.status == WriteUpStatus.DRAFT
    assert "Old notes" not in client.application.test_client().get("/practice/").text


class _Markup(HTMLParser):
    """Collects what a browser would act on: elements and attributes, not escaped text."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The event page's schema.org data is a script browsers never run (its "<" escaped).
        if tag == "script" and attrs == [("type", "application/ld+json")]:
            return
        # The layout's own script, from the site's static files.
        if tag == "script" and attrs == [("src", "/static/js/site.js")]:
            return
        if tag in {"script", "iframe", "style", "img", "svg", "object", "embed"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}=")
            if name in {"href", "src"} and (
                value.startswith(("javascript:", "data:", "vbscript:", "//"))
            ):
                self.problems.append(f"{tag} {name}={value}")


def dangerous_markup(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.problems


def _page_problems(html: str) -> list[str]:
    # The layout has no inline script or style; only what the entry put there counts.
    return dangerous_markup(html)


DANGEROUS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://x.example" onclick="steal()">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{display:none}</style>",
    "![x](https://evil.example/pixel.png)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<svg onload=alert(1)>",
    "[x](//evil.example/path)",
    '[x](https://ok.example "title" onmouseover="alert(1)")',
]


@pytest.mark.parametrize("markdown", DANGEROUS)
def test_markdown_renders_safe_on_every_surface(client, past, markdown):
    write_up = make_write_up(past.event, past.speaker, "Safe", f"Before.\n\n{markdown}\n\nAfter.")
    slug = past.programme.slug
    for url in (
        f"/practice/write-ups/{write_up.id}",
        past.event_path,
        "/practice/",
        f"/p/{slug}/practice/report",
    ):
        page = client.get(url).text
        assert "Before." in page or url != f"/practice/write-ups/{write_up.id}"
        assert _page_problems(page) == [], url
    # The feed carries the HTML escaped as text: unescaped once, it must be as clean.
    feed = ElementTree.fromstring(client.get(f"/p/{slug}/practice/feed.atom").data)
    [content] = feed.findall(".//{http://www.w3.org/2005/Atom}content")
    assert dangerous_markup(content.text or "") == []
    exported = client.get(f"/p/{slug}/practice/entries.json").get_json()
    assert dangerous_markup(exported["entries"][0]["html"]) == []


def test_only_the_events_speakers_may_write_it_up(client, past, sign_in_as):
    sign_in_as(past.attendee)
    page = client.get(past.write_up_path)
    assert page.status_code == 403
    assert "Only the speakers of this event can write it up." in page.text
    response = client.post(
        past.write_up_path,
        data={
            "title": "Mine",
            "body": "Mine",
            "action": "publish",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 403
    assert db.session.scalar(select(WriteUp)) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Body"}, "Give your write-up a title."),
        ({"title": "T", "body": ""}, "Write something about your session."),
        ({"title": "x" * 201, "body": "Body"}, "Keep the title to 200 characters or fewer."),
        ({"title": "T", "body": "x" * 30_001}, "Keep the write-up to 30,000 characters or fewer."),
        (
            {"title": "T", "body": "B", "slides_url": "javascript:alert(1)"},
            "Enter a web address starting with https://",
        ),
        (
            {"title": "T", "body": "B", "recording_url": "ftp://example.org/x"},
            "Enter a web address starting with https://",
        ),
    ],
)
def test_bad_write_ups_are_refused_with_a_message(client, past, sign_in_as, data, message):
    sign_in_as(past.speaker_user)
    response = _post(client, past.write_up_path, {**data, "action": "publish"})
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(select(WriteUp)) is None


def test_the_speaker_deletes_their_write_up(client, past, sign_in_as):
    make_write_up(past.event, past.speaker)
    sign_in_as(past.speaker_user)
    path = past.write_up_path + "/delete"
    page = client.get(path)
    response = client.post(path, data={"csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    assert db.session.scalar(select(WriteUp)) is None


def test_the_event_page_shows_the_way_in(client, past, sign_in_as):
    sign_in_as(past.speaker_user)
    page = client.get(past.event_path).text
    assert "Write up your session" in page
    assert "Reflect on this event" in page
    signed_out = client.application.test_client()
    assert "Reflect on this event" not in signed_out.get(past.event_path).text


def test_people_who_were_not_there_get_no_way_in(client, past, sign_in_as):
    sign_in_as(person("other@example.org"))
    page = client.get(past.event_path).text
    assert "Reflect on this event" not in page
    assert "Write up your session" not in page
