"""The demo programme's learning communities: the four of 2022, meeting across the year.

Each has 12 to 30 members and six meetings eight weeks apart, three already held (with
attendance and some reflections) and three to come. "Social pedagogy practitioners" is by
request and full, with a waiting list and requests to answer; "The curious" has a meeting
open to everyone as a taster. Seeded, so every run makes the same communities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Attribution,
    AuthorRole,
    Community,
    CommunityMember,
    CommunityStatus,
    MeetingAttendance,
    MembershipRule,
    MemberStatus,
    Programme,
    Reflection,
    User,
    Visibility,
    utcnow,
)
from .common import record_consent
from .meetings import MeetingPlace, RepeatRule, add_meetings, open_as_taster
from .queries import meetings as queries_meetings
from .running import CommunityDetails, create_community

SEED = 2022
MEETINGS = 6
WEEKS_APART = 8


@dataclass(frozen=True)
class CommunitySpec:
    name: str
    purpose: str
    rule: MembershipRule
    limit: int | None
    members: int
    waiting: int = 0
    requests: int = 0
    weekday: int = 1
    starts: time = time(10, 0)


COMMUNITIES = (
    CommunitySpec(
        "Local authorities",
        "For people in councils making Human Learning Systems real: commissioning for learning, "
        "relational contracts, and what changes when a council trusts its partners.",
        MembershipRule.OPEN,
        30,
        26,
        weekday=1,
    ),
    CommunitySpec(
        "Social pedagogy practitioners",
        "Practitioners using social pedagogy in their work with people, bringing stories from "
        "practice and the questions they raise. **By request**: tell us what you are working on.",
        MembershipRule.REQUEST,
        12,
        12,
        waiting=3,
        requests=2,
        weekday=2,
        starts=time(14, 0),
    ),
    CommunitySpec(
        "The curious",
        "For anyone curious about Human Learning Systems and not sure where to start. Come to a "
        "taster meeting, then stay if it helps.",
        MembershipRule.OPEN,
        None,
        18,
        weekday=3,
        starts=time(12, 30),
    ),
    CommunitySpec(
        "System stewards in civil society",
        "Charities, funders and community groups stewarding the systems they are part of: "
        "sharing experiments, and bringing back what happened.",
        MembershipRule.INVITATION,
        20,
        15,
        weekday=4,
        starts=time(9, 30),
    ),
)

FIRST_NAMES = ("Aisha", "Ben", "Cerys", "Dev", "Ellen", "Femi", "Gwen", "Hamza", "Isla", "Jon")
LAST_NAMES = ("Ahmed", "Brown", "Cole", "Davies", "Evans", "Fraser", "Green", "Hughes", "Jones")
ORGANISATIONS = (
    "Gateshead Council",
    "Plymouth Alliance",
    "Lankelly Chase",
    "Wigan Council",
    "Mayday Trust",
    "Northumbria Healthcare",
    "Collaborate CIC",
    "Children in Wales",
)
REFLECTIONS = (
    "Hearing how others held uncertainty made me braver about my own experiment.",
    "We came back to the same question as last time, and it had changed for all of us.",
    "Trust grows slowly here: today someone shared a failure for the first time.",
    "I am taking the learning-partner idea back to our commissioning team.",
)


def load_communities(programme: Programme, today: date) -> int:
    """Add the four communities to the programme, unless it has some. Returns how many."""
    if db.session.scalar(select(Community.id).where(Community.programme_id == programme.id)):
        return 0
    rng = random.Random(SEED)
    facilitators = [
        _person(f"community.facilitator{n}@example.org", f"Facilitator {n}") for n in range(4)
    ]
    db.session.commit()
    first_day = today - timedelta(weeks=WEEKS_APART * 3 - 1)
    number = 0
    for index, spec in enumerate(COMMUNITIES):
        community = create_community(
            programme.id,
            CommunityDetails(
                spec.name,
                spec.purpose,
                spec.rule,
                spec.limit,
                waitlist_open=True,
                status=CommunityStatus.OPEN,
            ),
            [facilitators[index].email],
        )
        add_meetings(
            community.id,
            RepeatRule(
                WEEKS_APART, spec.weekday, spec.starts, _end(spec.starts), MEETINGS, first_day
            ),
            MeetingPlace(joining_url=f"https://meet.example.org/{community.slug}"),
            allow_past=True,
        )
        people = []
        for _ in range(spec.members + spec.waiting + spec.requests):
            number += 1
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            people.append(_person(f"community.member{number}@example.org", name))
        db.session.flush()
        _memberships(community, spec, people, rng)
        _history(community, people[: spec.members], rng)
        db.session.commit()
        if spec.name == "The curious":
            upcoming = [
                session
                for _meeting, session in queries_meetings(community.id)
                if session.starts_at > utcnow()
            ]
            if upcoming:
                open_as_taster(community.id, upcoming[0].id, places=15)
    return len(COMMUNITIES)


def _end(starts: time) -> time:
    return (datetime.combine(date(2000, 1, 1), starts) + timedelta(minutes=90)).time()


def _person(email: str, name: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, email_confirmed_at=utcnow())
        db.session.add(user)
    return user


def _memberships(
    community: Community, spec: CommunitySpec, people: list[User], rng: random.Random
) -> None:
    joined = utcnow() - timedelta(weeks=30)
    for position, user in enumerate(people):
        status, waiting_at = MemberStatus.MEMBER, None
        if position >= spec.members + spec.waiting:
            status = MemberStatus.REQUESTED
        elif position >= spec.members:
            status, waiting_at = MemberStatus.WAITLISTED, position - spec.members + 1
        db.session.add(
            CommunityMember(
                community_id=community.id,
                user_id=user.id,
                status=status,
                waitlist_position=waiting_at,
                organisation=rng.choice(ORGANISATIONS),
                working_on=rng.choice(REFLECTIONS[3:]) if rng.random() < 0.5 else "",
                joined_at=joined if status == MemberStatus.MEMBER else None,
            )
        )
        if rng.random() < 0.7:
            record_consent(user.id, community.id, True)


def _history(community: Community, members: list[User], rng: random.Random) -> None:
    """Attendance at the meetings held so far, and reflections from some members on some of the
    meetings they came to, written the day after each."""
    held = [s for _m, s in queries_meetings(community.id) if s.ends_at < utcnow()]
    for user in members:
        keen = rng.random()
        reflective = rng.random() < 0.5
        for session in held:
            came = rng.random() < keen + 0.2
            db.session.add(MeetingAttendance(session_id=session.id, user_id=user.id, attended=came))
            if not (came and reflective and rng.random() < 0.6):
                continue
            text = rng.choice(REFLECTIONS)
            written = min(session.ends_at + timedelta(days=1), utcnow())
            db.session.add(
                Reflection(
                    programme_id=community.programme_id,
                    event_id=session.event_id,
                    session_id=session.id,
                    author_id=user.id,
                    author_role=AuthorRole.ATTENDEE,
                    answers=[
                        {"question": "What did you take from it?", "hint": "", "answer": text}
                    ],
                    body=text,
                    visibility=rng.choice(
                        [Visibility.COMMUNITY, Visibility.COMMUNITY, Visibility.PUBLIC]
                    ),
                    attribution=Attribution.NAMED,
                    created_at=written,
                    updated_at=written,
                )
            )
