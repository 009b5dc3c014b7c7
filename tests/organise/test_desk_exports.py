"""The desk's spreadsheets: every registration of the programme with the answers, and one host
organisation's events; hosts get their organisations' events only, with names and emails only
of people who agreed to share them; cells that would run as formulas are defused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from hls_events.extensions import db
from hls_events.models import (
    QuestionKind,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationStatus,
)
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_user,
)


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    return list(csv.DictReader(io.StringIO(response.text)))


def _world():
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    north = make_organisation("Northshire Council")
    south = make_organisation("Southshire Trust")
    base = datetime.now(UTC) + timedelta(days=20)
    later = make_event(programme, "later", title="Later one", organisation=north, starts_at=base)
    sooner = make_event(
        programme, "sooner", title="Sooner one", organisation=south, starts_at=base - timedelta(1)
    )
    everyone = RegistrationQuestion(
        programme_id=programme.id, label="Dietary needs", kind=QuestionKind.SHORT_TEXT
    )
    own = RegistrationQuestion(
        programme_id=programme.id, event_id=later.id, label="Topic", kind=QuestionKind.SHORT_TEXT
    )
    db.session.add_all([everyone, own])
    db.session.commit()
    shared = make_registration(
        later,
        make_user("ann@example.org", name="Ann Shared"),
        share_with_host=True,
        organisation="=HYPERLINK(1)",
    )
    private = make_registration(
        later, make_user("bob@example.org", name="Bob Private"), share_with_host=False
    )
    make_registration(
        sooner,
        make_user("cat@example.org", name="Cat South"),
        status=RegistrationStatus.WAITLISTED,
        waitlist_position=1,
    )
    db.session.add_all(
        [
            RegistrationAnswer(registration_id=shared.id, question_id=everyone.id, value="None"),
            RegistrationAnswer(registration_id=shared.id, question_id=own.id, value="Care\nHomes"),
            RegistrationAnswer(registration_id=private.id, question_id=everyone.id, value="Vegan"),
        ]
    )
    db.session.commit()
    make_host(programme, make_user("host@example.org"), north)
    return programme, north, south, private


def test_an_organiser_downloads_every_registration_with_the_answers(client, sign_in):
    _, north, south, _ = _world()
    sign_in("org@example.org")

    page = client.get("/organise/p/week/").text
    rows = _rows(client.get("/organise/p/week/registrations.csv"))

    assert "Every registration in the programme" in page
    assert f"/organise/p/week/hosts/{south.id}/registrations.csv" in page
    assert [row["Event"] for row in rows] == ["Sooner one", "Later one", "Later one"]
    assert rows[0]["Name"] == "Cat South" and rows[0]["Status"] == "Waiting list"
    assert rows[0]["Host"] == "Southshire Trust" and rows[0]["Waiting list position"] == "1"
    ann = next(row for row in rows if row["Name"] == "Ann Shared")
    bob = next(row for row in rows if row["Name"] == "Bob Private")
    assert ann["Dietary needs"] == "None" and ann["Later one: Topic"] == "Care; Homes"
    assert ann["Organisation"] == "'=HYPERLINK(1)"
    assert bob["Email"] == "bob@example.org" and bob["Dietary needs"] == "Vegan"

    north_rows = _rows(client.get(f"/organise/p/week/hosts/{north.id}/registrations.csv"))
    assert {row["Name"] for row in north_rows} == {"Ann Shared", "Bob Private"}
    assert client.get("/organise/p/week/hosts/99999/registrations.csv").status_code == 404
    assert client.get("/organise/p/week/hosts/99999999999/registrations.csv").status_code == 404


def test_a_host_downloads_their_organisations_events_with_shared_names_only(client, sign_in):
    _, north, south, private = _world()
    sign_in("host@example.org")

    page = client.get("/organise/p/week/").text
    rows = _rows(client.get("/organise/p/week/registrations.csv"))
    theirs = client.get(f"/organise/p/week/hosts/{south.id}/registrations.csv")
    ours = _rows(client.get(f"/organise/p/week/hosts/{north.id}/registrations.csv"))

    assert "Every registration for your events" in page
    assert {row["Event"] for row in rows} == {"Later one"}
    assert "Cat South" not in client.get("/organise/p/week/registrations.csv").text
    names = {row["Name"] for row in rows}
    assert names == {"Ann Shared", f"Attendee {private.id}"}
    hidden = next(row for row in rows if row["Name"] == f"Attendee {private.id}")
    assert hidden["Email"] == "" and hidden["Dietary needs"] == "Vegan"
    assert theirs.status_code == 404
    assert len(ours) == 2


def test_the_downloads_refuse_strangers(client, sign_in):
    _world()
    make_user("someone@example.org")

    assert client.get("/organise/p/week/registrations.csv").status_code in (302, 401)
    sign_in("someone@example.org")
    assert client.get("/organise/p/week/registrations.csv").status_code in (403, 404)
