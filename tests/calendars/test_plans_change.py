"""When plans change, everyone who holds a place hears of it, and every calendar follows: feeds
and attachments are parsed with the same real parsers as every other feed test."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import icalendar
import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.mail.later import needs_writing, write_now
from hls_events.models import (
    EventMode,
    EventStatus,
    OutboxMessage,
    OutboxStatus,
    Registration,
    RegistrationStatus,
)
from hls_events.organise.services import (
    EventDetails,
    SessionDetails,
    set_event_status,
    update_event,
    update_session,
)
from hls_events.registrations.services import cancel_registration, register
from tests.factories import make_event, make_programme, make_user

from .clients import check

STARTS = datetime(2030, 10, 26, 9, tzinfo=UTC)


@pytest.fixture
def scene(app):
    programme = make_programme("week", title="HLS Week", starts_on=STARTS.date())
    event = make_event(
        programme, "circle", title="Learning circle", starts_at=STARTS, capacity=1, sessions=2
    )
    for number, session in enumerate(event.sessions, start=1):
        session.joining_url = f"https://meet.example.org/circle-{number}"
    db.session.commit()
    ada = make_user("ada@example.org", name="Ada")
    bo = make_user("bo@example.org", name="Bo")
    register(event.id, user_id=ada.id)
    register(event.id, user_id=bo.id)
    return {"programme": programme, "event": event, "ada": ada, "bo": bo}


def _registration(user) -> Registration:
    return db.session.scalar(select(Registration).where(Registration.user_id == user.id))


def _emails(to: str, template_subject: str = "") -> list[OutboxMessage]:
    """The person's emails, as the worker would have written them when sending them at once
    (registration confirmations are written by the worker: hls_events/mail/later.py)."""
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)):
        if needs_writing(message):
            assert write_now(message)
    db.session.commit()
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == to, ~OutboxMessage.key.like("reminder:%"))
        .order_by(OutboxMessage.id)
    )
    return [message for message in messages if template_subject in message.subject]


def _reminders(status: OutboxStatus) -> int:
    return len(
        list(
            db.session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.key.like("reminder:%"), OutboxMessage.status == status
                )
            )
        )
    )


def _attachment(message: OutboxMessage) -> bytes:
    # The calendar file (a confirmation also carries the check-in QR code).
    [attachment] = [
        attachment
        for attachment in json.loads(message.attachments)
        if attachment["content_type"].startswith("text/calendar")
    ]
    assert attachment["encoding"] == "text"
    return attachment["content"].encode("utf-8")


def _vevents(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def _feed(calendar_app, url: str) -> bytes:
    response = calendar_app.get(url)
    assert response.status_code == 200, url
    check(response.data)
    return response.data


def _personal(calendar_app, user) -> bytes:
    return _feed(calendar_app, f"/calendar/{user.calendar_token}.ics")


def _details(event, **changes) -> EventDetails:
    values = dict(
        title=event.title,
        summary=event.summary,
        description=event.description,
        format=event.format,
        mode=event.mode,
        organisation_id=event.organisation_id,
        new_organisation="",
        capacity=event.capacity,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        is_recorded=event.is_recorded,
        access_arrangements=event.access_arrangements,
        theme_ids=[theme.id for theme in event.themes],
    )
    values.update(changes)
    return EventDetails(**values)


def test_cancelling_keeps_the_event_in_every_feed_and_tells_everyone(scene, calendar_app):
    event, ada, bo = scene["event"], scene["ada"], scene["bo"]
    assert _reminders(OutboxStatus.PENDING) == 4  # Ada: a day and an hour before each session

    set_event_status(event, EventStatus.CANCELLED)

    for url in ("/p/week/calendar.ics", "/p/week/events/circle/calendar.ics"):
        parsed = check(_feed(calendar_app, url))
        assert {occurrence.status for occurrence in parsed.values()} == {"CANCELLED"}
    parsed = check(_personal(calendar_app, ada))
    assert len(parsed) == 2
    assert {occurrence.status for occurrence in parsed.values()} == {"CANCELLED"}
    # With a place and waiting: both told.
    assert [m.subject for m in _emails(ada.email, "Cancelled")]
    assert [m.subject for m in _emails(bo.email, "Cancelled")]
    assert _reminders(OutboxStatus.PENDING) == 0
    # The file behind the registration's "add to calendar" link says cancelled too.
    [told] = _emails(ada.email, "Cancelled")
    assert {str(v["STATUS"]) for v in _vevents(_attachment(told))} == {"CANCELLED"}


def test_publishing_a_cancelled_event_again_tells_them_and_restores_reminders(scene):
    event, ada, bo = scene["event"], scene["ada"], scene["bo"]
    set_event_status(event, EventStatus.CANCELLED)
    set_event_status(event, EventStatus.PUBLISHED)

    assert _emails(ada.email, "Going ahead") and _emails(bo.email, "Going ahead")
    assert _reminders(OutboxStatus.PENDING) == 4
    [told] = _emails(ada.email, "Going ahead")
    assert {str(v["STATUS"]) for v in _vevents(_attachment(told))} == {"CONFIRMED"}


@pytest.mark.parametrize(
    "change",
    [{"title": "Learning circle (renamed)"}, {"mode": EventMode.HYBRID}],
    ids=["title", "mode"],
)
def test_a_new_title_or_mode_tells_people_and_raises_sequence(scene, calendar_app, change):
    event, ada, bo = scene["event"], scene["ada"], scene["bo"]
    before = check(_feed(calendar_app, "/p/week/calendar.ics"))
    mine_before = check(_personal(calendar_app, ada))

    update_event(event, _details(event, **change))

    after = check(_feed(calendar_app, "/p/week/calendar.ics"))
    mine_after = check(_personal(calendar_app, ada))
    for uid, occurrence in after.items():
        assert occurrence.sequence > before[uid].sequence
        assert mine_after[uid].sequence > mine_before[uid].sequence
    assert _emails(ada.email, "Changed") and _emails(bo.email, "Changed")


def test_a_new_session_title_tells_people_and_raises_that_sessions_sequence(scene, calendar_app):
    event, ada = scene["event"], scene["ada"]
    first, second = event.sessions
    before = check(_feed(calendar_app, "/p/week/calendar.ics"))
    zone = event.programme.zone
    local_start, local_end = first.starts_at.astimezone(zone), first.ends_at.astimezone(zone)

    update_session(
        first,
        SessionDetails(
            title="Part one",
            day=local_start.date(),
            starts_at=local_start.time(),
            ends_at=local_end.time(),
            venue_name=first.venue_name,
            venue_address=first.venue_address,
            joining_url=first.joining_url,
        ),
    )

    after = check(_feed(calendar_app, "/p/week/calendar.ics"))
    first_uid, second_uid = (f"session-{s.id}@hls-events" for s in (first, second))
    assert after[first_uid].sequence == before[first_uid].sequence + 1
    assert after[second_uid].sequence == before[second_uid].sequence
    [told] = _emails(ada.email, "Changed")
    assert "Part one" in told.body_text


def test_capacity_alone_leaves_every_feed_byte_identical(scene, calendar_app):
    event, ada = scene["event"], scene["ada"]
    urls = ["/p/week/calendar.ics", "/p/week/events/circle/calendar.ics"]
    before = [_feed(calendar_app, url) for url in urls] + [_personal(calendar_app, ada)]
    stamped = event.updated_at

    update_event(event, _details(event, capacity=5, access_arrangements="Step-free entrance."))

    assert event.updated_at > stamped  # the event did change, just not what calendars show
    after = [_feed(calendar_app, url) for url in urls] + [_personal(calendar_app, ada)]
    assert after == before


def test_a_persons_own_status_moves_on_with_a_higher_sequence(scene, calendar_app):
    ada, bo = scene["ada"], scene["bo"]
    [waiting] = _emails(bo.email)  # the waiting-list email: no calendar file
    assert waiting.attachments == "[]"
    [confirmed] = _emails(ada.email)
    sent_to_ada = {str(v["UID"]): int(v["SEQUENCE"]) for v in _vevents(_attachment(confirmed))}

    cancel_registration(_registration(ada).id)

    # Ada's feed cancels her entries with a higher SEQUENCE than the copy she was sent.
    mine = check(_personal(calendar_app, ada))
    for uid, sequence in sent_to_ada.items():
        assert mine[uid].status == "CANCELLED"
        assert mine[uid].sequence > sequence
    # Bo is promoted: the copy he is sent now outranks the public one he may have imported.
    public = check(_feed(calendar_app, "/p/week/events/circle/calendar.ics"))
    promoted = _emails(bo.email)[-1]
    assert _registration(bo).status == RegistrationStatus.CONFIRMED
    for vevent in _vevents(_attachment(promoted)):
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert int(vevent["SEQUENCE"]) > public[str(vevent["UID"])].sequence


def test_joining_links_travel_in_conference_only_for_those_who_may_see_them(scene, calendar_app):
    ada = scene["ada"]
    mine = _vevents(_personal(calendar_app, ada))
    public = _vevents(_feed(calendar_app, "/p/week/calendar.ics"))

    for vevent in mine:
        conference = vevent["CONFERENCE"]
        assert str(conference).startswith("https://meet.example.org/circle-")
        assert conference.params["VALUE"] == "URI"
        assert str(conference) in str(vevent["DESCRIPTION"])
        assert str(vevent["CLASS"]) == "PRIVATE"
    for vevent in public:
        assert "CONFERENCE" not in vevent
        assert "CLASS" not in vevent
        assert "meet.example.org" not in vevent.to_ical().decode()


def test_one_off_files_carry_no_feed_only_properties(scene, calendar_app):
    ada = scene["ada"]
    [confirmed] = _emails(ada.email)
    sent = icalendar.Calendar.from_ical(_attachment(confirmed))
    download = calendar_app.get(f"/calendar/{ada.calendar_token}.ics?download=1")
    saved = icalendar.Calendar.from_ical(download.data)
    subscribed = icalendar.Calendar.from_ical(_personal(calendar_app, ada))

    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert name in subscribed
        assert name not in sent
        assert name not in saved
    assert {str(v["CLASS"]) for v in sent.walk("VEVENT")} == {"PRIVATE"}
    check(_attachment(confirmed))
    check(download.data)
