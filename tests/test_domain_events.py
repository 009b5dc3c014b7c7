"""Domain events (hls_events/domain_events.py) reach every subscriber listed in
hls_events/subscribers.py, in the announcing transaction: a rollback undoes the change and all
its effects, a commit keeps them all together."""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hls_events import domain_events
from hls_events.domain_events import (
    DomainEvent,
    EventCancelled,
    EventDetailsChanged,
    EventPublished,
    EventUnpublished,
    PlacesAdded,
    PlacesReleased,
    ProgrammePublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    SessionRetitled,
    announce,
)
from hls_events.extensions import db
from hls_events.models import (
    Event,
    EventSession,
    EventStatus,
    OutboxMessage,
    OutboxStatus,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    ScheduleChange,
    SessionStatus,
)
from hls_events.subscribers import SUBSCRIBERS
from tests.factories import make_event, make_programme, make_registration, make_user


def test_every_kind_of_event_is_announced_to_the_subscribers_listed_for_it(app):
    kinds = typing.get_args(DomainEvent)
    assert {kind for kind, _ in SUBSCRIBERS} == set(kinds)
    for kind in kinds:
        listed = [subscriber for listed_kind, subscriber in SUBSCRIBERS if listed_kind is kind]
        assert domain_events.subscribers_of(kind) == listed


def _counts() -> tuple[int, int, int]:
    """Schedule log rows, emails waiting to go, people confirmed."""
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(ScheduleChange)),
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
        ),
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.status == RegistrationStatus.CONFIRMED)
        ),
    )


@pytest.fixture
def full_event(app) -> Event:
    """A published event with one place: Ada holds it, Grace waits."""
    event = make_event(make_programme("week"), "circle", title="Learning circle", capacity=1)
    make_registration(event, make_user("ada@example.org"))
    make_registration(
        event,
        make_user("grace@example.org"),
        status=RegistrationStatus.WAITLISTED,
        waitlist_position=1,
    )
    return event


def _moved(event: Event) -> DomainEvent:
    session = event.sessions[0]
    before = (session.starts_at, session.ends_at, session.venue_name, session.venue_address)
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    return SessionMoved(session, *before, joining_changed=False)


def _added(event: Event) -> DomainEvent:
    first = event.sessions[0]
    session = EventSession(
        event=event,
        starts_at=first.starts_at + timedelta(days=2),
        ends_at=first.ends_at + timedelta(days=2),
        sequence=0,
        status=SessionStatus.SCHEDULED,
    )
    db.session.add(session)
    db.session.flush()
    return SessionAdded(session)


def _session_cancelled(event: Event) -> DomainEvent:
    event.sessions[0].status = SessionStatus.CANCELLED
    return SessionCancelled(event.sessions[0])


def _event_cancelled(event: Event) -> DomainEvent:
    event.status = EventStatus.CANCELLED
    return EventCancelled(event, EventStatus.PUBLISHED)


def _unpublished(event: Event) -> DomainEvent:
    event.status = EventStatus.DRAFT
    return EventUnpublished(event, EventStatus.PUBLISHED)


def _republished(event: Event) -> DomainEvent:
    return EventPublished(event, EventStatus.CANCELLED)


def _retitled(event: Event) -> DomainEvent:
    old_title = event.title
    event.title = "A new name"
    return EventDetailsChanged(event, old_title=old_title, old_mode=event.mode)


def _session_retitled(event: Event) -> DomainEvent:
    old_title = event.sessions[0].title
    event.sessions[0].title = "Part one"
    return SessionRetitled(event.sessions[0], old_title=old_title)


def _programme_published(event: Event) -> DomainEvent:
    return ProgrammePublished(event.programme)


def _places_added(event: Event) -> DomainEvent:
    event.capacity = 2
    return PlacesAdded(event)


def _places_released(event: Event) -> DomainEvent:
    ada = db.session.scalar(
        select(Registration).where(Registration.status == RegistrationStatus.CONFIRMED)
    )
    db.session.delete(ada)
    return PlacesReleased((event.id,))


# Each kind of event, and what its subscribers leave: (log rows, emails queued, confirmed).
CASES: dict[str, tuple[Callable[[Event], DomainEvent], tuple[int, int, int]]] = {
    # Log "Moved from"; both told; Ada's two reminders queued for the new time.
    "session moved": (_moved, (1, 4, 1)),
    # Log "A new session"; both told; Ada's two reminders for it.
    "session added": (_added, (1, 4, 1)),
    "session cancelled": (_session_cancelled, (1, 2, 1)),
    "event cancelled": (_event_cancelled, (1, 2, 1)),
    "event unpublished": (_unpublished, (1, 0, 1)),
    # Back after a cancellation: both told; Ada's two reminders restored.
    "event published": (_republished, (1, 4, 1)),
    # A new title: both told, no log row, no reminders touched.
    "event retitled": (_retitled, (0, 2, 1)),
    "session retitled": (_session_retitled, (0, 2, 1)),
    "programme published": (_programme_published, (1, 0, 1)),
    # Grace gets the place: her email and her two reminders.
    "places added": (_places_added, (0, 3, 2)),
    "places released": (_places_released, (0, 3, 1)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_event_and_all_its_effects_are_kept_or_undone_together(full_event, case):
    change, effects = CASES[case]
    before = _counts()
    schedule_log, emails, confirmed = effects

    announce(change(full_event))
    db.session.rollback()
    assert _counts() == before

    event = db.session.get(Event, full_event.id)
    announce(change(event))
    db.session.commit()
    log_rows, queued, now_confirmed = _counts()
    assert (log_rows - before[0], queued - before[1]) == (schedule_log, emails)
    assert now_confirmed == confirmed


def test_one_transaction_keeps_the_log_the_emails_and_the_promotion_together(full_event):
    announce(_moved(full_event))
    announce(_places_added(full_event))
    db.session.commit()

    [change] = db.session.scalars(select(ScheduleChange))
    assert change.description.startswith("Moved from ")
    statuses = db.session.scalars(select(Registration.status))
    assert sorted(statuses) == [RegistrationStatus.CONFIRMED] * 2
    subjects = sorted(db.session.scalars(select(OutboxMessage.subject)))
    assert subjects.count("Changed: Learning circle") == 2
    assert "A place is yours: Learning circle" in subjects
    # The schedule's words are the same in the log and in the email.
    text = db.session.scalar(
        select(OutboxMessage.body_text).where(OutboxMessage.subject.startswith("Changed"))
    )
    assert change.description in " ".join(text.split())


def test_a_draft_programme_logs_nothing_but_still_tells_people(app):
    programme = make_programme("plans", status=ProgrammeStatus.DRAFT)
    event = make_event(programme, "circle", capacity=5)
    make_registration(event, make_user("ada@example.org"))
    announce(_moved(event))
    db.session.commit()
    assert _counts()[:2] == (0, 3)
