"""Who may read which reflection and write-up, and how its author is named: the one place.

Every surface asks here: the practice record's pages and search, the event page, the
exports (CSV and JSON, which are the API for now), the learning report and the Atom feeds.
The rules are SQL conditions, so a listing or a search filters in the database, in the same
query that ranks and quotes (a snippet is never made from a row the reader may not see), and a
single entry is checked by the same condition (``may_read_*``), never by a second copy of it.

A reflection, by the visibility its author chose:

- only me (private): its author, nobody else; not organisers, not site admins.
- the organisers and hosts: also the programme's organisers (and site admins), the people who
  host the event's organisation in the programme, and the event's own speakers.
- members of this community (only on a learning community's meetings): the author, the
  programme's organisers (and site admins), and the community's current members and
  facilitators; not the event's hosts or speakers, not former members.
- people taking part in the programme: also everyone with a place (confirmed or attended) at
  any of the programme's events, its speakers, its hosts, and the current members and
  facilitators of its communities.

A community's facilitators count as its event's hosts (they have organisers' powers over the
community), so they also read "the organisers and hosts" reflections on its meetings. A
community reflection is read by its members whether or not the community's series event is
public (meetings are members-only), but not once an organiser has hidden it.
- everyone: also anyone at all, signed in or not.

Beyond the author and the organisers, a reflection is read only while its programme is public
(published or archived) and its event published or cancelled, and not while an organiser has
hidden it. Organisers still see what they hid (to show it again); its author sees it with the
reason. Nobody but the author ever sees a private reflection.

A write-up: its speaker always; once published, everyone (within a public programme and
event, unless hidden); organisers see published ones, hidden too.

Whether a programme or an event is public, and who organises or hosts it, is the rule of
``hls_events/visibility.py``; this module adds only what is particular to reflections.

Anonymous means the name appears nowhere to anyone else: ``byline`` is the only way a
reflection's author is named, and only named reflections give a name.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, and_, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db
from ..models import (
    Attribution,
    Community,
    CommunityFacilitator,
    CommunityMeeting,
    CommunityMember,
    Event,
    EventSession,
    EventSpeaker,
    MemberStatus,
    Programme,
    Reflection,
    Registration,
    RegistrationStatus,
    Speaker,
    Visibility,
    WriteUp,
    WriteUpStatus,
    programme_organisers,
)
from ..visibility import (
    ANONYMOUS,
    PUBLIC_EVENT_STATUSES,
    PUBLIC_PROGRAMME_STATUSES,
    Viewer,
    hosted_event_ids,
    hosted_programme_ids,
    is_fixed,
    is_one_of,
    on_public_event,
    organised_programme_ids,
    organises_clause,
    public_programme_clause,
)

__all__ = [
    "ANONYMOUS",
    "PUBLIC_EVENT_STATUSES",
    "PUBLIC_PROGRAMME_STATUSES",
    "TAKING_PART",
    "Reader",
    "byline",
    "is_author",
    "may_curate",
    "may_read_reflection",
    "may_read_write_up",
    "reflection_condition",
    "sees_moderation",
    "write_up_condition",
]

# Who is reading: the viewer of hls_events/visibility.py, by the name this area has always used.
Reader = Viewer

# Registrations that make someone a participant of the programme.
TAKING_PART = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
ANONYMOUS_NAME = "Anonymous"


# --- Who stands where, as subqueries of ids (one SQL statement, whatever the data size) -------


def _speaker_events(user_id: int) -> Select[int]:
    return (
        select(EventSpeaker.event_id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id)
    )


def _community_events(user_id: int, *, members: bool = True) -> CompoundSelect[int]:
    """The events holding the meetings of the communities this person facilitates (and, with
    ``members``, of those they are a current member of): the series events and tasters."""
    facilitated = select(CommunityFacilitator.community_id).where(
        CommunityFacilitator.user_id == user_id
    )
    communities: Select[int] | CompoundSelect[int] = facilitated
    if members:
        communities = union(
            facilitated,
            select(CommunityMember.community_id).where(
                CommunityMember.user_id == user_id,
                CommunityMember.status == MemberStatus.MEMBER,
            ),
        )
    return union(
        select(Community.event_id).where(Community.id.in_(communities)),
        select(EventSession.event_id)
        .join(CommunityMeeting, CommunityMeeting.session_id == EventSession.id)
        .where(CommunityMeeting.community_id.in_(communities)),
    )


def _community_programmes(user_id: int) -> Select[int]:
    return select(Community.programme_id).where(
        Community.id.in_(
            union(
                select(CommunityFacilitator.community_id).where(
                    CommunityFacilitator.user_id == user_id
                ),
                select(CommunityMember.community_id).where(
                    CommunityMember.user_id == user_id,
                    CommunityMember.status == MemberStatus.MEMBER,
                ),
            )
        )
    )


def _participant_programmes(user_id: int) -> CompoundSelect[int]:
    return union(
        _community_programmes(user_id),
        organised_programme_ids(user_id),
        hosted_programme_ids(user_id),
        select(Event.programme_id)
        .join(Registration, Registration.event_id == Event.id)
        .where(Registration.user_id == user_id, is_one_of(Registration.status, TAKING_PART)),
        select(Event.programme_id)
        .join(EventSpeaker, EventSpeaker.event_id == Event.id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id),
    )


def _public_community_series() -> Select[int]:
    """The series events of communities that are public in public programmes: their meetings
    are members-only, so the event stays a draft, but what is shared beyond the community is
    read as for a public event."""
    return (
        select(Community.event_id)
        .join(Programme, Programme.id == Community.programme_id)
        .where(public_programme_clause(), Community.status != "draft")
    )


# --- The rules ---------------------------------------------------------------------------------


def reflection_condition(reader: Reader) -> ColumnElement[bool]:
    """True for the reflections this reader may read. Use in any query over Reflection."""
    listed = and_(
        Reflection.hidden_at.is_(None),
        or_(
            on_public_event(Reflection.event_id),
            Reflection.event_id.in_(_public_community_series()),
        ),
    )
    everyone = and_(is_fixed(Reflection.visibility, Visibility.PUBLIC), listed)
    if reader.user_id is None:
        return everyone
    user_id = reader.user_id
    shared = Reflection.visibility != Visibility.PRIVATE
    beyond_community = is_one_of(
        Reflection.visibility, [Visibility.ORGANISERS, Visibility.PARTICIPANTS, Visibility.PUBLIC]
    )
    return or_(
        Reflection.author_id == user_id,
        and_(shared, organises_clause(reader, Reflection.programme_id)),
        and_(
            beyond_community,
            listed,
            or_(
                Reflection.event_id.in_(hosted_event_ids(user_id)),
                Reflection.event_id.in_(_speaker_events(user_id)),
            ),
        ),
        and_(
            Reflection.visibility == Visibility.ORGANISERS,
            Reflection.hidden_at.is_(None),
            Reflection.event_id.in_(_community_events(user_id, members=False)),
        ),
        and_(
            Reflection.visibility == Visibility.COMMUNITY,
            Reflection.hidden_at.is_(None),
            Reflection.event_id.in_(_community_events(user_id)),
        ),
        and_(
            is_one_of(Reflection.visibility, [Visibility.PARTICIPANTS, Visibility.PUBLIC]),
            listed,
            Reflection.programme_id.in_(_participant_programmes(user_id)),
        ),
        everyone,
    )


def write_up_condition(reader: Reader) -> ColumnElement[bool]:
    """True for the write-ups this reader may read. Use in any query over WriteUp."""
    published = WriteUp.status == WriteUpStatus.PUBLISHED
    everyone = and_(published, WriteUp.hidden_at.is_(None), on_public_event(WriteUp.event_id))
    if reader.user_id is None:
        return everyone
    return or_(
        WriteUp.speaker_id.in_(select(Speaker.id).where(Speaker.user_id == reader.user_id)),
        and_(published, organises_clause(reader, WriteUp.programme_id)),
        everyone,
    )


def may_read_reflection(reader: Reader, reflection_id: int) -> bool:
    return (
        db.session.scalar(
            select(Reflection.id).where(
                Reflection.id == reflection_id, reflection_condition(reader)
            )
        )
        is not None
    )


def may_read_write_up(reader: Reader, write_up_id: int) -> bool:
    return (
        db.session.scalar(
            select(WriteUp.id).where(WriteUp.id == write_up_id, write_up_condition(reader))
        )
        is not None
    )


def may_curate(reader: Reader, programme_id: int) -> bool:
    """Featuring and hiding entries of a programme is for its organisers (and site admins)."""
    if reader.is_admin:
        return True
    if reader.user_id is None:
        return False
    return (
        db.session.scalar(
            select(programme_organisers.c.programme_id).where(
                programme_organisers.c.programme_id == programme_id,
                programme_organisers.c.user_id == reader.user_id,
            )
        )
        is not None
    )


def is_author(reader: Reader, author_id: int | None) -> bool:
    return reader.user_id is not None and author_id == reader.user_id


def byline(attribution: Attribution, author_name: str | None) -> str:
    """How a reflection is signed for everyone but its author: the one place a name is given.
    ``author_name`` is the author's account name, None once the account is gone."""
    if attribution == Attribution.NAMED and author_name is not None:
        return author_name
    return ANONYMOUS_NAME


def sees_moderation(reader: Reader, *, own: bool, curates: bool) -> bool:
    """Whether a hidden entry's reason is shown: to its author and the organisers."""
    return own or curates
