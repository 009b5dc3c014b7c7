"""Copying a programme for next time: a new draft with the same details, themes, questions,
reflection prompts, organisers and hosts, and (if asked) its events, their sessions moved by a
number of weeks at the same wall-clock times in the programme's time zone.

Nothing personal is carried over: no registrations, reflections or joining links. Speakers are
invited again (an email each, which the preview lists) rather than put on the new events.
``plan_copy`` reads only, for the preview; ``copy_programme`` plans again and writes it all in
one transaction, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import NonexistentLocalTime, format_day, to_local, to_utc
from ..models import (
    Event,
    EventSession,
    EventStatus,
    Programme,
    ProgrammeHost,
    ProgrammeStatus,
    RegistrationQuestion,
    RegistrationSettings,
    SessionStatus,
    Speaker,
    SpeakerInvitation,
    Theme,
    User,
)
from ..models.reflection import ReflectionPrompt
from ..models.speaker import EventSpeaker
from ..slugs import unique_slug
from ..speakers.services import add_invited_speaker
from ..translation import gettext
from .activity import record
from .services import OrganiseError

# A copy moves its dates by at most ten years either way.
MAX_WEEKS = 520


@dataclass(frozen=True)
class CopyRequest:
    title: str
    slug: str
    weeks: int
    with_events: bool


@dataclass(frozen=True)
class SessionMove:
    session: EventSession
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SpeakerToInvite:
    role: EventSpeaker
    email: str


@dataclass(frozen=True)
class EventCopy:
    event: Event
    sessions: list[SessionMove]
    opens_at: datetime | None
    closes_at: datetime | None
    invited: list[SpeakerToInvite]
    # Speakers with no email address known: the organisers add them again themselves.
    not_invited: list[Speaker]


@dataclass(frozen=True)
class CopyPlan:
    source: Programme
    request: CopyRequest
    slug: str
    starts_on: date
    ends_on: date
    themes: list[Theme]
    organisers: list[User]
    questions: list[RegistrationQuestion]
    prompts: list[ReflectionPrompt]
    hosts: list[ProgrammeHost]
    events: list[EventCopy] = field(default_factory=list)

    @property
    def invitations(self) -> list[tuple[SpeakerToInvite, Event]]:
        return [(invite, copy.event) for copy in self.events for invite in copy.invited]

    @property
    def session_count(self) -> int:
        return sum(len(copy.sessions) for copy in self.events)


def _moved(instant: datetime, weeks: int, programme: Programme, what: str) -> datetime:
    """The same wall-clock time ``weeks`` later in the programme's zone; refused if the clocks
    skip that time on the new day."""
    local = to_local(instant, programme.zone)
    day = local.date() + timedelta(weeks=weeks)
    try:
        return to_utc(day, local.time().replace(tzinfo=None), programme.zone)
    except NonexistentLocalTime:
        raise OrganiseError(
            gettext(
                "%(what)s would start at %(clock)s on %(day)s, a time that does not happen "
                "there: the clocks go forward. Choose another number of weeks, or move it "
                "first.",
                what=what,
                clock=local.strftime("%H:%M"),
                day=format_day(day),
            ),
            "weeks",
        ) from None


def _source_events(programme: Programme) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.programme_id == programme.id, Event.status != EventStatus.CANCELLED)
            .options(
                selectinload(Event.sessions),
                selectinload(Event.themes),
                selectinload(Event.speaker_roles).selectinload(EventSpeaker.speaker),
            )
            .order_by(Event.title)
        )
    )


def _speaker_emails(events: list[Event]) -> dict[int, str]:
    """An address for each speaker: their account's, or the one they were last invited at."""
    speakers = {role.speaker for event in events for role in event.speaker_roles}
    user_ids = [speaker.user_id for speaker in speakers if speaker.user_id is not None]
    accounts = (
        dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    emails: dict[int, str] = {}
    ids = [speaker.id for speaker in speakers]
    if ids:
        for speaker_id, email in db.session.execute(
            select(SpeakerInvitation.speaker_id, SpeakerInvitation.email)
            .where(SpeakerInvitation.speaker_id.in_(ids))
            .order_by(SpeakerInvitation.created_at)
        ):
            emails[speaker_id] = email
    for speaker in speakers:
        if speaker.user_id in accounts:
            emails[speaker.id] = accounts[speaker.user_id]
    return emails


def plan_copy(source: Programme, request: CopyRequest) -> CopyPlan:
    """What copying would make, refused (OrganiseError) before anything is written."""
    if not -MAX_WEEKS <= request.weeks <= MAX_WEEKS:
        raise OrganiseError(
            gettext("Move the dates by at most %(weeks)d weeks.", weeks=MAX_WEEKS), "weeks"
        )
    slug = request.slug.strip()

    def taken(candidate: str) -> bool:
        return (
            db.session.scalar(select(Programme.id).where(Programme.slug == candidate)) is not None
        )

    if slug and taken(slug):
        raise OrganiseError(
            gettext("Another programme already uses this web address name."), "slug"
        )
    shift = timedelta(weeks=request.weeks)
    try:
        starts_on, ends_on = source.starts_on + shift, source.ends_on + shift
    except OverflowError:
        raise OrganiseError(gettext("Those dates are out of range."), "weeks") from None
    plan = CopyPlan(
        source=source,
        request=request,
        slug=slug or unique_slug(request.title, taken),
        starts_on=starts_on,
        ends_on=ends_on,
        themes=list(source.themes),
        organisers=list(source.organisers),
        questions=list(
            db.session.scalars(
                select(RegistrationQuestion)
                .where(RegistrationQuestion.programme_id == source.id)
                .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
            )
        ),
        prompts=list(
            db.session.scalars(
                select(ReflectionPrompt)
                .where(ReflectionPrompt.programme_id == source.id)
                .order_by(ReflectionPrompt.position, ReflectionPrompt.id)
            )
        ),
        hosts=list(
            db.session.scalars(
                select(ProgrammeHost)
                .where(ProgrammeHost.programme_id == source.id)
                .options(selectinload(ProgrammeHost.user), selectinload(ProgrammeHost.organisation))
            )
        ),
    )
    if not request.with_events:
        return plan
    events = _source_events(source)
    emails = _speaker_emails(events)
    for event in events:
        moves = []
        for session in event.sessions:
            if session.status == SessionStatus.CANCELLED:
                continue
            what = gettext("A session of %(event)s", event=event.title)
            moves.append(
                SessionMove(
                    session,
                    _moved(session.starts_at, request.weeks, source, what),
                    _moved(session.ends_at, request.weeks, source, what),
                )
            )
        invited = [
            SpeakerToInvite(role, emails[role.speaker_id])
            for role in event.speaker_roles
            if role.speaker_id in emails
        ]
        missing = [role.speaker for role in event.speaker_roles if role.speaker_id not in emails]
        window = gettext("Registration for %(event)s", event=event.title)
        plan.events.append(
            EventCopy(
                event,
                moves,
                _moved(event.registration_opens_at, request.weeks, source, window)
                if event.registration_opens_at
                else None,
                _moved(event.registration_closes_at, request.weeks, source, window)
                if event.registration_closes_at
                else None,
                invited,
                missing,
            )
        )
    return plan


def _copy_questions(plan: CopyPlan, programme: Programme, event_ids: dict[int, int]) -> None:
    for question in plan.questions:
        if question.event_id is not None and question.event_id not in event_ids:
            continue
        db.session.add(
            RegistrationQuestion(
                programme_id=programme.id,
                event_id=event_ids.get(question.event_id) if question.event_id else None,
                label=question.label,
                hint=question.hint,
                kind=question.kind,
                choices_text=question.choices_text,
                required=question.required,
                position=question.position,
            )
        )


def _copy_event(plan: CopyPlan, copy: EventCopy, programme: Programme) -> Event:
    source = copy.event
    event = Event(
        programme=programme,
        organisation_id=source.organisation_id,
        slug=source.slug,
        title=source.title,
        summary=source.summary,
        description=source.description,
        format=source.format,
        mode=source.mode,
        capacity=source.capacity,
        registration_opens_at=copy.opens_at,
        registration_closes_at=copy.closes_at,
        is_recorded=source.is_recorded,
        access_arrangements=source.access_arrangements,
        status=EventStatus.DRAFT,
    )
    event.themes = list(source.themes)
    for move in copy.sessions:
        event.sessions.append(
            EventSession(
                title=move.session.title,
                starts_at=move.starts_at,
                ends_at=move.ends_at,
                venue_name=move.session.venue_name,
                venue_address=move.session.venue_address,
            )
        )
    db.session.add(event)
    return event


def copy_programme(organiser: User, source: Programme, request: CopyRequest) -> Programme:
    """Make the copy the preview showed, in one transaction; speakers' invitations are queued
    with it."""
    plan = plan_copy(source, request)
    programme = Programme(
        slug=plan.slug,
        title=request.title.strip(),
        summary=source.summary,
        description=source.description,
        timezone=source.timezone,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        status=ProgrammeStatus.DRAFT,
    )
    programme.organisers = list(dict.fromkeys([*plan.organisers, organiser]))
    programme.themes = plan.themes
    db.session.add(programme)
    db.session.flush()
    for host in plan.hosts:
        db.session.add(
            ProgrammeHost(
                programme_id=programme.id,
                user_id=host.user_id,
                organisation_id=host.organisation_id,
            )
        )
    for prompt in plan.prompts:
        db.session.add(
            ReflectionPrompt(
                programme_id=programme.id,
                position=prompt.position,
                question=prompt.question,
                hint=prompt.hint,
            )
        )
    event_ids: dict[int, int] = {}
    settings = {
        row.event_id: row
        for row in db.session.scalars(
            select(RegistrationSettings).where(
                RegistrationSettings.event_id.in_([copy.event.id for copy in plan.events])
            )
        )
    }
    for copy in plan.events:
        event = _copy_event(plan, copy, programme)
        db.session.flush()
        event_ids[copy.event.id] = event.id
        if copy.event.id in settings:
            db.session.add(
                RegistrationSettings(
                    event_id=event.id, waitlist_enabled=settings[copy.event.id].waitlist_enabled
                )
            )
        for invite in copy.invited:
            role = invite.role
            add_invited_speaker(
                event,
                organiser,
                role.speaker.name,
                invite.email,
                role=role.role,
                brief=role.brief,
                speaker=role.speaker,
            )
    _copy_questions(plan, programme, event_ids)
    # The log is written in English, as its other lines are.
    summary = f"Copied {source.title} to {programme.title}, moved by {request.weeks} weeks."
    record(source.id, "copied", summary, organiser.id)
    record(programme.id, "copied", summary, organiser.id)
    db.session.commit()
    return programme
