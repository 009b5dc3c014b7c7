"""No 500 for any input, refused once where it enters (issue 20): ids beyond the columns,
page numbers, files in text fields, control characters, and formulas in CSV headers."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.forms_common import FILE_IN_TEXT_FIELD, Form
from hls_events.inputs import whole_number
from hls_events.models import CallQuestion, QuestionKind, RegistrationQuestion, User
from tests.factories import (
    make_call,
    make_event,
    make_programme,
    make_registration,
    make_user,
)

PACKAGE = Path(__file__).resolve().parent.parent / "hls_events"
HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/practice/reflections/{HUGE}",
        f"/practice/reflections/{2**31}",
        "/practice/reflections/0",
        "/practice/reflections/-1",
        f"/organise/p/hls-week/proposals/{HUGE}/",
    ],
)
def test_ids_beyond_the_columns_range_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", [HUGE, "-1", "0", "abc", "1e5", "٣", ""])
def test_odd_page_numbers_show_the_first_page(client, page):
    programme = make_programme("hls-week")
    for path in ("/practice/", "/p/hls-week/speakers/", "/p/hls-week/changes/"):
        assert client.get(f"{path}?page={page}").status_code == 200, path
    assert programme.id


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/p/a%00b/"},
        {"path": "/practice/?q=a%00b"},
        {"path": "/practice/?q=%1b"},
        {"path": "/account/sign-in", "method": "POST", "data": {"email": "a\x00@example.org"}},
        {
            "path": "/account/sign-in",
            "method": "POST",
            "json": {"email": ["\x00"]},
        },
    ],
)
def test_control_characters_are_refused_before_any_route(client, request_kwargs):
    response = client.open(**request_kwargs)
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


def test_tabs_and_new_lines_in_bodies_are_ordinary_text(client, app):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post(
        "/account/sign-in", data={"email": "ada@example.org", "password": "a\tb\r\nc"}
    )
    assert response.status_code != 400


def test_a_file_in_a_text_field_is_the_fields_error(client, app):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post(
        "/account/sign-up",
        data={"name": (io.BytesIO(b"x"), "name.txt"), "email": (io.BytesIO(b"y"), "e.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert FILE_IN_TEXT_FIELD.split(".")[0] in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_every_form_has_the_common_base(app):
    def all_subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *all_subclasses(sub)]
        return found

    strays = [
        f"{form.__module__}.{form.__qualname__}"
        for form in all_subclasses(FlaskForm)
        if form.__module__.startswith("hls_events") and not issubclass(form, Form)
    ]
    assert strays == []


def test_no_csv_is_written_but_through_the_safe_writer():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "spreadsheets.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"writer", "DictWriter"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_a_call_saved_without_its_questions_field_is_not_a_500(client, app, sign_in):
    organiser = make_user("olive@example.org", organiser=True)
    programme = make_programme("hls-week", organisers=[organiser])
    make_call(programme, questions=["Who is it for?"])
    sign_in(organiser.email)
    app.config["WTF_CSRF_ENABLED"] = False

    response = client.post(
        "/organise/p/hls-week/call",
        data={"guidance": "More", "opens_at": "2030-01-01T10:00", "closes_at": "2030-02-01T10:00"},
    )

    assert response.status_code in (302, 422)
    assert db.session.scalar(select(func.count()).select_from(CallQuestion)) == 0


def test_the_registrations_csv_header_is_escaped_too(client, sign_in):
    organiser = make_user("olive@example.org", organiser=True)
    programme = make_programme("hls-week", organisers=[organiser])
    event = make_event(programme, "learning-circle")
    db.session.add(
        RegistrationQuestion(
            programme_id=programme.id,
            label='=HYPERLINK("http://evil.example","x")',
            kind=QuestionKind.SHORT_TEXT,
        )
    )
    db.session.commit()
    make_registration(event, make_user("ada@example.org", name="=1+1"))
    sign_in(organiser.email)

    exported = client.get(
        "/organise/p/hls-week/events/learning-circle/registrations/registrations.csv"
    )

    header, row = list(csv.reader(io.StringIO(exported.text)))[:2]
    assert header[-1].startswith("'=HYPERLINK")
    assert row[0] == "'=1+1"


@pytest.mark.parametrize(
    ("text", "largest", "expected"),
    [
        ("0", 10, 0),
        ("7", 10, 7),
        ("10", 10, 10),
        ("11", 10, None),
        ("07", 10, 7),
        ("007", 10, None),  # longer than the largest, written out
        ("", 10, None),
        ("-1", 10, None),
        ("+1", 10, None),
        (" 1", 10, None),
        ("1.0", 10, None),
        ("²", 10, None),  # isdigit() says yes; int() refuses it
        ("\uff11\uff12", 100, None),  # full-width digits: int() would read 12
        ("٣", 10, None),  # an Arabic-Indic three
        (HUGE, 2**31 - 1, None),
        ("2147483647", 2**31 - 1, 2**31 - 1),
        ("2147483648", 2**31 - 1, None),
    ],
)
def test_whole_numbers_are_ascii_digits_within_their_bound(text, largest, expected):
    assert whole_number(text, largest) == expected


def test_no_module_reads_digits_but_through_whole_number():
    """ "²".isdigit() is true and int("²") a ValueError: every place that read digits with
    isdigit() was a 500 for it once, so digits are read in one place."""
    readers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if ".isdigit()" in path.read_text() and path.name != "inputs.py"
    ]
    assert readers == []
