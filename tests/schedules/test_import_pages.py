"""The organiser's import pages: upload, preview, confirm; nothing made before confirming,
and bad files answered with their problems, never a 500."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import Event, Programme, ProgrammeStatus
from tests.conftest import csrf_token_from
from tests.factories import make_user

from .samples import as_bytes, pretalx

UPLOAD = "/organise/import/"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organiser(app, client, sign_in):
    user = make_user("organiser@example.org", organiser=True)
    sign_in("organiser@example.org")
    return user


def upload(client, content: bytes, timezone: str = "Europe/London"):
    token = csrf_token_from(client.get(UPLOAD).text)
    return client.post(
        UPLOAD,
        data={
            "csrf_token": token,
            "timezone": timezone,
            "file": (io.BytesIO(content), "schedule.json"),
        },
        content_type="multipart/form-data",
    )


def test_upload_preview_confirm(client, organiser):
    preview = upload(client, as_bytes(pretalx()))
    assert preview.status_code == 200
    assert "Import “DemoCon”?" in preview.text
    assert "4 draft events" in preview.text and "2 speaker profiles" in preview.text
    assert count(Programme) == 0  # nothing yet
    upload_token = re.search(r'name="upload"[^>]*value="([^"]+)"', preview.text).group(1)
    done = client.post(
        "/organise/import/confirm",
        data={"csrf_token": csrf_token_from(preview.text), "upload": upload_token},
    )
    assert done.status_code == 302
    programme = db.session.scalar(select(Programme))
    assert done.location.endswith(f"/organise/p/{programme.slug}/")
    assert programme.status == ProgrammeStatus.DRAFT
    assert [user.id for user in programme.organisers] == [organiser.id]
    assert count(Event) == 4


def test_a_tampered_or_borrowed_upload_is_refused(client, organiser):
    preview = upload(client, as_bytes(pretalx()))
    upload_token = re.search(r'name="upload"[^>]*value="([^"]+)"', preview.text).group(1)
    refused = client.post(
        "/organise/import/confirm",
        data={"csrf_token": csrf_token_from(preview.text), "upload": upload_token[:-3] + "abc"},
    )
    assert refused.status_code == 422
    assert "upload the file again" in refused.text
    assert count(Programme) == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "NUL characters"),
        ("café".encode("latin-1"), "not UTF-8"),
        (b"{", "not JSON"),
        (
            b'{"schedule": {"conference": {"title": "T", "days": [{"rooms": {"Hall A": [{"title": "x", "date": "2027-03-28T01:30:00", "duration": "00:30"}]}}]}}}',
            "clocks go forward",
        ),
        (b'{"schedule": {"conference": {"title": "Sur\\ud800", "days": []}}}', "UTF-16"),
        (
            b'{"schedule": {"conference": {"title": "T", "days": [{"rooms": {"\\udfff": []}}]}}}',
            "UTF-16",
        ),
        (
            b'{"schedule": {"conference": {"title": "T", "days": [{"rooms": {"Hall A": [{"title": "x", "date": "9999-12-31T23:30:00-05:00", "duration": "00:30"}]}}]}}}',
            "out of range",
        ),
    ],
)
def test_bad_files_are_explained(client, organiser, content, says):
    response = upload(client, content)
    assert response.status_code == 422
    assert says in response.text
    assert "Nothing was imported" in response.text
    assert count(Programme) == 0


def test_the_problem_names_its_place(client, organiser):
    document = pretalx()
    document["schedule"]["conference"]["days"][1]["rooms"]["Hall A"][1]["start"] = "25:99"
    response = upload(client, as_bytes(document))
    assert response.status_code == 422
    assert "schedule.conference.days[1].rooms[&#34;Hall A&#34;][1].start" in response.text


def test_a_bad_time_zone_is_a_form_error(client, organiser):
    response = upload(client, as_bytes(pretalx()), timezone="Mars/Olympus")
    assert response.status_code == 422
    assert "Enter a time zone" in response.text
