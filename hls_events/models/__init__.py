"""The domain, one module per aggregate. Models import only the database extension."""

from .event import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventStatus,
    SessionStatus,
    event_themes,
)
from .organisation import Organisation, OrganisationKind
from .programme import Programme, ProgrammeStatus, Theme, programme_organisers, programme_themes
from .speaker import EventSpeaker, Speaker, SpeakerRole
from .types import UTCDateTime, utcnow
from .user import User

__all__ = [
    "Event",
    "EventFormat",
    "EventMode",
    "EventSession",
    "EventSpeaker",
    "EventStatus",
    "Organisation",
    "OrganisationKind",
    "Programme",
    "ProgrammeStatus",
    "SessionStatus",
    "Speaker",
    "SpeakerRole",
    "Theme",
    "UTCDateTime",
    "User",
    "event_themes",
    "programme_organisers",
    "programme_themes",
    "utcnow",
]
