"""Importing events from a CSV file into a programme: the template imports as it is, every bad
row is reported with its line and field, and nothing is written unless every row is good."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Activity,
    Event,
    EventSession,
    EventStatus,
    Organisation,
    Programme,
)
from hls_events.schedules.event_rows import COLUMNS
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_host, make_organisation, make_programme, make_user

BASE = "/organise/p/week/import-events/"
HEADER = ",".join(COLUMNS)


@pytest.fixture
def organiser(app):
    organiser = make_user("olu@example.org", name="Olu Organiser")
    make_programme("week", organisers=[organiser], starts_on=date(2027, 5, 17), days=5)
    return organiser


def week() -> Programme:
    return db.session.scalar(select(Programme).where(Programme.slug == "week"))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, content: bytes | str, filename: str = "events.csv"):
    page = client.get(BASE)
    raw = content.encode() if isinstance(content, str) else content
    return client.post(
        BASE,
        data={"csrf_token": csrf_token_from(page.text), "file": (io.BytesIO(raw), filename)},
        content_type="multipart/form-data",
    )


def confirm(client, preview_html: str):
    token = re.search(r'name="upload" type="hidden" value="([^"]+)"', preview_html)
    token = token or re.search(
        r'id="upload" name="upload" type="hidden" value="([^"]+)"', preview_html
    )
    assert token, "the preview has no confirming form"
    return client.post(
        BASE + "confirm",
        data={"csrf_token": csrf_token_from(preview_html), "upload": token.group(1)},
    )


def test_the_template_imports_as_it_is_after_a_preview(client, organiser, sign_in):
    sign_in(organiser.email)
    template = client.get(BASE + "template.csv")
    assert template.status_code == 200
    assert template.mimetype == "text/csv"
    assert template.text.splitlines()[0] == HEADER

    preview = upload(client, template.data)
    assert preview.status_code == 200
    assert "This will add 2 draft events." in preview.text
    assert "3 sessions in all." in preview.text
    assert "Gateshead Council" in preview.text
    assert _count(Event) == 0  # nothing made by looking

    done = confirm(client, preview.text)
    assert done.status_code == 302
    events = {event.title: event for event in db.session.scalars(select(Event))}
    listening = events["Listening to people who use services"]
    assert listening.status == EventStatus.DRAFT
    assert listening.capacity == 20
    assert listening.organisation.name == "Gateshead Council"
    assert [session.title for session in listening.sessions] == ["First meeting", "Second meeting"]
    # 10:00 in London in May is 09:00 UTC.
    assert listening.sessions[0].starts_at.hour == 9
    funding = events["Funding for learning"]
    assert funding.capacity is None
    assert {theme.name for theme in funding.themes} == {"Systems stewardship", "Funding"}
    [activity] = db.session.scalars(select(Activity).where(Activity.action == "imported"))
    assert activity.actor_id == organiser.id and "2 draft events" in activity.summary


def test_every_bad_row_is_reported_with_its_line_and_field_and_nothing_is_written(
    client, organiser, sign_in
):
    make_event(week(), "taken", title="Already here")
    sign_in(organiser.email)
    rows = [
        HEADER,
        "Good event,2027-05-18,10:00,11:00" + "," * (len(COLUMNS) - 4),
        "Bad date,2027-13-01,10:00,11:00" + "," * (len(COLUMNS) - 4),
        "Outside,2027-06-30,10:00,11:00" + "," * (len(COLUMNS) - 4),
        "Backwards,2027-05-18,11:00,10:00" + "," * (len(COLUMNS) - 4),
        "Odd format,2027-05-18,10:00,11:00,juggling" + "," * (len(COLUMNS) - 5),
        "Huge,2027-05-18,10:00,11:00,,,,,,,99999999999999999999,,,",
        ",2027-05-18,10:00,11:00" + "," * (len(COLUMNS) - 4),
        "Already here,2027-05-18,10:00,11:00" + "," * (len(COLUMNS) - 4),
        "Squared,2027-05-18,10:00,11:00,,,,,,,²,,,",
        "Zoned,2027-05-18,10:00+05:00,11:00" + "," * (len(COLUMNS) - 4),
    ]
    answer = upload(client, "\n".join(rows) + "\n")
    assert answer.status_code == 422
    text = answer.text
    assert "Nothing was imported" in text
    assert "line 3, date" in text
    assert "line 4, date" in text and "outside the programme" in text
    assert "line 5, ends" in text
    assert "line 6, format" in text and "juggling" in text
    assert "line 7, capacity" in text
    assert "line 8, event" in text
    assert "line 9, event" in text and "already has an event" in text
    assert "line 10, capacity" in text
    assert "line 11, starts" in text and "without a time zone" in text
    assert "line 2" not in text
    assert _count(Event) == 1 and _count(EventSession) == 1


def test_a_time_the_clocks_skip_is_refused(client, sign_in, app):
    organiser = make_user("olu@example.org")
    make_programme("week", organisers=[organiser], starts_on=date(2027, 3, 26), days=5)
    sign_in(organiser.email)
    answer = upload(client, HEADER + "\nSpring,2027-03-28,01:30,02:30" + "," * (len(COLUMNS) - 4))
    assert answer.status_code == 422
    assert "line 2, starts" in answer.text and "clocks go forward" in answer.text
    assert _count(Event) == 0


def test_a_column_named_twice_in_the_header_is_refused(client, organiser, sign_in):
    sign_in(organiser.email)
    header = HEADER.replace("date", "event", 1)
    answer = upload(
        client, (header + "\nA,B,10:00,11:00" + "," * (len(COLUMNS) - 4) + "\n").encode()
    )
    assert answer.status_code == 422
    assert "more than once: event" in answer.text
    assert _count(Event) == 0


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"event,date\n\xff\xfe broken",
        b"",
        b"title,when\nSomething,tomorrow\n",
        HEADER.encode() + b"\n",
    ],
    ids=["image", "not-utf8", "empty", "wrong-columns", "header-only"],
)
def test_a_file_that_is_not_an_events_csv_gets_a_clear_message(client, organiser, sign_in, content):
    sign_in(organiser.email)
    answer = upload(client, content)
    assert answer.status_code == 422
    assert "Nothing was imported" in answer.text or "Choose a CSV file" in answer.text
    assert _count(Event) == 0


def test_a_tampered_or_foreign_confirmation_writes_nothing(client, organiser, sign_in):
    sign_in(organiser.email)
    preview = upload(client, HEADER + "\nFine,2027-05-18,10:00,11:00" + "," * (len(COLUMNS) - 4))
    assert preview.status_code == 200
    token = re.search(r'name="upload" type="hidden" value="([^"]+)"', preview.text).group(1)
    forged = preview.text.replace(token, token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"))
    answer = confirm(client, forged)
    assert answer.status_code == 422
    assert "upload the file again" in answer.text
    assert _count(Event) == 0


def test_hosts_may_not_import(client, organiser, sign_in):
    host = make_user("hana@example.org")
    make_host(week(), host, make_organisation("Gateshead Council"))
    sign_in(host.email)
    assert client.get(BASE).status_code == 403
    assert _count(Organisation) == 1
