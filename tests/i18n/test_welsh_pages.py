"""Pages and emails of the programme, event, registration, calendar and speaker areas read in
Welsh: Welsh words on the page, and none of the catalogue's English sentences left over."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import EventStatus, SpeakerRole, User
from hls_events.organise.services import set_event_status
from hls_events.registrations.answers import Answers
from hls_events.registrations.services import register
from tests.factories import make_event, make_programme, make_speaker, make_user
from tests.test_translations import CY_PO

PROGRAMME = "/p/wythnos/"
EVENT = PROGRAMME + "events/cylch/"


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


@pytest.fixture
def event(app):
    organiser = make_user("trefnydd@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("wythnos", title="HLS Week", organisers=[organiser])
    speaker = make_speaker("Siân Jones")
    return make_event(
        programme,
        "cylch",
        title="Learning Circle",
        capacity=3,
        speakers=[(speaker, SpeakerRole.FACILITATOR)],
    )


@pytest.fixture
def welsh(client):
    """The visitor chose Cymraeg with the link on every page."""
    assert client.get("/language/cy").status_code == 302
    return client


def english_sentences() -> list[str]:
    """The catalogue's English sentences of three words or more that Welsh says otherwise,
    without placeholders or markup (so that each can be looked for as it is)."""
    with CY_PO.open("rb") as handle:
        catalogue = read_po(handle)
    return [
        str(message.id)
        for message in catalogue
        if isinstance(message.id, str)
        and message.id != message.string
        and "%" not in message.id
        and "<" not in message.id
        and len(message.id.split()) >= 3
    ]


def leftover_english(page: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    return [sentence for sentence in english_sentences() if sentence in text]


def test_the_programme_page_in_welsh(welsh, event):
    page = welsh.get(PROGRAMME)
    assert page.status_code == 200
    assert '<html lang="cy">' in page.text
    for words in ("Hidlo'r amserlen", "Dangos digwyddiadau", "Ychwanegu at eich calendr"):
        assert words in html.unescape(page.text), words
    assert "3 lle ar ôl" in page.text  # the standing, in Welsh, from Python
    assert "Unrhyw ddiwrnod" in page.text  # a form's choice, made at import time
    assert re.search(r"Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) \d+ ", page.text)
    assert leftover_english(page.text) == []


def test_the_event_page_in_welsh(welsh, event):
    page = welsh.get(EVENT)
    assert page.status_code == 200
    for words in (
        "Pryd",
        "Cofrestru",
        "Anghenion mynediad",  # a form label
        "Gall gwesteiwyr y digwyddiad weld fy enw",
        "3 lle ar ôl.",
        "hwylusydd",  # the speaker's role
        "Fydd y digwyddiad hwn ddim yn cael ei recordio.",
    ):
        assert words in html.unescape(page.text), words
    assert leftover_english(page.text) == []


def test_the_same_pages_stay_english_for_english_readers(client, event):
    page = client.get(EVENT, headers={"Accept-Language": "en-GB"})
    assert "3 places left." in page.text and "Access needs" in page.text
    assert "Anghenion mynediad" not in page.text
    # The check the Welsh pages pass finds the English ones.
    assert "Contact the host about any access needs you have." in leftover_english(page.text)


def test_registering_in_welsh_gives_welsh_pages_and_a_welsh_email(
    welsh, event, post_form, deliver_outbox
):
    form = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "sector": "local_government",
        "wants_reminders": "y",
    }
    response = post_form(EVENT, form, action=EVENT + "register")
    assert response.status_code == 302
    page = welsh.get(response.location)
    assert "Mae gennych chi le yn y digwyddiad hwn." in html.unescape(page.text)
    assert "Llywodraeth leol" in page.text  # the sector's label
    assert leftover_english(page.text) == []

    account = db.session.scalar(select(User).where(User.email == "ada@example.org"))
    assert account is not None and account.language == "cy"
    [mail] = deliver_outbox()
    assert mail.subject == "Mae gennych chi le yn Learning Circle"
    assert "Helo Ada Lovelace," in mail.text
    assert (
        "Times are in" not in mail.text and "Mae'r amseroedd yn amser Europe/London." in mail.text
    )


def test_my_events_in_welsh(client, event, sign_in):
    user = make_user("elin@example.org", name="Elin")
    register(event.id, user_id=user.id, answers=Answers())
    sign_in("elin@example.org")
    client.get("/language/cy")  # signing in starts a new session: choose again
    page = client.get("/my-events")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "<h1>Fy nigwyddiadau</h1>" in text and "<strong>Wedi'i gadarnhau</strong>" in text
    assert leftover_english(page.text) == []


def test_a_change_is_told_to_each_person_in_their_own_language(app, event, deliver_outbox):
    register(event.id, email="cymraeg@example.org", name="Elin", answers=Answers())
    register(event.id, email="english@example.org", name="Eddie", answers=Answers())
    db.session.scalar(select(User).where(User.email == "cymraeg@example.org")).language = "cy"
    db.session.commit()
    deliver_outbox()

    set_event_status(event, EventStatus.CANCELLED)
    mails = {mail.to: mail for mail in deliver_outbox()}
    welsh_mail, english_mail = mails["cymraeg@example.org"], mails["english@example.org"]
    assert welsh_mail.subject == "Wedi'i ganslo: Learning Circle"
    assert "Mae'n ddrwg gennym. Mae'r digwyddiad wedi'i ganslo." in welsh_mail.text
    assert english_mail.subject == "Cancelled: Learning Circle"
    assert "We are sorry. The event is cancelled." in english_mail.text


def test_a_welsh_reader_gets_welsh_calendar_words(welsh, event):
    feed = welsh.get(EVENT + "calendar.ics")
    assert feed.status_code == 200
    text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert "LOCATION:Ar-lein" in text
    assert "Siaradwyr: Siân Jones" in text
