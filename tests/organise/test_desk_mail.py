"""Email from the organiser's desk: audiences, preview, a test to yourself, the confirmation,
one email per person in their language with their name and event details, the list of
messages sent, the activity log; hosts email their own events' people only."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Activity,
    DeskMessage,
    EventMode,
    EventSpeaker,
    OutboxMessage,
    RegistrationStatus,
    SpeakerRole,
)
from hls_events.organise.mailing import Audience, recipients
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_speaker,
    make_user,
)

EMAIL = "/organise/p/week/email"


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


@pytest.fixture
def week(app):
    """Two events: Ada holds places at both, Bea waits for one, Cy's place is cancelled; a
    speaker with an account, a host of the second event's organisation."""
    olive = make_user("org@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("week", title="HLS Week", organisers=[olive])
    council = make_organisation("Northshire Council")
    circle = make_event(programme, "circle", title="Learning circle", mode=EventMode.IN_PERSON)
    circle.sessions[0].venue_name = "Town Hall"
    walk = make_event(programme, "walk", title="Harbour walk", organisation=council)
    ada = make_user("ada@example.org", name="Ada Lovelace", language="cy")
    bea = make_user("bea@example.org", name="Bea Waiting")
    cy = make_user("cy@example.org", name="Cy Cancelled")
    make_registration(circle, ada)
    make_registration(walk, ada)
    make_registration(walk, bea, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    make_registration(circle, cy, status=RegistrationStatus.CANCELLED)
    speaker_user = make_user("sam@example.org", name="Sam Speaker")
    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    circle.speaker_roles.append(EventSpeaker(speaker=speaker, role=SpeakerRole.SPEAKER))
    db.session.commit()
    make_host(programme, make_user("hal@example.org", name="Hal Host"), council)
    return programme


def _emails(audience: Audience, programme, event=None) -> list[str]:
    return [r.user.email for r in recipients(programme, audience, event)]


def test_each_audience_reaches_its_people_once(week):
    walk = next(event for event in week.events if event.slug == "walk")
    assert _emails(Audience.PLACES, week) == ["ada@example.org"]  # two places, one email
    assert _emails(Audience.WAITING, week) == ["bea@example.org"]
    assert _emails(Audience.SPEAKERS, week) == ["sam@example.org"]
    assert _emails(Audience.HOSTS, week) == ["hal@example.org"]
    assert sorted(_emails(Audience.EVENT, week, walk)) == ["ada@example.org", "bea@example.org"]


def _previews(html: str) -> list[str]:
    return re.findall(r'<pre class="panel email-preview">(.*?)</pre>', html, re.S)


def _message(**fields: str) -> dict[str, str]:
    return {
        "audience": "places",
        "event": "0",
        "subject": "Welcome",
        "body": "See you soon.",
    } | fields


def test_an_empty_message_is_refused_and_nothing_is_sent(client, sign_in, post_form, week):
    sign_in("org@example.org")
    refused = post_form(EMAIL, _message(body="   ", step="preview"))
    assert refused.status_code == 422
    assert "an email with no text cannot be sent" in refused.text
    sent = post_form(EMAIL, _message(body="", step="send"))
    assert sent.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(func.count()).select_from(DeskMessage)) == 0


def test_preview_test_confirm_and_send(client, sign_in, post_form, week, deliver_outbox):
    sign_in("org@example.org")
    body = "Hello everyone,\n\nThe week starts on Monday."

    preview = post_form(EMAIL, _message(body=body, step="preview"))
    assert preview.status_code == 200
    assert "Hello Sam Example," in preview.text
    assert "Learning circle" in preview.text and "Harbour walk" in preview.text  # their places
    [shown] = _previews(preview.text)
    assert shown.startswith("Hello Sam Example,\n\nThe week starts")  # one greeting, not two
    assert "Your places:" in shown
    walk = next(event for event in week.events if event.slug == "walk")
    both = post_form(EMAIL, _message(audience="event", event=str(walk.id), step="preview"))
    with_place, without = _previews(both.text)
    assert "Someone with a place" in both.text and "Someone without a place" in both.text
    assert "Your place:" in with_place and "Harbour walk" in with_place
    assert "Your place" not in without

    tested = post_form(EMAIL, _message(body=body, step="test"))
    assert "Sent a test to you at org@example.org." in tested.text
    [test] = deliver_outbox()
    assert test.to == "org@example.org" and test.subject == "[Test] Welcome"
    assert db.session.scalar(select(func.count()).select_from(DeskMessage)) == 0

    confirm = post_form(EMAIL, _message(body=body, step="confirm"))
    assert "Send this email to 1 person?" in confirm.text
    assert "1 person (Everyone with a place, across the programme) will be emailed" in confirm.text
    assert deliver_outbox() == []  # asking sends nothing

    done = post_form(EMAIL, _message(body=body, step="send"))
    assert done.status_code == 302
    [mail] = deliver_outbox()
    assert mail.to == "ada@example.org" and mail.subject == "Welcome"
    # Ada reads Welsh: the greeting and the frame are hers, the message is the organiser's.
    assert mail.text.startswith("Helo Ada Lovelace,\n\nThe week starts on Monday.")
    assert "Learning circle" in mail.text and "Town Hall" in mail.text
    assert "Harbour walk" in mail.text
    assert "/registrations/" in mail.text  # her link to each place

    listed = client.get("/organise/p/week/messages").text
    assert "Welcome" in listed and "Olive Organiser" in listed and "1 person" in listed
    assert "The week starts on Monday." in listed
    summary = db.session.scalar(select(Activity.summary).where(Activity.action == "emailed"))
    assert summary == "Emailed 1 person (Everyone with a place, across the programme): “Welcome”."


def test_no_one_in_the_audience_is_said_and_nothing_recorded(client, sign_in, post_form, app):
    make_programme("week", organisers=[make_user("org@example.org", organiser=True)])
    sign_in("org@example.org")
    page = post_form(EMAIL, _message(audience="waiting", step="send"))
    assert page.status_code == 422
    assert "No one is in this audience yet" in page.text
    assert db.session.scalar(select(func.count()).select_from(DeskMessage)) == 0


def test_hosts_email_their_own_events_people_only(client, sign_in, post_form, week, deliver_outbox):
    circle, walk = (next(e for e in week.events if e.slug == slug) for slug in ("circle", "walk"))
    sign_in("hal@example.org")
    programme_wide = post_form(EMAIL, _message(step="send"))
    assert programme_wide.status_code == 422
    other = post_form(EMAIL, _message(audience="event", event=str(circle.id), step="send"))
    assert other.status_code == 422
    assert "Choose one of the programme" in other.text, other.text
    assert deliver_outbox() == []

    own = post_form(EMAIL, _message(audience="event", event=str(walk.id), step="send"))
    assert own.status_code == 302
    assert sorted(mail.to for mail in deliver_outbox()) == ["ada@example.org", "bea@example.org"]
    assert "The people of Harbour walk" in client.get("/organise/p/week/messages").text


def test_hosts_see_the_messages_to_their_events_only(client, sign_in, post_form, week):
    sign_in("org@example.org")
    post_form(EMAIL, _message(subject="For everyone", step="send"))
    page = client.get("/organise/")
    client.post("/account/sign-out", data={"csrf_token": csrf_token_from(page.text)})
    sign_in("hal@example.org")
    page = client.get("/organise/p/week/messages")
    assert page.status_code == 200
    assert "For everyone" not in page.text


def test_an_events_message_greets_once_and_carries_the_event_details(
    client, sign_in, post_form, week, deliver_outbox
):
    sign_in("org@example.org")
    answer = post_form(
        "/organise/p/week/events/circle/registrations/email",
        {
            "audience": "both",
            "subject": "Room change",
            "message": "Hello,\n\nWe are upstairs.",
            "confirm": "yes",
        },
    )
    assert answer.status_code == 302
    [mail] = deliver_outbox()
    assert mail.text.startswith("Helo Ada Lovelace,\n\nWe are upstairs.")
    assert "Hello," not in mail.text
    assert "Town Hall" in mail.text  # the promised event details
    kept = db.session.scalar(select(DeskMessage))
    assert (kept.subject, kept.recipients, kept.audience) == ("Room change", 1, "event")
    assert kept.body == "We are upstairs."


@pytest.mark.parametrize(
    "fields",
    [
        {"event": "99999999999999999999999", "audience": "event"},
        {"event": "abc", "audience": "event"},
        {"audience": "everyone"},
        {"subject": "x" * 201},
        {"body": "\x00"},
        {"step": "send", "body": "y" * 10001},
    ],
)
def test_bad_input_is_refused_and_nothing_sent(client, sign_in, post_form, week, fields):
    sign_in("org@example.org")
    answer = post_form(EMAIL, _message(step="send") | fields)
    assert answer.status_code in (400, 422)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(func.count()).select_from(DeskMessage)) == 0


def test_a_file_in_the_message_is_refused(client, sign_in, week):
    sign_in("org@example.org")
    page = client.get(EMAIL)
    answer = client.post(
        EMAIL,
        data={
            **_message(step="send"),
            "body": (io.BytesIO(b"\x00\xff"), "x.txt"),
            "csrf_token": csrf_token_from(page.text),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code in (400, 422)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def _programme_with_places(slug: str, organiser: Any, people: int) -> None:
    """``people`` with a place at one event: some read Welsh, some keep an own time zone."""
    programme = make_programme(slug, organisers=[organiser])
    event = make_event(programme, "talk", sessions=2)
    for number in range(people):
        make_registration(
            event,
            make_user(
                f"{slug}{number}@example.org",
                language="cy" if number % 2 else None,
                timezone="Pacific/Auckland" if number % 3 == 0 else None,
            ),
        )
    db.session.commit()


def test_a_desk_email_costs_the_same_statements_for_few_and_many_people(
    client, sign_in, count_queries, deliver_outbox
):
    organiser = make_user("org@example.org", organiser=True)
    _programme_with_places("few", organiser, 3)
    _programme_with_places("many", organiser, 30)
    sign_in("org@example.org")

    def count(slug: str) -> int:
        url = f"/organise/p/{slug}/email"
        token = csrf_token_from(client.get(url).text)
        db.session.expunge_all()
        with count_queries() as statements:
            sent = client.post(url, data={**_message(step="send"), "csrf_token": token})
        assert sent.status_code == 302
        return len(statements)

    assert count("few") == count("many")
    mails = {mail.to: mail for mail in deliver_outbox()}
    assert len(mails) == 33
    # Each copy still in the recipient's language and, where they keep one, their own zone.
    assert mails["many1@example.org"].text.startswith("Helo ")
    assert mails["many2@example.org"].text.startswith("Hello ")
    assert "Auckland" in mails["many3@example.org"].text
    assert "Auckland" not in mails["many2@example.org"].text
