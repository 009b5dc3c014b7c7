"""Spreadsheets from the organiser's desk: every registration of the programme with the answers
given, for an organiser, or of one host organisation's events; a host gets their organisations'
events only. The same columns and privacy rule as one event's download
(hls_events/registrations/csv_columns.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Event, Organisation, Programme, Registration, RegistrationQuestion, User
from ..registrations.csv_columns import REGISTRATION_COLUMNS, identity_for, registration_cells
from ..spreadsheets import csv_writer
from .permissions import is_organiser_of
from .services import events_managed_by


@dataclass(frozen=True)
class Spreadsheet:
    filename: str
    text: str


def host_organisations(events: list[Event]) -> list[Organisation]:
    """The organisations hosting these events, by name: the choices of a per-host download."""
    found = {event.organisation.id: event.organisation for event in events if event.organisation}
    return sorted(found.values(), key=lambda organisation: organisation.name.lower())


def _questions(programme: Programme, event_ids: list[int]) -> list[RegistrationQuestion]:
    """The programme's questions for every event, then each event's own."""
    if not event_ids:
        return []
    return list(
        db.session.scalars(
            select(RegistrationQuestion)
            .where(
                RegistrationQuestion.programme_id == programme.id,
                RegistrationQuestion.event_id.is_(None)
                | RegistrationQuestion.event_id.in_(event_ids),
            )
            .order_by(
                RegistrationQuestion.event_id.is_not(None),
                RegistrationQuestion.event_id,
                RegistrationQuestion.position,
                RegistrationQuestion.id,
            )
        )
    )


def _date_order(event: Event) -> tuple[bool, float, str]:
    starts = [session.starts_at for session in event.sessions]
    return (not starts, min(starts).timestamp() if starts else 0.0, event.title.lower())


def registrations_spreadsheet(
    viewer: User, programme: Programme, organisation: Organisation | None = None
) -> Spreadsheet:
    """Every registration of the events this person manages (only ``organisation``'s when
    given), one row each, in date order of the events; a fixed number of queries."""
    organiser = is_organiser_of(viewer, programme)
    events = events_managed_by(viewer, programme)
    if organisation is not None:
        events = [event for event in events if event.organisation_id == organisation.id]
    events.sort(key=_date_order)
    event_ids = [event.id for event in events]
    titles = {event.id: event.title for event in events}
    questions = _questions(programme, event_ids)
    registrations: dict[int, list[Registration]] = {event_id: [] for event_id in event_ids}
    if event_ids:
        for registration in db.session.scalars(
            select(Registration)
            .where(Registration.event_id.in_(event_ids))
            .options(selectinload(Registration.user), selectinload(Registration.answers))
            .order_by(
                Registration.status,
                Registration.waitlist_position,
                Registration.created_at,
                Registration.id,
            )
        ):
            registrations[registration.event_id].append(registration)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            "Event",
            "Host",
            *REGISTRATION_COLUMNS,
            *(
                question.label
                if question.event_id is None
                else f"{titles[question.event_id]}: {question.label}"
                for question in questions
            ),
        ]
    )
    zone = programme.zone
    for event in events:
        host = event.organisation.name if event.organisation else ""
        for registration in registrations[event.id]:
            name, email, _ = identity_for(registration, organiser)
            answers = {
                answer.question_id: "; ".join(answer.values) for answer in registration.answers
            }
            writer.writerow(
                [
                    event.title,
                    host,
                    *registration_cells(registration, name, email, zone),
                    *(answers.get(question.id, "") for question in questions),
                ]
            )
    suffix = f"-{organisation.slug}" if organisation is not None else ""
    return Spreadsheet(f"{programme.slug}{suffix}-registrations.csv", buffer.getvalue())
