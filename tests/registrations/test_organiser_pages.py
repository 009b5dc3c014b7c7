"""The organiser's and host's registration pages: the list, the spreadsheet, adding, moving,
cancelling, attendance, emailing everyone, places and dates, and questions."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import (
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Sector,
    utcnow,
)
from hls_events.registrations.answers import Answers
from tests.factories import make_event, make_host, make_organisation, make_user

BASE = "/organise/p/hls-week/events/learning-circle/registrations/"


@pytest.fixture
def organisation():
    return make_organisation("Analytical Council")


@pytest.fixture
def hosted_event(event, organisation):
    event.organisation_id = organisation.id
    db.session.commit()
    return event


@pytest.fixture
def full_house(hosted_event, sign_up):
    """Three places taken (one sharing their name with hosts) and two waiting."""
    outcomes = [
        sign_up(
            hosted_event,
            "ada@example.org",
            name="Ada Lovelace",
            answers=Answers(
                organisation="Analytical Council",
                sector=Sector.LOCAL_GOVERNMENT,
                access_needs="Step-free access",
                share_with_host=True,
            ),
        ),
        sign_up(
            hosted_event,
            "grace@example.org",
            name="Grace Hopper",
            answers=Answers(organisation="=HYPERLINK(evil)", sector=Sector.HEALTH),
        ),
        sign_up(
            hosted_event,
            "alan@example.org",
            name="Alan Turing",
            answers=Answers(sector=Sector.HEALTH),
        ),
        sign_up(hosted_event, "edsger@example.org", name="Edsger Dijkstra"),
        sign_up(hosted_event, "barbara@example.org", name="Barbara Liskov"),
    ]
    return outcomes


def test_the_organiser_sees_everyone_with_counts_answers_and_access_needs(
    client, organiser, full_house, sign_in
):
    sign_in(organiser.email)
    page = client.get(BASE)
    assert page.status_code == 200
    assert "3 places taken of 3;" in page.text and "2 on the waiting list" in page.text
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"):
        assert name in page.text
    assert "Step-free access" in page.text
    assert "NHS, health or social care: 2" in page.text
    assert "(number 2)" in page.text


def test_filters_narrow_the_list(client, organiser, full_house, sign_in):
    sign_in(organiser.email)
    waiting = client.get(BASE + "?status=waitlisted")
    assert "Edsger Dijkstra" in waiting.text and "Ada Lovelace" not in waiting.text
    assert "Showing 2 of 5." in waiting.text
    health = client.get(BASE + "?sector=health")
    assert "Grace Hopper" in health.text and "Ada Lovelace" not in health.text
    search = client.get(BASE + "?q=lovelace")
    assert "Showing 1 of 5." in search.text
    # What is typed is looked for as it is: "%" and "_" are not wildcards.
    for typed in ("%25", "_", "a_a"):
        assert "Showing 0 of 5." in client.get(BASE + "?q=" + typed).text, typed
    longest = client.get(BASE + "?q=" + "x" * 50_001)
    assert longest.status_code == 200 and "Showing 0 of 5." in longest.text


def test_a_host_sees_names_only_where_people_agreed(
    client, organisation, hosted_event, full_house, sign_in
):
    host = make_user("host@example.org", name="Hetty Host")
    make_host(hosted_event.programme, host, organisation)
    sign_in(host.email)
    page = client.get(BASE)
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text and "ada@example.org" in page.text
    assert "Grace Hopper" not in page.text and "grace@example.org" not in page.text
    assert "Attendee 2" in page.text
    assert "Step-free access" in page.text
    assert "Showing 0 of 5." in client.get(BASE + "?q=grace").text
    exported = client.get(BASE + "registrations.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["Name"] for row in rows][:2] == ["Ada Lovelace", "Attendee 2"]
    assert rows[1]["Email"] == ""
    # Moving to another event and programme-wide questions are for organisers.
    assert client.get(BASE + "1/move").status_code == 403


def test_people_outside_the_programme_are_kept_out(client, full_house, sign_in):
    assert client.get(BASE).status_code == 302
    make_user("nosy@example.org")
    sign_in("nosy@example.org")
    assert client.get(BASE).status_code == 403
    assert client.get(BASE + "registrations.csv").status_code == 403


def test_the_spreadsheet_has_every_column_and_defuses_formulas(
    client, organiser, full_house, sign_in
):
    sign_in(organiser.email)
    exported = client.get(BASE + "registrations.csv?status=confirmed")
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    assert "learning-circle-registrations.csv" in exported.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["Email"] for row in rows] == [
        "ada@example.org",
        "grace@example.org",
        "alan@example.org",
    ]
    assert rows[0]["Access needs"] == "Step-free access"
    assert rows[0]["Sector"] == "Local government"
    assert rows[1]["Organisation"] == "'=HYPERLINK(evil)"


def test_adding_a_registration_confirms_or_waitlists_and_emails_them(
    client, organiser, hosted_event, post_form, sign_in, deliver_outbox
):
    sign_in(organiser.email)
    form = client.get(BASE + "add").text
    assert "Their name" in form and "Their access needs" in form and "Your name" not in form
    answer = post_form(
        BASE + "add", {"name": "Kath Johnson", "email": "kath@example.org", "sector": "other"}
    )
    assert answer.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.source == "organiser"
    [mail] = deliver_outbox()
    assert "have registered you for this event" in mail.text
    again = post_form(BASE + "add", {"name": "Kath Johnson", "email": "kath@example.org"})
    assert again.status_code == 422
    assert "already registered" in again.text


def test_cancelling_from_the_list_gives_the_place_to_the_next_in_line(
    client, organiser, full_house, post_form, sign_in, deliver_outbox
):
    sign_in(organiser.email)
    deliver_outbox()
    cancel = BASE + f"{full_house[1].registration_id}/cancel"
    asked = client.get(cancel)
    assert "loses their place at Learning Circle and is emailed" in asked.text
    unconfirmed = post_form(BASE, {}, action=cancel)
    assert unconfirmed.status_code == 200  # the confirmation page again; nothing changed
    answer = post_form(BASE, {"confirm": "yes"}, action=cancel)
    assert answer.status_code == 302
    assert "1 person from the waiting list now has a place" in client.get(BASE).text
    mails = {m.to: m.subject for m in deliver_outbox()}
    assert mails == {
        "grace@example.org": "Cancelled: your registration for Learning Circle",
        "edsger@example.org": "A place is yours: Learning Circle",
    }


def test_moving_a_registration_to_another_event(
    client, organiser, programme, full_house, post_form, sign_in
):
    other = make_event(programme, "story-session", title="Story Session", capacity=5)
    sign_in(organiser.email)
    page = client.get(BASE + f"{full_house[0].registration_id}/move")
    assert "Story Session" in page.text
    answer = post_form(BASE + f"{full_house[0].registration_id}/move", {"event": str(other.id)})
    assert answer.status_code == 302
    db.session.expire_all()
    moved = db.session.scalar(select(Registration).where(Registration.event_id == other.id))
    assert moved.status == RegistrationStatus.CONFIRMED
    assert moved.access_needs == "Step-free access"
    assert db.session.get(Registration, full_house[0].registration_id).status == (
        RegistrationStatus.CANCELLED
    )
    assert db.session.get(Registration, full_house[3].registration_id).status == (
        RegistrationStatus.CONFIRMED
    )


def test_attendance_for_an_id_beyond_any_registration_is_refused(
    client, organiser, full_house, post_form, sign_in
):
    sign_in(organiser.email)
    for sent in ("99999999999999999999", "0", "x"):
        response = post_form(
            BASE, {"registrations": [sent], "attended": "yes"}, action=BASE + "attendance"
        )
        assert response.status_code == 302, sent
        assert "Choose people, and whether they attended." in client.get(BASE).text


def test_attendance_is_marked_once_the_event_has_started(
    client, organiser, full_house, hosted_event, post_form, sign_in
):
    sign_in(organiser.email)
    ids = [str(o.registration_id) for o in full_house[:2]]
    early = post_form(BASE, {"registrations": ids, "attended": "yes"}, action=BASE + "attendance")
    assert early.status_code == 302
    assert "once the event has started" in client.get(BASE).text
    sitting = hosted_event.sessions[0]
    sitting.starts_at = utcnow() - timedelta(hours=2)
    sitting.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    page = client.get(BASE)
    assert "Mark attendance" in page.text
    post_form(BASE, {"registrations": ids, "attended": "yes"}, action=BASE + "attendance")
    post_form(
        BASE,
        {"registrations": [str(full_house[2].registration_id)], "attended": "no"},
        action=BASE + "attendance",
    )
    db.session.expire_all()
    statuses = [db.session.get(Registration, o.registration_id).status for o in full_house]
    assert statuses == [
        RegistrationStatus.ATTENDED,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.NO_SHOW,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]


@pytest.mark.parametrize(
    ("audience", "recipients"),
    [
        ("confirmed", {"ada@example.org", "grace@example.org", "alan@example.org"}),
        ("waitlisted", {"edsger@example.org", "barbara@example.org"}),
    ],
)
def test_emailing_everyone_with_a_place_or_waiting(
    client, organiser, full_house, post_form, sign_in, deliver_outbox, audience, recipients
):
    sign_in(organiser.email)
    deliver_outbox()
    message = {
        "audience": audience,
        "subject": "Bring a mug",
        "message": "We have tea.\n\nSee you.",
    }
    asked = post_form(BASE + "email", message)
    assert asked.status_code == 200
    assert f"Send this email to {len(recipients)} people?" in asked.text
    assert deliver_outbox() == []  # nothing is sent before the organiser confirms
    answer = post_form(BASE + "email", {**message, "confirm": "yes"})
    assert answer.status_code == 302
    mails = deliver_outbox()
    assert {m.to for m in mails} == recipients
    assert {m.subject for m in mails} == {"Bring a mug"}
    assert "We have tea." in mails[0].text and "Sent by Olive Organiser" in mails[0].text


def test_more_places_in_the_settings_go_to_the_waiting_list(
    client, organiser, full_house, post_form, sign_in
):
    sign_in(organiser.email)
    page = client.get(BASE + "settings")
    assert "When the event is full, people may join a waiting list" in page.text
    assert 'checked id="waitlist"' in page.text
    answer = post_form(BASE + "settings", {"capacity": "4", "waitlist": "y"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, full_house[3].registration_id).status == (
        RegistrationStatus.CONFIRMED
    )
    answer = post_form(BASE + "settings", {"capacity": "-1"})
    assert answer.status_code == 422


def test_questions_for_the_programme_and_for_one_event(
    client, organiser, organisation, hosted_event, post_form, sign_in
):
    sign_in(organiser.email)
    answer = post_form(
        BASE + "questions",
        {
            "label": "Which strand?",
            "kind": "single_choice",
            "choices": "Practice\nResearch",
            "required": "y",
            "whole_programme": "y",
        },
    )
    assert answer.status_code == 302
    too_few = post_form(
        BASE + "questions", {"label": "Pick", "kind": "multiple_choice", "choices": "Only"}
    )
    assert too_few.status_code == 422
    question = db.session.scalar(select(RegistrationQuestion))
    assert question.event_id is None and question.kind == QuestionKind.SINGLE_CHOICE

    # A host adds a question for their own event, and cannot change the programme's.
    host = make_user("host@example.org")
    make_host(hosted_event.programme, host, organisation)
    post_form("/account/", {}, action="/account/sign-out")
    sign_in(host.email)
    page = client.get(BASE + "questions")
    assert "Ask at every event of the programme" not in page.text
    post_form(BASE + "questions", {"label": "Dietary needs?", "kind": "long_text"})
    host_question = db.session.scalar(
        select(RegistrationQuestion).where(RegistrationQuestion.label == "Dietary needs?")
    )
    assert host_question.event_id == hosted_event.id
    assert client.get(BASE + f"questions/{question.id}/edit").status_code == 403
    answer = post_form(BASE + "questions", {}, action=BASE + f"questions/{host_question.id}/remove")
    assert answer.status_code == 302
    assert db.session.get(RegistrationQuestion, host_question.id) is None
