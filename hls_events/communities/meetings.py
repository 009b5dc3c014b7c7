"""A community's meetings: sessions of its series event, made in a repeating series, moved,
cancelled or opened as tasters one at a time; apologies and attendance.

Times are wall-clock times in the programme's zone, turned into UTC meeting by meeting
(hls_events/localtime.py), so a series that crosses a change of the clocks keeps its local
time. A time the clocks skip is refused, and then nothing is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..domain_events import (
    MeetingsAdded,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    announce,
)
from ..extensions import db
from ..lazy_text import _l
from ..localtime import NonexistentLocalTime, format_day, to_utc
from ..mail.services import queue_email
from ..models import (
    CommunityMeeting,
    CommunityMember,
    Event,
    EventFormat,
    EventSession,
    EventStatus,
    MeetingApology,
    MeetingAttendance,
    MemberStatus,
    SessionStatus,
    User,
    utcnow,
)
from ..service_errors import Reason
from ..translation import gettext
from .common import (
    CommunityError,
    community_url,
    current_members,
    facilitator_users,
    in_transaction,
    locked_community,
)

MAX_TIMES = 52
MAX_EVERY_WEEKS = 52
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
URL_MAX = 500
TEXT_MAX = 200


@dataclass(frozen=True)
class RepeatRule:
    """Every ``every_weeks`` weeks on ``weekday`` (0 is Monday), ``starts``-``ends``,
    ``times`` times, from the first such weekday on or after ``first_day``."""

    every_weeks: int
    weekday: int
    starts: time
    ends: time
    times: int
    first_day: date


@dataclass(frozen=True)
class MeetingPlace:
    joining_url: str = ""
    venue_name: str = ""
    title: str = ""


def meeting_days(rule: RepeatRule) -> list[date]:
    """The days a rule names. Checks the rule's numbers; says why if it makes no meetings."""
    if rule.times < 1:
        raise CommunityError(
            gettext("This rule makes no meetings: choose to meet at least once."),
            "times",
            Reason.INVALID,
        )
    if rule.times > MAX_TIMES:
        raise CommunityError(
            gettext("Make at most %(max_times)s meetings at a time.", max_times=MAX_TIMES),
            "times",
            Reason.INVALID,
        )
    if not 1 <= rule.every_weeks <= MAX_EVERY_WEEKS:
        raise CommunityError(
            gettext("Meet every 1 to %(max_every_weeks)s weeks.", max_every_weeks=MAX_EVERY_WEEKS),
            "every_weeks",
            Reason.INVALID,
        )
    if not 0 <= rule.weekday <= 6:
        raise CommunityError(gettext("Choose a day of the week."), "weekday", Reason.INVALID)
    if not date(2000, 1, 1) <= rule.first_day <= date(2100, 1, 1):
        raise CommunityError(gettext("Choose a first day between 2000 and 2100."), "first_day")
    first = rule.first_day + timedelta(days=(rule.weekday - rule.first_day.weekday()) % 7)
    return [first + timedelta(weeks=rule.every_weeks * n) for n in range(rule.times)]


def _instant(day: date, clock: time, zone: object) -> datetime:
    try:
        return to_utc(day, clock, zone)  # type: ignore[arg-type]
    except NonexistentLocalTime as error:
        raise CommunityError(
            gettext("%(error)s Choose another time: no meetings were changed.", error=error),
            "starts",
            Reason.INVALID,
        ) from error


def meeting_times(rule: RepeatRule, zone: object) -> list[tuple[datetime, datetime]]:
    if rule.ends <= rule.starts:
        raise CommunityError(
            gettext("A meeting must end after it starts, on the same day."), "ends", Reason.INVALID
        )
    return [
        (_instant(day, rule.starts, zone), _instant(day, rule.ends, zone))
        for day in meeting_days(rule)
    ]


def _clean_place(place: MeetingPlace) -> MeetingPlace:
    url = place.joining_url.replace("\x00", "").strip()
    if (url and not url.startswith(("https://", "http://"))) or len(url) > URL_MAX:
        raise CommunityError(
            gettext(
                "Give the joining link as a web address starting https://, up to %(url_max)s characters.",
                url_max=URL_MAX,
            ),
            "joining_url",
            Reason.INVALID,
        )
    venue, title = (value.replace("\x00", "").strip() for value in (place.venue_name, place.title))
    if len(venue) > TEXT_MAX or len(title) > TEXT_MAX:
        raise CommunityError(
            gettext("Keep names to %(text_max)s characters.", text_max=TEXT_MAX),
            "title",
            Reason.INVALID,
        )
    return MeetingPlace(url, venue, title)


def add_meetings(
    community_id: int,
    rule: RepeatRule,
    place: MeetingPlace | None = None,
    *,
    allow_past: bool = False,
    now: datetime | None = None,
) -> list[int]:
    """Make every meeting of a repeat rule at once, or none of them; the members hear of them
    in one email (``MeetingsAdded``). Returns the session ids."""
    now = now or utcnow()
    place = _clean_place(place or MeetingPlace())

    def work() -> list[int]:
        community = locked_community(community_id)
        times = meeting_times(rule, community.programme.zone)
        if not allow_past and times[0][0] < now:
            raise CommunityError(
                gettext(
                    "The first meeting, on %(value)s or after, would be in the past. Choose a later first day.",
                    value=format_day(rule.first_day),
                ),
                "first_day",
                Reason.INVALID,
            )
        sessions = []
        for starts_at, ends_at in times:
            session = EventSession(
                event_id=community.event_id,
                starts_at=starts_at,
                ends_at=ends_at,
                title=place.title,
                venue_name=place.venue_name,
                joining_url=place.joining_url,
                status=SessionStatus.SCHEDULED,
                sequence=0,
            )
            db.session.add(session)
            sessions.append(session)
        db.session.flush()
        db.session.add_all(
            CommunityMeeting(session_id=session.id, community_id=community.id)
            for session in sessions
        )
        db.session.flush()
        for session in sessions:
            announce(SessionAdded(session))
        announce(MeetingsAdded(community, tuple(sessions)))
        return [session.id for session in sessions]

    return in_transaction(work)


def meeting_of(community_id: int, session_id: int) -> tuple[CommunityMeeting, EventSession]:
    meeting = db.session.get(CommunityMeeting, session_id)
    if meeting is None or meeting.community_id != community_id:
        raise CommunityError(gettext("There is no such meeting."), reason=Reason.NOT_FOUND)
    return meeting, meeting.session


def move_meeting(community_id: int, session_id: int, day: date, starts: time, ends: time) -> None:
    """Move one meeting; the others stay. Calendars see a higher SEQUENCE; the members (and a
    taster's registrants) are told, by the subscribers to ``SessionMoved``."""

    def work() -> None:
        community = locked_community(community_id)
        _meeting, session = meeting_of(community.id, session_id)
        if session.is_cancelled:
            raise CommunityError(gettext("This meeting is cancelled, so it cannot be moved."))
        if ends <= starts:
            raise CommunityError(
                gettext("A meeting must end after it starts."), "ends", Reason.INVALID
            )
        zone = community.programme.zone
        starts_at, ends_at = _instant(day, starts, zone), _instant(day, ends, zone)
        if (starts_at, ends_at) == (session.starts_at, session.ends_at):
            return
        old_starts_at, old_ends_at = session.starts_at, session.ends_at
        session.starts_at, session.ends_at = starts_at, ends_at
        session.sequence += 1
        db.session.flush()
        announce(
            SessionMoved(
                session,
                old_starts_at=old_starts_at,
                old_ends_at=old_ends_at,
                old_venue_name=session.venue_name,
                old_venue_address=session.venue_address,
                joining_changed=False,
            )
        )

    in_transaction(work)


def cancel_meeting(community_id: int, session_id: int) -> None:
    """Cancel one meeting; calendars show it cancelled; the members (and a taster's
    registrants) are told, by the subscribers to ``SessionCancelled``."""

    def work() -> None:
        community = locked_community(community_id)
        _meeting, session = meeting_of(community.id, session_id)
        if session.is_cancelled:
            raise CommunityError(gettext("This meeting is already cancelled."))
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        db.session.flush()
        announce(SessionCancelled(session))

    in_transaction(work)


def open_as_taster(community_id: int, session_id: int, places: int | None) -> int:
    """Open one meeting to everyone: it moves to a public event of its own, which takes
    ordinary registrations for ``places`` newcomers (None: no limit). Returns the event id."""
    if places is not None and not 1 <= places <= 10_000:
        raise CommunityError(
            gettext("Offer between 1 and 10000 places, or none for no limit."),
            "places",
            Reason.INVALID,
        )

    def work() -> int:
        community = locked_community(community_id)
        meeting, session = meeting_of(community.id, session_id)
        if meeting.is_taster:
            raise CommunityError(gettext("This meeting is already open as a taster."))
        if session.is_cancelled or session.starts_at <= utcnow():
            raise CommunityError(gettext("Only a meeting still to come can be opened as a taster."))
        series = community.event
        taster = Event(
            programme_id=community.programme_id,
            slug=f"{community.slug}-taster-{session.id}",
            title=f"{community.name}: a taster meeting",
            summary=f"A meeting of the {community.name} learning community, open to everyone.",
            description=community.purpose,
            format=EventFormat.LEARNING_CIRCLE,
            mode=series.mode,
            capacity=places,
            status=EventStatus.PUBLISHED,
        )
        db.session.add(taster)
        db.session.flush()
        session.event_id = taster.id
        session.sequence += 1
        meeting.is_taster = True
        return taster.id

    return in_transaction(work)


# --- Apologies and attendance ---------------------------------------------------------------


def send_apology(
    community_id: int, session_id: int, user_id: int, note: str = "", now: datetime | None = None
) -> None:
    """A member's apology for one meeting: frees nothing, and the facilitators are emailed."""
    now = now or utcnow()
    note = note.replace("\x00", "").strip()
    if len(note) > 500:
        raise CommunityError(gettext("Keep your note to 500 characters."), "note", Reason.INVALID)

    def work() -> None:
        community = locked_community(community_id)
        _meeting, session = meeting_of(community.id, session_id)
        member = _current_member(community.id, user_id)
        if session.is_cancelled or session.starts_at <= now:
            raise CommunityError(gettext("Apologies are for meetings still to come."))
        if db.session.get(MeetingApology, (session.id, user_id)) is not None:
            raise CommunityError(gettext("You have already sent your apologies for this meeting."))
        db.session.add(MeetingApology(session_id=session.id, user_id=user_id, note=note))
        for facilitator in facilitator_users(community.id):
            queue_email(
                facilitator.email,
                "community_apology",
                {
                    "person": facilitator,
                    "member": member.user,
                    "note": note,
                    "community": community,
                    "programme": community.programme,
                    "session": session,
                    "zone": community.programme.zone,
                    "community_url": community_url(community),
                },
            )

    in_transaction(work)


def _current_member(community_id: int, user_id: int) -> CommunityMember:
    member = db.session.scalar(
        select(CommunityMember).where(
            CommunityMember.community_id == community_id,
            CommunityMember.user_id == user_id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
    )
    if member is None:
        raise CommunityError(gettext("Only members can do that."), reason=Reason.FORBIDDEN)
    return member


def mark_attendance(
    community_id: int,
    session_id: int,
    came: Iterable[int],
    now: datetime | None = None,
) -> None:
    """Record who of the current members came to a meeting that has started; the rest did not."""
    now = now or utcnow()
    came = set(came)

    def work() -> None:
        community = locked_community(community_id)
        _meeting, session = meeting_of(community.id, session_id)
        if session.starts_at > now:
            raise CommunityError(gettext("Attendance can be marked once the meeting has started."))
        members = {member.user_id for member in current_members(community.id)}
        strangers = came - members
        if strangers:
            raise CommunityError(
                gettext("Mark only the community's members."), reason=Reason.INVALID
            )
        for user_id in members:
            row = db.session.get(MeetingAttendance, (session.id, user_id))
            if row is None:
                row = MeetingAttendance(session_id=session.id, user_id=user_id)
                db.session.add(row)
            row.attended = user_id in came
            row.marked_at = now

    in_transaction(work)


def person_names(user_ids: Iterable[int]) -> dict[int, str]:
    ids = list(user_ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
