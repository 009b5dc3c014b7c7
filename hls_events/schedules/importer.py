"""Making a new draft programme from a schedule plan (see reader.py), in one transaction:
everything is written, or nothing is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Speaker,
    SpeakerRole,
    User,
)
from ..programmes.themes import find_or_create_themes
from ..service_errors import Reason, ServiceError
from ..slugs import unique_slug
from ..speakers.profiles import new_speaker
from ..translation import gettext
from .reader import SchedulePlan


class ImportRefused(ServiceError):
    default_reason = Reason.INVALID


def _taken(model: Any, **where: object) -> Callable[[str], bool]:
    def taken(candidate: str) -> bool:
        query = select(model.id).where(model.slug == candidate)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return db.session.scalar(query.limit(1)) is not None

    return taken


def import_schedule(plan: SchedulePlan, organiser_id: int) -> Programme:
    """A new draft programme holding the plan's events (drafts, one session each), its
    speakers as new profiles without accounts, and its tracks as themes."""
    organiser = db.session.get(User, organiser_id)
    if organiser is None:
        raise ImportRefused(gettext("No such organiser."), reason=Reason.NOT_FOUND)
    try:
        programme = Programme(
            slug=unique_slug(plan.acronym or plan.title, _taken(Programme)),
            title=plan.title,
            timezone=plan.timezone,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            status=ProgrammeStatus.DRAFT,
        )
        db.session.add(programme)
        programme.organisers.append(organiser)
        db.session.flush()  # the programme's id: the themes it brings are its own
        themes = {
            theme.name.lower(): theme
            for theme in find_or_create_themes([], plan.themes, owner_id=programme.id)
        }
        programme.themes = list(themes.values())
        speakers: dict[str, Speaker] = {}
        for speaker_plan in plan.speakers:
            speaker = new_speaker(speaker_plan.name)
            speaker.bio = speaker_plan.biography
            speakers[speaker_plan.key] = speaker
        db.session.flush()
        for event_plan in plan.events:
            event = Event(
                programme=programme,
                slug=unique_slug(event_plan.title, _taken(Event, programme_id=programme.id)),
                title=event_plan.title,
                summary=event_plan.summary,
                description=event_plan.description,
                format=EventFormat(event_plan.format),
                mode=EventMode(event_plan.mode),
                status=EventStatus.DRAFT,
            )
            event.themes = [themes[name.lower()] for name in event_plan.themes]
            event.sessions.append(
                EventSession(
                    title=event_plan.session_title,
                    starts_at=event_plan.starts_at,
                    ends_at=event_plan.ends_at,
                    venue_name=event_plan.venue_name,
                )
            )
            for position, key in enumerate(event_plan.speaker_keys):
                event.speaker_roles.append(
                    EventSpeaker(speaker=speakers[key], role=SpeakerRole.SPEAKER, position=position)
                )
            db.session.add(event)
            db.session.flush()
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise
    return programme
