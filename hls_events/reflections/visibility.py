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
- people taking part in the programme: also everyone with a place (confirmed or attended) at
  any of the programme's events, its speakers, and its hosts.
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
    Event,
    EventSpeaker,
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
    organised_programme_ids,
    organises_clause,
    public_event_clause,
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


def _participant_programmes(user_id: int) -> CompoundSelect[int]:
    return union(
        organised_programme_ids(user_id),
        hosted_programme_ids(user_id),
        select(Event.programme_id)
        .join(Registration, Registration.event_id == Event.id)
        .where(Registration.user_id == user_id, Registration.status.in_(TAKING_PART)),
        select(Event.programme_id)
        .join(EventSpeaker, EventSpeaker.event_id == Event.id)
        .join(Speaker, Speaker.id == EventSpeaker.speaker_id)
        .where(Speaker.user_id == user_id),
    )


def _public_events() -> Select[int]:
    """Published or cancelled events of public programmes: who may see an event at all."""
    return select(Event.id).where(public_event_clause())


# --- The rules ---------------------------------------------------------------------------------


def reflection_condition(reader: Reader) -> ColumnElement[bool]:
    """True for the reflections this reader may read. Use in any query over Reflection."""
    listed = and_(Reflection.hidden_at.is_(None), Reflection.event_id.in_(_public_events()))
    everyone = and_(Reflection.visibility == Visibility.PUBLIC, listed)
    if reader.user_id is None:
        return everyone
    user_id = reader.user_id
    shared = Reflection.visibility != Visibility.PRIVATE
    return or_(
        Reflection.author_id == user_id,
        and_(shared, organises_clause(reader, Reflection.programme_id)),
        and_(
            shared,
            listed,
            or_(
                Reflection.event_id.in_(hosted_event_ids(user_id)),
                Reflection.event_id.in_(_speaker_events(user_id)),
            ),
        ),
        and_(
            Reflection.visibility.in_([Visibility.PARTICIPANTS, Visibility.PUBLIC]),
            listed,
            Reflection.programme_id.in_(_participant_programmes(user_id)),
        ),
        everyone,
    )


def write_up_condition(reader: Reader) -> ColumnElement[bool]:
    """True for the write-ups this reader may read. Use in any query over WriteUp."""
    published = WriteUp.status == WriteUpStatus.PUBLISHED
    everyone = and_(published, WriteUp.hidden_at.is_(None), WriteUp.event_id.in_(_public_events()))
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


def is_author(reader: Reader, reflection: Reflection) -> bool:
    return reader.user_id is not None and reflection.author_id == reader.user_id


def byline(reflection: Reflection) -> str:
    """How a reflection is signed for everyone but its author: the one place a name is given."""
    if reflection.attribution == Attribution.NAMED and reflection.author is not None:
        return reflection.author.name
    return ANONYMOUS_NAME


def sees_moderation(reader: Reader, *, own: bool, curates: bool) -> bool:
    """Whether a hidden entry's reason is shown: to its author and the organisers."""
    return own or curates
