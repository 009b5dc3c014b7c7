"""Pages of the organiser's area and of reflecting, read in Welsh: every sentence of the English
page is gone, Welsh in its place, and the people's own words (titles, names) left as they are."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest

from hls_events.extensions import db
from hls_events.models import RegistrationStatus, utcnow
from tests.factories import make_event, make_programme, make_registration, make_user

WELSH = {"Accept-Language": "cy"}
ENGLISH = {"Accept-Language": "en-GB"}
# What people typed, and the site's name: the same in both languages.
THEIR_OWN_WORDS = (
    "HLS Events",
    "Gwynedd Gathering",
    "Learning Circle",
    "Story Session",
    "Olwen Trefnydd",
    "Ada Attendee",
    "olwen@example.org",
    "ada@example.org",
    "Europe/London",
)


class _Sentences(HTMLParser):
    """The text a reader sees (and the labels they hear), a node at a time."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self._add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._add(data)

    def _add(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.nodes.append(text)


def _sentences(html: str) -> set[str]:
    parser = _Sentences()
    parser.feed(html)
    return {
        node
        for node in parser.nodes
        if len(re.findall(r"[A-Za-z]{2,}", node)) >= 2
        and not any(own in node for own in THEIR_OWN_WORDS)
    }


@pytest.fixture
def scene(app):
    now = utcnow()
    organiser = make_user("olwen@example.org", organiser=True, name="Olwen Trefnydd")
    programme = make_programme(
        "gwynedd",
        title="Gwynedd Gathering",
        organisers=[organiser],
        starts_on=(now - timedelta(days=5)).date(),
        days=20,
    )
    past = make_event(
        programme, "circle", title="Learning Circle", starts_at=now - timedelta(days=2)
    )
    make_event(programme, "story", title="Story Session", starts_at=now + timedelta(days=2))
    ada = make_user("ada@example.org", name="Ada Attendee")
    make_registration(past, ada, status=RegistrationStatus.ATTENDED)
    db.session.commit()
    return programme


def _both(client, path: str) -> tuple[str, str]:
    english = client.get(path, headers=ENGLISH)
    welsh = client.get(path, headers=WELSH)
    assert english.status_code == welsh.status_code == 200, path
    assert '<html lang="en-GB">' in english.text and '<html lang="cy">' in welsh.text
    return english.text, welsh.text


def _no_english_left(english: str, welsh: str) -> None:
    left = _sentences(english) & _sentences(welsh)
    assert not left, f"still in English on the Welsh page: {sorted(left)}"


@pytest.mark.parametrize(
    ("path", "welsh_words"),
    [
        ("/organise/", ["Eich rhaglenni", "Rhaglenni rydych chi'n eu trefnu"]),
        ("/organise/p/gwynedd/", ["Y rhaglen mewn rhifau", "Dad-gyhoeddi"]),
        ("/organise/p/gwynedd/people", ["Gwahodd rhywun", "Trefnu'r rhaglen gyfan"]),
        ("/organise/p/gwynedd/events/circle/", ["Ychwanegu sesiwn", "Golygu manylion"]),
        ("/organise/p/gwynedd/status/draft", ["Beth fydd yn digwydd", "Mynd yn ôl heb newid dim"]),
    ],
)
def test_the_organisers_pages_in_welsh(client, sign_in, scene, path, welsh_words):
    sign_in("olwen@example.org")
    english, welsh = _both(client, path)
    for words in welsh_words:
        assert words in unescape(welsh)
    _no_english_left(english, welsh)


def test_reflecting_in_welsh(client, sign_in, scene):
    sign_in("ada@example.org")
    english, welsh = _both(client, "/p/gwynedd/events/circle/reflect")
    assert "Myfyrio ar Learning Circle" in welsh
    # The default questions are asked in the reader's language.
    assert "Beth ddigwyddodd, a sut roedd yn teimlo?" in welsh
    assert "Pwy gaiff ei ddarllen?" in welsh
    _no_english_left(english, welsh)

    english, welsh = _both(client, "/reflections/")
    assert "Digwyddiadau i fyfyrio arnyn nhw" in welsh
    _no_english_left(english, welsh)


def test_a_refusal_is_said_in_welsh(client, sign_in, scene):
    sign_in("ada@example.org")
    from tests.conftest import csrf_token_from

    page = client.get("/p/gwynedd/events/circle/reflect", headers=WELSH)
    answer = client.post(
        "/p/gwynedd/events/circle/reflect",
        data={
            "csrf_token": csrf_token_from(page.text),
            "visibility": "public",
            "attribution": "named",
        },
        headers=WELSH,
    )
    assert answer.status_code == 422
    assert "Ysgrifennwch ateb i o leiaf un cwestiwn." in answer.text
    assert "Write an answer" not in answer.text
