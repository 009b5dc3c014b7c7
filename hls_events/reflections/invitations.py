"""Inviting people to reflect: once an event has ended, everyone who may reflect on it is
emailed, once per person and event, ever."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..links import external_url
from ..mail.services import queue_email
from ..models import (
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    Reflection,
    ReflectionInvitation,
    Registration,
    Speaker,
    User,
    utcnow,
)
from ..visibility import is_one_of, public_programme_clause
from .eligibility import load_event
from .queries import last_session_end, prompts_for
from .visibility import TAKING_PART

# Invitations go out for events that ended this recently, so a new install (or a worker that
# was down) never emails people about events long past.
INVITE_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class InvitationReport:
    events: int
    queued: int


def _people_to_invite(event: Event) -> list[User]:
    """Everyone who may reflect on the event and has not been invited or reflected yet."""
    registrants = select(Registration.user_id).where(
        Registration.event_id == event.id, is_one_of(Registration.status, TAKING_PART)
    )
    speakers = (
        select(Speaker.user_id)
        .join(EventSpeaker, EventSpeaker.speaker_id == Speaker.id)
        .where(EventSpeaker.event_id == event.id, Speaker.user_id.is_not(None))
    )
    invited = select(ReflectionInvitation.user_id).where(ReflectionInvitation.event_id == event.id)
    reflected = select(Reflection.author_id).where(
        Reflection.event_id == event.id, Reflection.author_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(registrants.union(speakers)),
                User.id.not_in(invited),
                User.id.not_in(reflected),
            )
            .order_by(User.id)
        )
    )


def _ended_events(now: datetime, within: timedelta) -> list[Event]:
    candidates = db.session.scalars(
        select(Event)
        .join(Programme, Programme.id == Event.programme_id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            public_programme_clause(),
            # Only events with a session that ended in the window; the last one decides.
            Event.id.in_(
                select(EventSession.event_id).where(
                    EventSession.ends_at > now - within, EventSession.ends_at <= now
                )
            ),
        )
        .options(selectinload(Event.sessions), selectinload(Event.programme))
        .order_by(Event.id)
    )
    events = []
    for event in candidates:
        end = last_session_end(event)
        if end is not None and now - within <= end <= now:
            events.append(event)
    return events


def invite_to_reflect(
    *, now: datetime | None = None, within: timedelta = INVITE_WITHIN
) -> InvitationReport:
    """Email everyone who may reflect on an event that has just ended: once per person and
    event, ever. One transaction per event; safe to run again, or from several workers at
    once (the invitation's primary key lets only one of them record it)."""
    now = now or utcnow()
    events = 0
    queued = 0
    for event_id in [event.id for event in _ended_events(now, within)]:
        event = load_event(event_id)
        people = _people_to_invite(event)
        if not people:
            db.session.rollback()
            continue
        for person in people:
            db.session.add(ReflectionInvitation(event_id=event.id, user_id=person.id, sent_at=now))
            queue_email(
                person.email,
                "reflection_invitation",
                _invitation_context(event, person),
                key=f"reflection-invitation:event:{event.id}:user:{person.id}",
            )
        try:
            db.session.commit()
        except IntegrityError:
            # Another worker invited someone here at the same moment: it sends them, not us.
            db.session.rollback()
            continue
        events += 1
        queued += len(people)
    return InvitationReport(events=events, queued=queued)


def _invitation_context(event: Event, person: User) -> dict[str, Any]:
    programme = event.programme
    return {
        "person": person,
        "event": event,
        "programme": programme,
        "reflect_url": external_url(
            "reflections.reflect", programme_slug=programme.slug, event_slug=event.slug
        ),
        "practice_url": external_url("reflections.practice"),
        "prompts": prompts_for(programme.id),
    }
