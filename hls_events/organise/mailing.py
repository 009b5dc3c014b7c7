"""Email from the organiser's desk: to everyone with a place across a programme, its waiting
lists, its speakers, its hosts, or one event's people.

One email per person, however many places they hold, each in the recipient's language, with
their name and, when they hold places, the details of those events. Previewed as each kind of
recipient will read it, tried on the sender first, and kept (``DeskMessage``) once sent, so
that organisers can see who emailed whom, when, and what it said. Who may email which
audience is ``permissions.may_email``'s rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE
from ..lazy_text import _l
from ..links import external_url
from ..mail.greetings import without_greeting
from ..mail.services import Email, Recipient, queue_emails
from ..models import (
    ACTIVE_STATUSES,
    PLACE_HOLDING_STATUSES,
    DeskMessage,
    Event,
    EventSpeaker,
    EventStatus,
    Programme,
    ProgrammeHost,
    Registration,
    RegistrationStatus,
    Speaker,
    User,
)
from ..registrations.notices import registration_links, scheduled_sessions, shows_joining_details
from ..translation import gettext, ngettext
from .activity import record as record_activity
from .services import OrganiseError

TEMPLATE = "desk_message"
SUBJECT_MAX = 200
BODY_MAX = 10000


class Audience(enum.StrEnum):
    PLACES = "places"
    WAITING = "waiting"
    SPEAKERS = "speakers"
    HOSTS = "hosts"
    EVENT = "event"

    @property
    def label(self) -> str:
        return str(
            {
                "places": _l("Everyone with a place, across the programme"),
                "waiting": _l("Everyone on a waiting list"),
                "speakers": _l("The speakers"),
                "hosts": _l("The hosts"),
                "event": _l("One event's people: those with a place or waiting"),
            }[self.value]
        )


# Only organisers may email these; hosts email their own events' people (Audience.EVENT).
PROGRAMME_WIDE = (Audience.PLACES, Audience.WAITING, Audience.SPEAKERS, Audience.HOSTS)


@dataclass
class DeskRecipient:
    """Someone the desk's message reaches, with what their copy is about."""

    user: User
    # The places they hold at the events the audience is about, for the event details.
    places: list[Registration] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    kind: str
    text: str


def describe(audience: Audience, event: Event | None) -> str:
    """Who an audience is, in a sentence for pages and the log."""
    if audience == Audience.EVENT and event is not None:
        return gettext("The people of %(event)s", event=event.title)
    return audience.label


def _programme_events(programme: Programme) -> list[int]:
    return list(
        db.session.scalars(
            select(Event.id).where(
                Event.programme_id == programme.id, Event.status != EventStatus.CANCELLED
            )
        )
    )


def _registrations(event_ids: list[int], statuses: tuple[RegistrationStatus, ...]) -> list[Any]:
    if not event_ids:
        return []
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id.in_(event_ids), Registration.status.in_(statuses))
            .options(
                selectinload(Registration.user),
                selectinload(Registration.event).selectinload(Event.sessions),
                selectinload(Registration.event).selectinload(Event.programme),
            )
            .order_by(Registration.id)
        )
    )


def recipients(programme: Programme, audience: Audience, event: Event | None = None) -> list[Any]:
    """Everyone the message reaches, one each, in a fixed order, with their places."""
    if audience == Audience.EVENT:
        if event is None or event.programme_id != programme.id:
            raise OrganiseError(gettext("Choose one of the programme's events."), field="event")
        scope = [event.id]
    else:
        scope = _programme_events(programme)
    people: dict[int, DeskRecipient] = {}
    if audience in (Audience.PLACES, Audience.WAITING, Audience.EVENT):
        statuses = {
            Audience.PLACES: PLACE_HOLDING_STATUSES,
            Audience.WAITING: (RegistrationStatus.WAITLISTED,),
            Audience.EVENT: ACTIVE_STATUSES,
        }[audience]
        for registration in _registrations(scope, statuses):
            people.setdefault(registration.user_id, DeskRecipient(registration.user))
    else:
        if audience == Audience.SPEAKERS:
            query = (
                select(User)
                .join(Speaker, Speaker.user_id == User.id)
                .join(EventSpeaker, EventSpeaker.speaker_id == Speaker.id)
                .where(EventSpeaker.event_id.in_(scope))
            )
        else:
            query = (
                select(User)
                .join(ProgrammeHost, ProgrammeHost.user_id == User.id)
                .where(ProgrammeHost.programme_id == programme.id)
            )
        for user in db.session.scalars(query.order_by(User.id)).unique():
            people.setdefault(user.id, DeskRecipient(user))
    for registration in _registrations(scope, PLACE_HOLDING_STATUSES):
        if registration.user_id in people:
            people[registration.user_id].places.append(registration)
    return sorted(people.values(), key=lambda recipient: recipient.user.id)


def _context(
    programme: Programme,
    name: str,
    places: list[Registration],
    subject: str,
    body: str,
    sender: str,
) -> dict[str, Any]:
    return {
        "person_name": name,
        "message_subject": subject,
        "message_body": body,
        "sender": sender,
        "programme": programme,
        "zone": programme.zone,
        "places": [
            {
                "event": registration.event,
                "sessions": scheduled_sessions(registration.event),
                "joining": shows_joining_details(registration, registration.event),
                "event_url": external_url(
                    "programmes.event",
                    programme_slug=programme.slug,
                    event_slug=registration.event.slug,
                ),
                **registration_links(registration),
            }
            for registration in sorted(
                places, key=lambda registration: registration.event.title.lower()
            )
        ],
    }


def _checked(subject: str, body: str) -> tuple[str, str]:
    subject, body = subject.strip(), without_greeting(body)
    if not subject:
        raise OrganiseError(gettext("Enter a subject."), field="subject")
    if not body:
        raise OrganiseError(
            gettext("Write the message: an email with no text cannot be sent."), field="body"
        )
    if len(subject) > SUBJECT_MAX or len(body) > BODY_MAX:
        raise OrganiseError(gettext("The message is too long."), field="body")
    return subject, body


def previews(
    programme: Programme,
    audience: Audience,
    event: Event | None,
    subject: str,
    body: str,
    sender: str,
    language: str | None = None,
) -> list[Preview]:
    """The message as each kind of recipient will read it: someone with a place (with the
    details of their events) and someone without. A made-up name stands in for theirs."""
    subject, body = _checked(subject, body)
    everyone = recipients(programme, audience, event)
    with_place = next((person for person in everyone if person.places), None)
    without = next((person for person in everyone if not person.places), None)
    sample_name = gettext("Sam Example")
    kinds: list[tuple[str, list[Registration]]] = []
    if with_place is not None:
        kinds.append((gettext("Someone with a place"), with_place.places))
    if without is not None or not kinds:
        kinds.append((gettext("Someone without a place"), []))
    shown = []
    for kind, places in kinds:
        context = _context(programme, sample_name, places, subject, body, sender)
        with force_locale(language or DEFAULT_LANGUAGE):
            text = render_template(f"email/{TEMPLATE}.txt", subject=subject, **context)
        shown.append(Preview(kind, text.strip()))
    return shown


def _email(
    programme: Programme,
    recipient: DeskRecipient,
    subject: str,
    body: str,
    sender: str,
    key: str | None,
) -> Email:
    """One person's copy. Their account is in hand: its language and zone go with it, so
    queueing reads nothing more."""
    user = recipient.user
    return Email(
        Recipient.of(user),
        _context(programme, user.name, recipient.places, subject, body, sender),
        key,
    )


def send_test(
    programme: Programme,
    sender: User,
    audience: Audience,
    event: Event | None,
    subject: str,
    body: str,
) -> None:
    """One copy to the sender, marked as a test, with their own places if they are in the
    audience (else as someone without a place). Nothing is recorded as sent."""
    subject, body = _checked(subject, body)
    try:
        mine = next(
            (
                person
                for person in recipients(programme, audience, event)
                if person.user.id == sender.id
            ),
            DeskRecipient(sender),
        )
        test_subject = gettext("[Test] %(subject)s", subject=subject)[:SUBJECT_MAX]
        queue_emails(TEMPLATE, [_email(programme, mine, test_subject, body, sender.name, None)])
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def send(
    programme: Programme,
    sender: User,
    audience: Audience,
    event: Event | None,
    subject: str,
    body: str,
) -> DeskMessage:
    """Queue one email for each person in the audience, keep the message, and log it, in one
    transaction. Refuses an empty message or an audience of no one, changing nothing."""
    subject, body = _checked(subject, body)
    try:
        everyone = recipients(programme, audience, event)
        if not everyone:
            raise OrganiseError(
                gettext("No one is in this audience yet, so there is no one to email.")
            )
        message = DeskMessage(
            programme_id=programme.id,
            event_id=event.id if audience == Audience.EVENT and event is not None else None,
            sender_id=sender.id,
            sender_name=sender.name,
            audience=audience.value,
            subject=subject,
            body=body,
            recipients=len(everyone),
        )
        db.session.add(message)
        db.session.flush()
        queue_emails(
            TEMPLATE,
            (
                _email(
                    programme,
                    recipient,
                    subject,
                    body,
                    sender.name,
                    key=f"desk:{message.id}:user:{recipient.user.id}",
                )
                for recipient in everyone
            ),
        )
        record_activity(
            programme.id,
            "emailed",
            ngettext(
                "Emailed %(num)d person (%(audience)s): “%(subject)s”.",
                "Emailed %(num)d people (%(audience)s): “%(subject)s”.",
                len(everyone),
                audience=describe(audience, event),
                subject=subject,
            ),
            actor_id=sender.id,
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return message


def record_event_message(
    event: Event, sender: User | None, subject: str, body: str, count: int
) -> None:
    """Keep a message sent from an event's own email page in the list of messages sent (in
    the caller's transaction)."""
    db.session.add(
        DeskMessage(
            programme_id=event.programme_id,
            event_id=event.id,
            sender_id=sender.id if sender is not None else None,
            sender_name=sender.name if sender is not None else "",
            audience=Audience.EVENT.value,
            subject=subject,
            body=body,
            recipients=count,
        )
    )


MESSAGES_SHOWN = 200


def messages_sent(programme: Programme, event_ids: set[int] | None = None) -> list[DeskMessage]:
    """The newest messages sent for the programme; for a host (``event_ids``), those to their
    events' people only."""
    query = (
        select(DeskMessage)
        .where(DeskMessage.programme_id == programme.id)
        .options(selectinload(DeskMessage.event), selectinload(DeskMessage.sender))
        .order_by(DeskMessage.created_at.desc(), DeskMessage.id.desc())
        .limit(MESSAGES_SHOWN)
    )
    if event_ids is not None:
        query = query.where(DeskMessage.event_id.in_(event_ids))
    return list(db.session.scalars(query))
