"""The domain, one module per aggregate. Models import only the database extension."""

from .account import ConsentRecord, UsedToken
from .event import (
    Event,
    EventFormat,
    EventMode,
    EventSession,
    EventStatus,
    SessionStatus,
    event_themes,
)
from .membership import Invitation, ProgrammeHost, ProgrammeRole
from .organisation import Organisation, OrganisationKind
from .programme import Programme, ProgrammeStatus, Theme, programme_organisers, programme_themes
from .site_page import SitePage
from .speaker import EventSpeaker, Speaker, SpeakerRole
from .types import UTCDateTime, utcnow
from .user import User

__all__ = [
    "ConsentRecord",
    "Event",
    "EventFormat",
    "EventMode",
    "EventSession",
    "EventSpeaker",
    "EventStatus",
    "Invitation",
    "Organisation",
    "OrganisationKind",
    "Programme",
    "ProgrammeHost",
    "ProgrammeRole",
    "ProgrammeStatus",
    "SessionStatus",
    "SitePage",
    "Speaker",
    "SpeakerRole",
    "Theme",
    "UTCDateTime",
    "UsedToken",
    "User",
    "event_themes",
    "programme_organisers",
    "programme_themes",
    "utcnow",
]
