"""The rules for an event's places: confirmed up to capacity, then a waiting list in order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    EventStatus,
    OutboxMessage,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)
from hls_events.registrations.errors import RegistrationError
from hls_events.registrations.organiser_actions import update_settings
from hls_events.registrations.services import cancel_registration, register
from tests.factories import make_event, make_programme


def statuses(event) -> list[tuple[str, str, int | None]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(User.email, Registration.status, Registration.waitlist_position)
        .join(User)
        .where(Registration.event_id == event.id)
        .order_by(Registration.id)
    )
    return [(email, status.value, position) for email, status, position in rows]


def waiting_positions(event) -> list[int]:
    return sorted(
        db.session.scalars(
            select(Registration.waitlist_position).where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
        )
    )


def test_places_are_confirmed_up_to_capacity_then_people_wait_in_order(event, sign_up):
    outcomes = [sign_up(event) for _ in range(6)]
    assert [o.status for o in outcomes] == [RegistrationStatus.CONFIRMED] * 3 + [
        RegistrationStatus.WAITLISTED
    ] * 3
    assert [o.waitlist_position for o in outcomes] == [None, None, None, 1, 2, 3]
    assert db.session.scalar(select(func.count()).select_from(User)) == 7  # with the organiser


def test_cancelling_a_place_gives_it_to_the_first_in_line_and_closes_the_gap(event, sign_up):
    outcomes = [sign_up(event) for _ in range(6)]
    promoted = cancel_registration(outcomes[1].registration_id)
    assert promoted == [outcomes[3].registration_id]
    rows = statuses(event)
    assert [row[1] for row in rows] == [
        "confirmed",
        "cancelled",
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert waiting_positions(event) == [1, 2]
    assert rows[4][2] == 1 and rows[5][2] == 2


def test_leaving_the_middle_of_the_waiting_list_moves_those_behind_forward(event, sign_up):
    outcomes = [sign_up(event) for _ in range(7)]
    assert cancel_registration(outcomes[4].registration_id) == []
    assert [row[2] for row in statuses(event)] == [None, None, None, 1, None, 2, 3]


def test_more_places_go_to_the_waiting_list_at_once_in_order(event, sign_up):
    outcomes = [sign_up(event) for _ in range(8)]
    promoted = update_settings(event.id, capacity=5, opens_at=None, closes_at=None, waitlist=True)
    assert promoted == [outcomes[3].registration_id, outcomes[4].registration_id]
    assert waiting_positions(event) == [1, 2, 3]
    promoted = update_settings(
        event.id, capacity=None, opens_at=None, closes_at=None, waitlist=True
    )
    assert promoted == [o.registration_id for o in outcomes[5:]]
    assert waiting_positions(event) == []


def test_no_place_is_given_once_the_event_has_started(event, sign_up):
    outcomes = [sign_up(event) for _ in range(4)]
    after_start = event.sessions[0].starts_at + timedelta(minutes=5)
    assert (
        cancel_registration(outcomes[0].registration_id, by_organiser=True, now=after_start) == []
    )
    assert statuses(event)[3][1] == "waitlisted"


def test_without_a_waiting_list_a_full_event_refuses_and_changes_nothing(event, sign_up):
    update_settings(event.id, capacity=1, opens_at=None, closes_at=None, waitlist=False)
    sign_up(event)
    before = (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(OutboxMessage)),
    )
    with pytest.raises(RegistrationError) as refused:
        sign_up(event, "late@example.org")
    assert refused.value.why == "full"
    after = (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(OutboxMessage)),
    )
    assert after == before


def test_registering_twice_is_refused_and_changes_nothing(event, sign_up):
    first = sign_up(event, "ada@example.org")
    messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    with pytest.raises(RegistrationError) as refused:
        sign_up(event, " ADA@example.org ")
    assert refused.value.why == "already"
    assert refused.value.registration_id == first.registration_id
    assert len(statuses(event)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == messages


def test_someone_who_cancelled_can_register_again(event, sign_up):
    first = sign_up(event, "ada@example.org")
    cancel_registration(first.registration_id)
    again = sign_up(event, "ada@example.org")
    assert again.registration_id == first.registration_id
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": EventStatus.DRAFT}, "unavailable"),
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"registration_opens_at": utcnow() + timedelta(days=1)}, "not_yet"),
        ({"registration_closes_at": utcnow() - timedelta(minutes=1)}, "closed"),
    ],
)
def test_an_event_not_taking_registrations_refuses_and_changes_nothing(
    programme, sign_up, change, reason
):
    event = make_event(programme, capacity=10, **change)
    with pytest.raises(RegistrationError) as refused:
        sign_up(event, "ada@example.org")
    assert refused.value.why == reason
    assert db.session.scalar(select(User).where(User.email == "ada@example.org")) is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_draft_programme_takes_no_registrations(organiser, sign_up):
    programme = make_programme(status=ProgrammeStatus.DRAFT, organisers=[organiser])
    event = make_event(programme)
    with pytest.raises(RegistrationError) as refused:
        sign_up(event)
    assert refused.value.why == "unavailable"


def test_an_event_that_has_started_takes_no_registrations(event, sign_up):
    with pytest.raises(RegistrationError) as refused:
        sign_up(event, now=event.sessions[0].starts_at)
    assert refused.value.why == "started"


@pytest.mark.parametrize("email", ["", "ada", "ada@", "ada@@example.org", "a b@example.org"])
def test_a_malformed_email_address_is_refused(event, email):
    with pytest.raises(RegistrationError) as refused:
        register(event.id, email=email, name="Ada")
    assert refused.value.field == "email"
    assert statuses(event) == []


def test_a_new_person_needs_a_name(event):
    with pytest.raises(RegistrationError) as refused:
        register(event.id, email="ada@example.org", name="  ")
    assert refused.value.field == "name"


def test_an_existing_account_is_found_not_duplicated(event, organiser, sign_up):
    outcome = sign_up(event, "ORGANISER@example.org", name="Someone Else")
    assert outcome.user_id == organiser.id
    assert db.session.get(User, organiser.id).name == "Olive Organiser"


def test_deleting_an_account_gives_its_places_to_the_waiting_list(event, sign_up):
    from hls_events.accounts.personal_data import delete_account

    outcomes = [sign_up(event) for _ in range(7)]
    delete_account(outcomes[0].user_id, keep_published_anonymously=True)
    delete_account(outcomes[4].user_id, keep_published_anonymously=True)
    rows = statuses(event)
    assert [row[1:] for row in rows] == [
        ("confirmed", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert rows[2][0] == "attendee4@example.org"
