"""The calendar entry confirmation and change emails attach: the same UIDs as every feed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy

from hls_events.calendars.services import event_calendar_attachment
from hls_events.extensions import db
from hls_events.mail.compose import compose
from hls_events.models import RegistrationStatus
from tests.factories import make_event, make_programme, make_registration, make_user

from .clients import check, lint, vevents


def make_talk():
    programme = make_programme("week", starts_on=date(2027, 10, 25))
    event = make_event(
        programme,
        "talk",
        title="Café talk 🌱",
        starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC),
        sessions=2,
    )
    for session in event.sessions:
        session.joining_url = f"https://meet.example.org/room-{session.id}"
    db.session.commit()
    return event


def body_of(attachment) -> bytes:
    assert attachment.content_type == "text/calendar; method=PUBLISH; charset=utf-8"
    content = attachment.content
    return content.encode("utf-8") if isinstance(content, str) else content


def test_a_confirmed_place_gets_the_joining_details_and_the_feeds_uids(app, fetch_feed):
    event = make_talk()
    registration = make_registration(event, make_user())

    attachment = event_calendar_attachment(event, registration=registration)
    body = body_of(attachment)
    parsed = check(body)
    _, feed = fetch_feed("/p/week/calendar.ics")

    assert attachment.filename == "talk.ics"
    assert set(parsed) == set(feed)
    for session in event.sessions:
        uid = f"session-{session.id}@hls-events"
        assert parsed[uid].start == session.starts_at
        assert parsed[uid].status == "CONFIRMED"
        assert session.joining_url.encode() in body


def test_waiting_and_giving_up_a_place(app):
    event = make_talk()
    registration = make_registration(
        event, make_user(), status=RegistrationStatus.WAITLISTED, waitlist_position=1
    )

    waiting = body_of(event_calendar_attachment(event, registration=registration))
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    # Not committed: the email is queued in the same transaction as the change.
    given_up = body_of(event_calendar_attachment(event, registration=registration))

    assert {o.status for o in check(waiting).values()} == {"TENTATIVE"}
    assert {o.status for o in check(given_up).values()} == {"CANCELLED"}
    assert b"meet.example.org" not in waiting + given_up
    uid = f"session-{event.sessions[0].id}@hls-events"
    assert vevents(given_up)[uid]["DTSTAMP"] >= vevents(waiting)[uid]["DTSTAMP"]
    db.session.rollback()


def test_without_a_registration_it_is_the_public_entry(app):
    event = make_talk()

    body = body_of(event_calendar_attachment(event))

    assert {o.status for o in check(body).values()} == {"CONFIRMED"}
    assert b"meet.example.org" not in body


def test_the_attachment_survives_the_trip_through_an_email(app):
    event = make_talk()
    registration = make_registration(event, make_user())
    attachment = event_calendar_attachment(event, registration=registration)

    message = compose(
        sender="HLS Events <events@example.org>",
        to="ada@example.org",
        subject="You have a place",
        text="See you there.",
        attachments=[attachment],
        message_id="<1@example.org>",
        date=datetime(2027, 10, 1, tzinfo=UTC),
    )
    received = message_from_bytes(message.as_bytes(), policy=policy.default)
    part = next(p for p in received.walk() if p.get_content_type() == "text/calendar")

    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "talk.ics"
    body = part.get_payload(decode=True)
    assert not lint(body)
    assert len(check(body)) == 2
