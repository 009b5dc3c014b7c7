"""Reading registrations for pages: the register box, a person's events, an organiser's list.
Nothing here changes anything."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, Select, bindparam, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..accounts.consents import CONSENT_PURPOSES
from ..extensions import db
from ..models import (
    PLACE_HOLDING_STATUSES,
    ConsentRecord,
    Event,
    EventSession,
    Programme,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
    Sector,
    SessionStatus,
    User,
    utcnow,
)
from ..organise.permissions import is_organiser_of
from ..pagination import page_window
from .availability import (
    Window,
    event_start,
    window,
    window_message,
)
from .csv_columns import identity_for
from .questions import questions_for

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement


@dataclass
class EventAvailability:
    window: Window
    message: str
    capacity: int | None
    held: int
    waiting: int
    waitlist_enabled: bool

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.held, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def can_register(self) -> bool:
        return self.window == Window.OPEN and (not self.is_full or self.waitlist_enabled)


def places_key(programme_slug: str, event_slug: str) -> tuple[Any, ...] | None:
    """What an event's page shows of its registrations, in one query, for keeping copies of
    the page (hls_events/page_cache.py): the places held, the waiting list, and which of the
    moments that open and close registration have passed."""
    counted = select(func.count()).where(Registration.event_id == Event.id).correlate(Event)
    first_start = (
        select(func.min(EventSession.starts_at))
        .where(EventSession.event_id == Event.id, EventSession.status != SessionStatus.CANCELLED)
        .correlate(Event)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            Event.id,
            counted.where(Registration.status.in_(PLACE_HOLDING_STATUSES)).scalar_subquery(),
            counted.where(Registration.status == RegistrationStatus.WAITLISTED).scalar_subquery(),
            Event.registration_opens_at,
            Event.registration_closes_at,
            first_start,
        )
        .join(Programme, Programme.id == Event.programme_id)
        .where(Programme.slug == programme_slug, Event.slug == event_slug)
    ).first()
    if row is None:
        return None
    now = utcnow()
    passed = tuple(moment is not None and now >= moment for moment in row[3:])
    return (row[0], row[1], row[2], *passed)


def availability(event: Event, now: datetime) -> EventAvailability:
    """Places held, the waiting list's length and whether it is on, in one statement (the
    same answers as availability.places_held, waitlist_length and waitlist_enabled)."""
    state = window(event, now)
    row = db.session.execute(_availability_query(), {"event_id": event.id}).one()
    return EventAvailability(
        window=state,
        message="" if state == Window.OPEN else window_message(event, state),
        capacity=event.capacity,
        held=int(row[0]),
        waiting=int(row[1]),
        waitlist_enabled=True if row[2] is None else bool(row[2]),
    )


@cache
def _availability_query() -> Select[Any]:
    """Built once per worker, for any event: building it cost as much as running it."""
    event_id: BindParameter[int] = bindparam("event_id")
    holding = Registration.status.in_(PLACE_HOLDING_STATUSES)
    held = select(func.count()).where(Registration.event_id == event_id, holding)
    waiting = (
        select(func.coalesce(func.max(Registration.waitlist_position), 0))
        .where(Registration.event_id == event_id)
        .scalar_subquery()
    )
    enabled = (
        select(RegistrationSettings.waitlist_enabled)
        .where(RegistrationSettings.event_id == event_id)
        .scalar_subquery()
    )
    return select(held.scalar_subquery(), waiting, enabled)


def registration_of(user: Any, event: Event) -> Registration | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


def consents_not_given(user: Any) -> list[str]:
    """The consent purposes a person has not agreed to (all of them for someone signed out)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return list(CONSENT_PURPOSES)
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    newest = {record.purpose: record for record in records}
    return [
        purpose
        for purpose, wording in CONSENT_PURPOSES.items()
        if not (purpose in newest and newest[purpose].given and newest[purpose].wording == wording)
    ]


def load_registration(registration_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .options(
            selectinload(Registration.user),
            selectinload(Registration.answers).selectinload(RegistrationAnswer.question),
            selectinload(Registration.event).selectinload(Event.sessions),
            selectinload(Registration.event).selectinload(Event.programme),
            selectinload(Registration.event).selectinload(Event.organisation),
        )
    )


@dataclass
class MyRegistration:
    registration: Registration
    starts_at: datetime | None

    @property
    def event(self) -> Event:
        return self.registration.event


@dataclass
class MyEvents:
    upcoming: list[MyRegistration] = field(default_factory=list)
    past: list[MyRegistration] = field(default_factory=list)
    cancelled: list[MyRegistration] = field(default_factory=list)


def my_events(user_id: int, now: datetime) -> MyEvents:
    """Every registration a person has, across programmes: to come, past, and cancelled."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user_id)
        .options(
            selectinload(Registration.user),
            selectinload(Registration.event).selectinload(Event.sessions),
            selectinload(Registration.event).selectinload(Event.programme),
        )
    )
    result = MyEvents()
    for registration in registrations:
        item = MyRegistration(registration, event_start(registration.event))
        last_end = max(
            (
                session.ends_at
                for session in registration.event.sessions
                if not session.is_cancelled
            ),
            default=None,
        )
        if registration.status == RegistrationStatus.CANCELLED:
            result.cancelled.append(item)
        elif last_end is not None and last_end < now:
            result.past.append(item)
        else:
            result.upcoming.append(item)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    result.upcoming.sort(key=lambda item: (item.starts_at or far, item.event.title))
    result.past.sort(key=lambda item: item.starts_at or far, reverse=True)
    result.cancelled.sort(key=lambda item: item.registration.cancelled_at or far, reverse=True)
    return result


def registrable_events(programme: Programme, now: datetime) -> list[Event]:
    """The programme's events that take registrations now, in the order they happen."""
    events = db.session.scalars(
        select(Event)
        .where(Event.programme_id == programme.id)
        .options(selectinload(Event.sessions))
        .order_by(Event.title)
    )
    open_events = []
    for event in events:
        # Already its programme: set without history or the backref to programme.events,
        # which would cost a list operation per event (most of a large day's build).
        set_committed_value(event, "programme", programme)
        if window(event, now) == Window.OPEN:
            open_events.append(event)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(open_events, key=lambda event: (event_start(event) or far, event.title))


# --- Organisers ---------------------------------------------------------------------------------


@dataclass
class RegistrationRow:
    """One registration as a particular viewer may see it."""

    registration: Registration
    name: str
    email: str
    identity_shared: bool
    answers: dict[int, str]


# An event's list of who is coming shows this many at a time; the CSV export has everyone.
REGISTRATIONS_PER_PAGE = 100


@dataclass
class RegistrationList:
    rows: list[RegistrationRow]
    counts: Counter[RegistrationStatus]
    sectors: Counter[Sector | None]
    questions: list[RegistrationQuestion]
    total: int
    shows_identities: bool
    # How many match the filters, and which page of them the rows are (1 of 1 when unpaged).
    matching: int = 0
    page: int = 1
    pages: int = 1


def registration_list(
    viewer: Any,
    event: Event,
    *,
    status: RegistrationStatus | None = None,
    sector: Sector | None = None,
    search: str = "",
    page: int | None = None,
) -> RegistrationList:
    """The event's registrations for an organiser or host, filtered, with counts of all.

    One page of REGISTRATIONS_PER_PAGE when ``page`` is given (beyond the last is the last);
    every match when it is None, for the export.
    """
    counts: Counter[RegistrationStatus] = Counter(
        {
            row_status: count
            for row_status, count in db.session.execute(
                select(Registration.status, func.count())
                .where(Registration.event_id == event.id)
                .group_by(Registration.status)
            )
        }
    )
    sectors: Counter[Sector | None] = Counter(
        {
            row_sector: count
            for row_sector, count in db.session.execute(
                select(Registration.sector, func.count())
                .where(
                    Registration.event_id == event.id,
                    Registration.status != RegistrationStatus.CANCELLED,
                )
                .group_by(Registration.sector)
            )
        }
    )
    query = (
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event.id)
        .options(selectinload(Registration.user), selectinload(Registration.answers))
        .order_by(
            Registration.status,
            Registration.waitlist_position,
            Registration.created_at,
            Registration.id,
        )
    )
    if status is not None:
        query = query.where(Registration.status == status)
    if sector is not None:
        query = query.where(Registration.sector == sector)
    organiser = is_organiser_of(viewer, event.programme)
    # As typed, "%" and "_" too.
    search = search.strip().lower()
    shared: ColumnElement[bool] | bool
    if search:

        def holds(column: Any) -> ColumnElement[bool]:
            return func.lower(column).contains(search, autoescape=True)

        matches: list[ColumnElement[bool]] = [holds(Registration.organisation)]
        if organiser:
            matches += [holds(User.name), holds(User.email)]
        else:
            shared = Registration.share_with_host.is_(True)
            matches += [shared & holds(User.name), shared & holds(User.email)]
        query = query.where(or_(*matches))
    matching = None
    pages = 1
    if page is not None:
        matching = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        window = page_window(matching, page, REGISTRATIONS_PER_PAGE)
        page, pages = window.page, window.pages
        query = window.of(query)
    rows = []
    for registration in db.session.scalars(query):
        name, email, shown = identity_for(registration, organiser)
        rows.append(
            RegistrationRow(
                registration=registration,
                name=name,
                email=email,
                identity_shared=shown,
                answers={
                    answer.question_id: "; ".join(answer.values) for answer in registration.answers
                },
            )
        )
    return RegistrationList(
        rows=rows,
        counts=counts,
        sectors=sectors,
        questions=questions_for(event),
        total=sum(counts.values()),
        shows_identities=organiser,
        matching=len(rows) if matching is None else matching,
        page=page or 1,
        pages=pages,
    )


def other_events(event: Event) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.programme_id == event.programme_id, Event.id != event.id)
            .order_by(Event.title)
        )
    )


def registration_in_event(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        return None
    return registration
