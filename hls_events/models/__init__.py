"""The domain, one module per aggregate. Models import only the database extension."""

from .account import ConsentRecord, UsedToken
from .activity import Activity
from .api_token import ApiToken
from .calendar import CalendarFeedVersion
from .community import (
    CURRENT_MEMBER_STATUSES,
    FORMER_MEMBER_STATUSES,
    Community,
    CommunityFacilitator,
    CommunityMeeting,
    CommunityMember,
    CommunityStatus,
    MeetingApology,
    MeetingAttendance,
    MembershipRule,
    MemberStatus,
)
from .content_revision import ContentRevision
from .desk_message import DeskMessage
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
from .outbox import OutboxMessage, OutboxStatus
from .programme import Programme, ProgrammeStatus, Theme, programme_organisers, programme_themes
from .proposal import (
    UNDECIDED_STATUSES,
    CallForEvents,
    CallQuestion,
    Proposal,
    ProposalAnswer,
    ProposalComment,
    ProposalSpeaker,
    ProposalStatus,
    TimeOfDay,
    call_themes,
    proposal_themes,
)
from .reflection import (
    Attribution,
    AuthorRole,
    Principle,
    Reflection,
    ReflectionConsent,
    ReflectionInvitation,
    ReflectionPrompt,
    Visibility,
    WriteUp,
    WriteUpStatus,
    reflection_themes,
)
from .registration import (
    ACTIVE_STATUSES,
    PLACE_HOLDING_STATUSES,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
    Sector,
)
from .schedule_change import ChangeKind, ScheduleChange
from .site_page import SitePage
from .speaker import EventSpeaker, Speaker, SpeakerRole
from .speaker_invitation import SpeakerInvitation
from .types import UTCDateTime, utcnow
from .user import User

__all__ = [
    "ACTIVE_STATUSES",
    "CURRENT_MEMBER_STATUSES",
    "FORMER_MEMBER_STATUSES",
    "PLACE_HOLDING_STATUSES",
    "UNDECIDED_STATUSES",
    "Activity",
    "ApiToken",
    "Attribution",
    "AuthorRole",
    "CalendarFeedVersion",
    "CallForEvents",
    "CallQuestion",
    "ChangeKind",
    "Community",
    "CommunityFacilitator",
    "CommunityMeeting",
    "CommunityMember",
    "CommunityStatus",
    "ConsentRecord",
    "ContentRevision",
    "DeskMessage",
    "Event",
    "EventFormat",
    "EventMode",
    "EventSession",
    "EventSpeaker",
    "EventStatus",
    "Invitation",
    "MeetingApology",
    "MeetingAttendance",
    "MemberStatus",
    "MembershipRule",
    "Organisation",
    "OrganisationKind",
    "OutboxMessage",
    "OutboxStatus",
    "Principle",
    "Programme",
    "ProgrammeHost",
    "ProgrammeRole",
    "ProgrammeStatus",
    "Proposal",
    "ProposalAnswer",
    "ProposalComment",
    "ProposalSpeaker",
    "ProposalStatus",
    "QuestionKind",
    "Reflection",
    "ReflectionConsent",
    "ReflectionInvitation",
    "ReflectionPrompt",
    "Registration",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "RegistrationSettings",
    "RegistrationStatus",
    "ScheduleChange",
    "Sector",
    "SessionStatus",
    "SitePage",
    "Speaker",
    "SpeakerInvitation",
    "SpeakerRole",
    "Theme",
    "TimeOfDay",
    "UTCDateTime",
    "UsedToken",
    "User",
    "Visibility",
    "WriteUp",
    "WriteUpStatus",
    "call_themes",
    "event_themes",
    "programme_organisers",
    "programme_themes",
    "proposal_themes",
    "reflection_themes",
    "utcnow",
]
