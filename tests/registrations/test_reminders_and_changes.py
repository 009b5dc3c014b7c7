"""Reminders are due messages in the outbox, sent once each, never for a cancelled place and
never at a moved session's old time; changes to an event or session reach everyone registered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hls_events.extensions import db
from hls_events.localtime import to_local
from hls_events.mail.later import write_now
from hls_events.models import (
    EventStatus,
    OutboxMessage,
    OutboxStatus,
    Registration,
    RegistrationStatus,
    utcnow,
)
from hls_events.organise.services import (
    EventDetails,
    SessionDetails,
    remove_session,
    set_event_status,
    update_event,
    update_session,
)
from hls_events.registrations.services import cancel_registration, set_reminders
from tests.factories import make_event

JOINING_URL = "https://meet.example.org/hls-week/learning-circle-secret"


@pytest.fixture
def online_event(event):
    event.sessions[0].joining_url = JOINING_URL
    db.session.commit()
    return event


def reminders(status: OutboxStatus | None = OutboxStatus.PENDING) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.key.like("reminder:%"))
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(db.session.scalars(query.order_by(OutboxMessage.send_after, OutboxMessage.id)))


def make_due(message: OutboxMessage) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(send_after=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_a_place_brings_a_reminder_the_day_before_and_an_hour_before(online_event, sign_up):
    outcome = sign_up(online_event, "ada@example.org")
    start = online_event.sessions[0].starts_at
    day, hour = reminders()
    assert (day.send_after, hour.send_after) == (
        start - timedelta(days=1),
        start - timedelta(hours=1),
    )
    session_id = online_event.sessions[0].id
    assert day.key == f"reminder:session:{session_id}:registration:{outcome.registration_id}:day"
    assert hour.key.endswith(":hour")
    # Written by the mail worker when it sends them, from the registration as it is then.
    assert (day.kind, day.registration_id, day.subject) == (
        "registration_reminder",
        outcome.registration_id,
        "",
    )
    for message in (day, hour):
        assert write_now(message)
    assert day.subject == "Tomorrow: Learning Circle"
    assert hour.subject == "In an hour: Learning Circle"
    assert JOINING_URL in hour.body_text


def test_a_reminder_is_sent_once_when_due_and_not_before(online_event, sign_up, deliver_outbox):
    sign_up(online_event, "ada@example.org")
    deliver_outbox()  # the confirmation
    assert deliver_outbox() == []
    _day, hour = reminders()
    make_due(hour)
    [mail] = deliver_outbox()
    assert mail.subject == "In an hour: Learning Circle"
    assert JOINING_URL in mail.text
    assert deliver_outbox() == []
    assert {m.key.rsplit(":", 1)[1]: m.status for m in reminders(None)} == {
        "day": OutboxStatus.PENDING,
        "hour": OutboxStatus.SENT,
    }


def test_no_reminder_is_queued_for_what_has_passed(online_event, sign_up):
    start = online_event.sessions[0].starts_at
    sign_up(online_event, now=start - timedelta(hours=3))
    [hour] = reminders()
    assert hour.key.endswith(":hour")


def test_people_waiting_get_no_reminders_until_they_have_a_place(event, sign_up):
    places = [sign_up(event) for _ in range(3)]
    sign_up(event)
    assert len(reminders()) == 6
    cancel_registration(places[0].registration_id)
    pending = reminders()
    assert len(pending) == 6
    assert all(f":registration:{places[0].registration_id}:" not in m.key for m in pending)
    assert any(":registration:4:" in m.key for m in pending)


def test_cancelling_withdraws_the_reminders_so_none_is_ever_sent(
    online_event, sign_up, deliver_outbox
):
    outcome = sign_up(online_event)
    deliver_outbox()
    _day, hour = reminders()
    cancel_registration(outcome.registration_id)
    make_due(hour)
    assert [m.subject for m in deliver_outbox()] == [
        "Cancelled: your registration for Learning Circle"
    ]
    assert {m.status for m in reminders(None)} == {OutboxStatus.CANCELLED}


def test_turning_reminders_off_and_on(online_event, sign_up):
    outcome = sign_up(online_event)
    set_reminders(outcome.registration_id, False)
    assert reminders() == []
    assert db.session.get(Registration, outcome.registration_id).wants_reminders is False
    set_reminders(outcome.registration_id, True)
    assert len(reminders()) == 2


def test_turning_reminders_off_on_the_registration_page(client, online_event, sign_up):
    from hls_events.registrations.notices import registration_token
    from tests.conftest import csrf_token_from

    outcome = sign_up(online_event)
    token = registration_token(db.session.get(Registration, outcome.registration_id))
    page = client.get(f"/registrations/{token}")
    assert "Turn reminders off" in page.text
    answer = client.post(
        f"/registrations/{token}/reminders",
        data={"wanted": "no", "csrf_token": csrf_token_from(page.text)},
    )
    assert answer.status_code == 302
    assert reminders() == []
    assert "Turn reminders on" in client.get(f"/registrations/{token}").text


def session_details(sitting, **changes):
    zone = sitting.event.programme.zone
    starts = to_local(sitting.starts_at, zone)
    values = {
        "title": sitting.title,
        "day": starts.date(),
        "starts_at": starts.time(),
        "ends_at": to_local(sitting.ends_at, zone).time(),
        "venue_name": sitting.venue_name,
        "venue_address": sitting.venue_address,
        "joining_url": sitting.joining_url,
    }
    values.update(changes)
    return SessionDetails(**values)


def test_moving_a_session_requeues_its_reminders_and_tells_everyone(
    online_event, sign_up, deliver_outbox
):
    for _ in range(4):
        sign_up(online_event)
    deliver_outbox()
    sitting = online_event.sessions[0]
    old_start = sitting.starts_at
    old = reminders()
    assert len(old) == 6

    local = to_local(old_start, online_event.programme.zone)
    update_session(
        sitting,
        session_details(
            sitting,
            day=local.date() + timedelta(days=1),
            starts_at=local.time().replace(hour=14),
            ends_at=local.time().replace(hour=15),
        ),
    )
    new_start = sitting.starts_at
    assert new_start - old_start == timedelta(days=1, hours=14 - local.hour)
    assert {m.status for m in reminders(None) if m.id in {o.id for o in old}} == {
        OutboxStatus.CANCELLED
    }
    fresh = reminders()
    assert len(fresh) == 6
    assert {m.send_after for m in fresh} == {
        new_start - timedelta(days=1),
        new_start - timedelta(hours=1),
    }
    # Make every old reminder "due": none of them goes.
    for message in old:
        make_due(message)
    mails = deliver_outbox()
    assert sorted(m.subject for m in mails) == ["Changed: Learning Circle"] * 4
    confirmed = [m for m in mails if "Your place is kept." in m.text]
    assert len(confirmed) == 3
    assert all(m.attachment("learning-circle.ics") for m in confirmed)
    waiting = [m for m in mails if "still on the waiting list" in m.text]
    assert len(waiting) == 1 and not waiting[0].attachments and JOINING_URL not in waiting[0].text
    # The schedule log's words (schedule.changes.describe).
    assert "Moved from " in mails[0].text


def test_cancelling_a_session_withdraws_its_reminders_and_tells_everyone(
    programme, sign_up, deliver_outbox
):
    event = make_event(programme, "two-parts", title="Two Parts", sessions=2, capacity=10)
    sign_up(event)
    deliver_outbox()
    assert len(reminders()) == 4
    remove_session(event.sessions[1])
    assert len(reminders()) == 2
    [mail] = deliver_outbox()
    assert mail.subject == "Changed: Two Parts"
    assert "is cancelled." in mail.text


def test_cancelling_an_event_withdraws_every_reminder_and_tells_everyone(
    event, sign_up, deliver_outbox
):
    for _ in range(4):
        sign_up(event)
    deliver_outbox()
    set_event_status(event, EventStatus.CANCELLED)
    assert reminders() == []
    mails = deliver_outbox()
    assert sorted(m.subject for m in mails) == ["Cancelled: Learning Circle"] * 4
    assert "The event is cancelled." in mails[0].text


def test_more_places_from_the_event_form_go_to_the_waiting_list_at_once(
    event, sign_up, deliver_outbox
):
    outcomes = [sign_up(event) for _ in range(6)]
    deliver_outbox()
    update_event(
        event,
        EventDetails(
            title=event.title,
            summary="",
            description="",
            format=event.format,
            mode=event.mode,
            organisation_id=None,
            new_organisation="",
            capacity=5,
            registration_opens_at=None,
            registration_closes_at=None,
            is_recorded=False,
            access_arrangements="",
            theme_ids=[],
        ),
    )
    db.session.expire_all()
    statuses = [db.session.get(Registration, o.registration_id).status for o in outcomes]
    assert statuses == [RegistrationStatus.CONFIRMED] * 5 + [RegistrationStatus.WAITLISTED]
    assert db.session.get(Registration, outcomes[5].registration_id).waitlist_position == 1
    assert sorted(m.subject for m in deliver_outbox()) == ["A place is yours: Learning Circle"] * 2


def test_a_rolled_back_change_tells_nobody(event, sign_up):
    sign_up(event)
    before = len(list(db.session.scalars(select(OutboxMessage))))
    event.sessions[0].starts_at += timedelta(hours=1)
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert len(list(db.session.scalars(select(OutboxMessage)))) == before
