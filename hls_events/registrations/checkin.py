"""Check-in at the door: tick a person arrived, undo a tick, add a walk-in, and find someone by
name or email. Arrivals are the ``attended`` status, so they feed the attendance figures that
already count it.

Check-in opens an hour before the event's first session (people arrive early) and stays open
after it has started, which is when walk-ins come. Each change takes the event's write lock,
works in one transaction, logs itself in the programme's activity log, and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import (
    PLACE_HOLDING_STATUSES,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)
from ..organise.activity import record as record_activity
from ..translation import gettext
from .availability import event_start, leave_waitlist, locked_event
from .check_in_codes import check_in_url, registration_for_token
from .errors import RegistrationError
from .locking import start_transaction
from .people import person

__all__ = ["add_walk_in", "check_in", "check_in_list", "check_in_url", "registration_for_token"]

OPENS_BEFORE = timedelta(hours=1)
# Rows on the check-in page at once; a search narrows them.
SHOWN = 300


# --- When ----------------------------------------------------------------------------------------


def opens_at(event: Event) -> datetime | None:
    start = event_start(event)
    return None if start is None else start - OPENS_BEFORE


def is_open(event: Event, now: datetime) -> bool:
    opening = opens_at(event)
    return event.status != EventStatus.CANCELLED and opening is not None and now >= opening


def _refuse_unless_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise RegistrationError(
            gettext("This event is cancelled, so no one checks in."), "cancelled"
        )
    opening = opens_at(event)
    if opening is None:
        raise RegistrationError(
            gettext("This event has no sessions yet, so check-in has not opened."), "early"
        )
    if now < opening:
        zone = event.programme.zone
        raise RegistrationError(
            gettext(
                "Check-in opens an hour before the event starts: on %(day)s at %(time)s.",
                day=format_day(to_local(opening, zone).date()),
                time=format_clock(opening, zone),
            ),
            "early",
        )


# --- Changes -------------------------------------------------------------------------------------


def _cancelled_message(registration: Registration) -> str:
    return gettext(
        "%(name)s's place was cancelled, so they cannot be checked in. If they are here and "
        "there is room, add them as a walk-in.",
        name=registration.user.name,
    )


def check_in(
    event_id: int, registration_id: int, arrived: bool = True, *, now: datetime | None = None
) -> Registration:
    """Tick a person arrived (someone on the waiting list who is let in leaves it), or undo the
    tick. A cancelled place is refused with a message, changing nothing."""
    now = now or utcnow()
    start_transaction()
    try:
        event = locked_event(event_id)
        _refuse_unless_open(event, now)
        registration = db.session.scalar(
            select(Registration)
            .where(Registration.id == registration_id, Registration.event_id == event_id)
            .options(selectinload(Registration.user))
        )
        if registration is None:
            raise RegistrationError(gettext("There is no such registration."), "not_found")
        name = registration.user.name
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError(_cancelled_message(registration), "cancelled")
        if arrived:
            waiting = registration.status == RegistrationStatus.WAITLISTED
            registration.set_status(RegistrationStatus.ATTENDED)
            registration.attendance_marked_at = now
            if waiting:
                registration.confirmed_at = now
                leave_waitlist(registration)
            record_activity(
                event.programme_id,
                "checked_in",
                gettext("Checked in %(name)s at %(event)s.", name=name, event=event.title),
            )
        elif registration.status == RegistrationStatus.ATTENDED:
            registration.set_status(RegistrationStatus.CONFIRMED)
            registration.attendance_marked_at = None
            record_activity(
                event.programme_id,
                "check_in_undone",
                gettext(
                    "Undid the check-in of %(name)s at %(event)s.", name=name, event=event.title
                ),
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


def add_walk_in(
    event_id: int, email: str, name: str, *, now: datetime | None = None
) -> Registration:
    """Someone who came without registering: registered and checked in at once, even when the
    event is full (they are in the room). Someone already registered is checked in instead."""
    now = now or utcnow()
    start_transaction()
    try:
        event = locked_event(event_id)
        _refuse_unless_open(event, now)
        user = person(email, name, None)
        registration = db.session.scalar(
            select(Registration).where(
                Registration.event_id == event_id, Registration.user_id == user.id
            )
        )
        if registration is None:
            registration = Registration(
                event_id=event_id, user_id=user.id, created_at=now, source="walk_in"
            )
            registration.user = user
            db.session.add(registration)
        elif registration.status == RegistrationStatus.CANCELLED:
            registration.created_at = now
            registration.cancelled_at = None
            registration.source = "walk_in"
        waiting = registration.status == RegistrationStatus.WAITLISTED
        registration.set_status(RegistrationStatus.ATTENDED)
        registration.confirmed_at = registration.confirmed_at or now
        registration.attendance_marked_at = now
        if waiting:
            leave_waitlist(registration)
        db.session.flush()
        record_activity(
            event.programme_id,
            "checked_in",
            gettext(
                "Added %(name)s as a walk-in at %(event)s, checked in.",
                name=user.name,
                event=event.title,
            ),
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return registration


# --- The page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInRow:
    registration: Registration
    # What this viewer may see: hosts see a name and email only when the person agreed.
    name: str
    email: str

    @property
    def arrived(self) -> bool:
        return self.registration.status == RegistrationStatus.ATTENDED


@dataclass(frozen=True)
class CheckInList:
    rows: list[CheckInRow]
    arrived: int
    expected: int
    search: str
    more: bool


def _as_seen(registration: Registration, organiser: bool) -> CheckInRow:
    user = registration.user
    if organiser or registration.share_with_host:
        return CheckInRow(registration, user.name, user.email)
    hidden = gettext("Name not shared with hosts")
    if registration.organisation:
        hidden = gettext(
            "Name not shared with hosts (%(organisation)s)", organisation=registration.organisation
        )
    return CheckInRow(registration, hidden, "")


def check_in_list(event: Event, search: str, organiser: bool) -> CheckInList:
    """Who is expected and who has arrived; a search by name or email (for hosts: by full
    email, or by name where the person shared it) also finds the waiting list and cancelled
    places, so that the door can say why someone is not on the list."""
    counts = dict(
        db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_id == event.id)
            .group_by(Registration.status)
        ).all()
    )
    query = (
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event.id)
        .options(selectinload(Registration.user))
        .order_by(func.lower(User.name), Registration.id)
    )
    search = search.strip().lower()[:200]
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        name_or_email = or_(
            func.lower(User.name).like(pattern, escape="\\"),
            func.lower(User.email).like(pattern, escape="\\"),
        )
        if not organiser:
            name_or_email = or_(
                Registration.share_with_host.is_(True) & name_or_email,
                func.lower(User.email) == search,
            )
        query = query.where(name_or_email)
    else:
        query = query.where(Registration.status.in_(PLACE_HOLDING_STATUSES))
    found = list(db.session.scalars(query.limit(SHOWN + 1)))
    return CheckInList(
        rows=[_as_seen(registration, organiser) for registration in found[:SHOWN]],
        arrived=counts.get(RegistrationStatus.ATTENDED, 0),
        expected=sum(counts.get(status, 0) for status in PLACE_HOLDING_STATUSES),
        search=search,
        more=len(found) > SHOWN,
    )
