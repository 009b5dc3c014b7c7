"""The call for events and its proposals. Each use case takes plain values, works in one
transaction and commits once; the emails each step causes are queued in that transaction.

A proposal's life: draft -> submitted -> (changes asked for -> submitted again) -> accepted or
declined; withdrawn by the proposer at any point before a decline. The proposer may change it
while the call is open, and also whenever the organisers have asked for changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail.services import queue_email
from ..models import (
    UNDECIDED_STATUSES,
    CallForEvents,
    CallQuestion,
    Event,
    EventFormat,
    EventMode,
    EventStatus,
    Organisation,
    Programme,
    ProgrammeHost,
    Proposal,
    ProposalAnswer,
    ProposalComment,
    ProposalSpeaker,
    ProposalStatus,
    SpeakerRole,
    Theme,
    TimeOfDay,
    User,
    utcnow,
)
from ..organise.services import find_or_create_organisation
from ..slugs import unique_slug
from ..speakers.services import SpeakerError, add_invited_speaker

PROPOSALS_PER_PAGE = 50


class ProposalError(ValueError):
    """A request that cannot be carried out, with a message and the form field it is about."""

    def __init__(self, message: str, field: str | None = None, status: int = 409) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


@dataclass
class CallDetails:
    guidance: str
    opens_at: datetime
    closes_at: datetime
    formats: list[EventFormat]
    theme_ids: list[int]
    questions: list[str]


@dataclass
class SpeakerEntry:
    name: str
    email: str
    organisation_name: str = ""
    role: SpeakerRole = SpeakerRole.SPEAKER


@dataclass
class ProposalDetails:
    title: str
    summary: str = ""
    description: str = ""
    format: EventFormat | None = None
    mode: EventMode | None = None
    preferred_days: list[str] = field(default_factory=list)
    preferred_times: list[str] = field(default_factory=list)
    duration_minutes: int | None = None
    expected_capacity: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    organisation_name: str = ""
    access_arrangements: str = ""
    may_be_recorded: bool = False
    speakers: list[SpeakerEntry] = field(default_factory=list)
    answers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProposalFilters:
    status: ProposalStatus | None = None
    format: EventFormat | None = None
    theme: str | None = None
    text: str | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.status, self.format, self.theme, self.text))


# --- The call -------------------------------------------------------------------------------


def call_of(programme: Programme) -> CallForEvents | None:
    return db.session.scalar(
        select(CallForEvents)
        .where(CallForEvents.programme_id == programme.id)
        .options(selectinload(CallForEvents.themes), selectinload(CallForEvents.questions))
    )


def save_call(programme: Programme, details: CallDetails) -> CallForEvents:
    """Open (or change) the programme's call. Questions kept word for word keep their answers."""
    if details.closes_at <= details.opens_at:
        raise ProposalError("The call must close after it opens.", "closes_at", 422)
    call = call_of(programme)
    if call is None:
        call = CallForEvents(programme=programme)
        db.session.add(call)
    call.guidance = details.guidance.strip()
    call.opens_at = details.opens_at
    call.closes_at = details.closes_at
    call.formats_text = "\n".join(f.value for f in details.formats)
    call.themes = (
        list(db.session.scalars(select(Theme).where(Theme.id.in_(details.theme_ids))))
        if details.theme_ids
        else []
    )
    wanted = list(dict.fromkeys(text for text in details.questions if text))
    existing = {question.text: question for question in call.questions}
    call.questions = [existing.get(text) or CallQuestion(text=text[:500]) for text in wanted]
    for position, question in enumerate(call.questions):
        question.position = position
    db.session.commit()
    return call


def open_call_of(programme: Programme, now: datetime) -> CallForEvents | None:
    """The programme's call if it is open now (one query; no themes or questions loaded)."""
    return db.session.scalar(
        select(CallForEvents).where(
            CallForEvents.programme_id == programme.id,
            CallForEvents.opens_at <= now,
            CallForEvents.closes_at > now,
        )
    )


def open_calls(now: datetime) -> list[CallForEvents]:
    return list(
        db.session.scalars(
            select(CallForEvents)
            .where(CallForEvents.opens_at <= now, CallForEvents.closes_at > now)
            .options(selectinload(CallForEvents.programme))
            .order_by(CallForEvents.closes_at)
        )
    )


def call_themes_for_form(call: CallForEvents) -> list[Theme]:
    """The call's themes, or, if it names none, every theme of the programme."""
    return list(call.themes) or list(call.programme.themes)


def programme_days(programme: Programme) -> list[date]:
    days = (programme.ends_on - programme.starts_on).days + 1
    return [programme.starts_on + timedelta(days=offset) for offset in range(max(days, 0))]


# --- Proposing ------------------------------------------------------------------------------


def load_proposal(proposal_id: int) -> Proposal | None:
    return db.session.scalar(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            selectinload(Proposal.programme).selectinload(Programme.organisers),
            selectinload(Proposal.themes),
            selectinload(Proposal.speakers),
            selectinload(Proposal.answers).selectinload(ProposalAnswer.question),
            selectinload(Proposal.comments).selectinload(ProposalComment.author),
            selectinload(Proposal.proposer),
            selectinload(Proposal.event),
        )
    )


def edit_refusal(proposal: Proposal, call: CallForEvents | None, now: datetime) -> str | None:
    """Why the proposer may not change the proposal now, or None if they may."""
    if proposal.status == ProposalStatus.CHANGES_REQUESTED:
        return None
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
        return f"This proposal is {proposal.status.label.lower()}, so it can no longer be changed."
    if call is None or not call.is_open(now):
        return "The call for events has closed, so this proposal can no longer be changed."
    return None


def closed_message(call: CallForEvents | None, programme: Programme, now: datetime) -> str:
    if call is None or not call.has_opened(now):
        return f"{programme.title} is not taking proposals."
    closed = call.closes_at.astimezone(programme.zone)
    return (
        f"The call for events for {programme.title} closed on {closed:%-d %B %Y at %H:%M}, "
        "so nothing was saved. Contact the organisers if you still want to offer an event."
    )


def _check_details(call: CallForEvents, details: ProposalDetails) -> None:
    if details.format is not None and details.format not in call.formats:
        raise ProposalError("Choose one of the formats on offer.", "format", 422)


def _apply(proposal: Proposal, call: CallForEvents, details: ProposalDetails) -> None:
    proposal.title = details.title.strip()[:200]
    proposal.summary = details.summary.strip()
    proposal.description = details.description.strip()
    proposal.format = details.format
    proposal.mode = details.mode
    days = {day.isoformat() for day in programme_days(call.programme)}
    proposal.preferred_days_text = "\n".join(d for d in details.preferred_days if d in days)
    times = {time.value for time in TimeOfDay}
    proposal.preferred_times_text = "\n".join(t for t in details.preferred_times if t in times)
    proposal.duration_minutes = details.duration_minutes
    proposal.expected_capacity = details.expected_capacity
    offered = {theme.id: theme for theme in call_themes_for_form(call)}
    proposal.themes = [offered[i] for i in details.theme_ids if i in offered]
    proposal.organisation_name = details.organisation_name.strip()
    proposal.access_arrangements = details.access_arrangements.strip()
    proposal.may_be_recorded = details.may_be_recorded
    proposal.speakers = [
        ProposalSpeaker(
            name=speaker.name.strip(),
            email=speaker.email.strip().lower(),
            organisation_name=speaker.organisation_name.strip(),
            role=speaker.role,
            position=position,
        )
        for position, speaker in enumerate(details.speakers)
        if speaker.name.strip() and speaker.email.strip()
    ]
    by_question = {answer.question_id: answer for answer in proposal.answers}
    answers = []
    for question in call.questions:
        answer = by_question.get(question.id) or ProposalAnswer(question_id=question.id)
        answer.value = details.answers.get(question.id, "").strip()
        answers.append(answer)
    proposal.answers = answers


def create_proposal(
    call: CallForEvents, proposer: User, details: ProposalDetails, *, submit: bool, now: datetime
) -> Proposal:
    programme = call.programme
    if not call.is_open(now):
        raise ProposalError(closed_message(call, programme, now), status=403)
    _check_details(call, details)
    proposal = Proposal(
        programme=programme,
        proposer=proposer,
        status=ProposalStatus.DRAFT,
        created_at=now,
        decision_message="",
    )
    db.session.add(proposal)
    _apply(proposal, call, details)
    if submit:
        _submit(proposal, now, again=False)
    db.session.commit()
    return proposal


def update_proposal(
    proposal: Proposal,
    call: CallForEvents | None,
    details: ProposalDetails,
    *,
    submit: bool,
    now: datetime,
) -> None:
    refusal = edit_refusal(proposal, call, now)
    if refusal is not None or call is None:
        raise ProposalError(refusal or "This proposal can no longer be changed.", status=403)
    _check_details(call, details)
    _apply(proposal, call, details)
    if submit and proposal.status != ProposalStatus.SUBMITTED:
        _submit(proposal, now, again=proposal.status == ProposalStatus.CHANGES_REQUESTED)
    db.session.commit()


def _submit(proposal: Proposal, now: datetime, *, again: bool) -> None:
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now
    db.session.flush()
    if proposal.proposer is not None:
        _email_proposer(proposal, "proposal_submitted", again=again)
    _email_organisers(proposal, "resubmitted" if again else "submitted")


def withdraw_proposal(proposal: Proposal, now: datetime) -> None:
    if proposal.status not in (*UNDECIDED_STATUSES, ProposalStatus.ACCEPTED):
        raise ProposalError(
            f"This proposal is {proposal.status.label.lower()}, so it cannot be withdrawn."
        )
    was = proposal.status
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == was)
        .values(status=ProposalStatus.WITHDRAWN, withdrawn_at=now),
        execution_options={"synchronize_session": False},
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise ProposalError("This proposal changed meanwhile. Reload the page and try again.")
    db.session.refresh(proposal)
    if was != ProposalStatus.DRAFT:
        if proposal.proposer is not None:
            _email_proposer(
                proposal, "proposal_withdrawn", was_accepted=was == ProposalStatus.ACCEPTED
            )
        _email_organisers(proposal, "withdrawn", was_accepted=was == ProposalStatus.ACCEPTED)
    db.session.commit()


# --- The organisers' side ----------------------------------------------------------------


def add_comment(
    proposal: Proposal, author: User, body: str, *, internal: bool, by_organiser: bool
) -> ProposalComment:
    """A comment; the proposer hears of organisers' visible ones, organisers of the proposer's."""
    if proposal.status == ProposalStatus.DRAFT:
        raise ProposalError("A draft can be commented on once it is submitted.")
    comment = ProposalComment(
        proposal=proposal,
        author=author,
        body=body.strip(),
        internal=internal and by_organiser,
        kind="comment",
        created_at=utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    if by_organiser:
        if not comment.internal and proposal.proposer is not None:
            _email_proposer(proposal, "proposal_comment", comment=comment)
    else:
        _email_organisers(proposal, "comment", comment=comment)
    db.session.commit()
    return comment


def _decide(
    proposal: Proposal,
    organiser: User,
    new_status: ProposalStatus,
    message: str,
    now: datetime,
    allowed_from: tuple[ProposalStatus, ...],
) -> None:
    """Move the proposal on, once: a second organiser deciding at the same moment is refused."""
    if proposal.status not in allowed_from:
        raise ProposalError(
            f"This proposal is {proposal.status.label.lower()}, so nothing was changed."
        )
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status.in_(allowed_from))
        .values(
            status=new_status,
            decision_message=message.strip(),
            decided_at=now if new_status != ProposalStatus.CHANGES_REQUESTED else None,
        ),
        execution_options={"synchronize_session": False},
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise ProposalError(
            "Another organiser decided on this proposal meanwhile; nothing was changed."
        )
    db.session.refresh(proposal)
    if message.strip():
        db.session.add(
            ProposalComment(
                proposal=proposal,
                author=organiser,
                body=message.strip(),
                internal=False,
                kind=new_status.value,
                created_at=now,
            )
        )


def request_changes(proposal: Proposal, organiser: User, message: str, now: datetime) -> None:
    if not message.strip():
        raise ProposalError("Say what you would like changed.", "message", 422)
    _decide(
        proposal,
        organiser,
        ProposalStatus.CHANGES_REQUESTED,
        message,
        now,
        (ProposalStatus.SUBMITTED,),
    )
    if proposal.proposer is not None:
        _email_proposer(proposal, "proposal_changes_requested", message=message.strip())
    db.session.commit()


def decline_proposal(proposal: Proposal, organiser: User, message: str, now: datetime) -> None:
    _decide(
        proposal,
        organiser,
        ProposalStatus.DECLINED,
        message,
        now,
        (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED),
    )
    if proposal.proposer is not None:
        _email_proposer(proposal, "proposal_declined", message=message.strip())
    db.session.commit()


def accept_proposal(proposal: Proposal, organiser: User, message: str, now: datetime) -> Event:
    """Accept: a draft event with the proposal's content and speakers, ready to schedule.

    The proposer becomes a host of the hosting organisation in the programme, and each speaker
    is emailed an invitation to claim their profile.
    """
    _decide(
        proposal,
        organiser,
        ProposalStatus.ACCEPTED,
        message,
        now,
        (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED),
    )
    programme = proposal.programme
    organisation = (
        find_or_create_organisation(proposal.organisation_name)
        if proposal.organisation_name.strip()
        else None
    )

    def taken(candidate: str) -> bool:
        return (
            db.session.scalar(
                select(Event.id)
                .where(Event.programme_id == programme.id, Event.slug == candidate)
                .limit(1)
            )
            is not None
        )

    slug = unique_slug(proposal.title, taken)
    event = Event(
        programme_id=programme.id,
        slug=slug,
        title=proposal.title,
        summary=proposal.summary,
        description=proposal.description,
        format=proposal.format or EventFormat.WORKSHOP,
        mode=proposal.mode or EventMode.ONLINE,
        capacity=proposal.expected_capacity,
        is_recorded=proposal.may_be_recorded,
        access_arrangements=proposal.access_arrangements,
        status=EventStatus.DRAFT,
        organisation=organisation,
    )
    db.session.add(event)
    event.themes = list(proposal.themes)
    db.session.flush()
    proposal.event = event
    proposal.organisation = organisation
    proposer = proposal.proposer
    if proposer is not None and organisation is not None:
        is_host = db.session.get(
            ProgrammeHost,
            {
                "programme_id": programme.id,
                "user_id": proposer.id,
                "organisation_id": organisation.id,
            },
        )
        if is_host is None:
            db.session.add(
                ProgrammeHost(
                    programme_id=programme.id,
                    user_id=proposer.id,
                    organisation_id=organisation.id,
                )
            )
    for speaker in proposal.speakers:
        try:
            add_invited_speaker(
                event,
                proposer or organiser,
                speaker.name,
                speaker.email,
                speaker.organisation_name,
                speaker.role,
            )
        except SpeakerError:
            continue  # named twice: the first invitation stands
    if proposer is not None:
        _email_proposer(proposal, "proposal_accepted", message=message.strip(), event=event)
    db.session.commit()
    return event


# --- Lists ------------------------------------------------------------------------------------


def proposals_of(user: User) -> list[Proposal]:
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.proposer_id == user.id)
            .options(selectinload(Proposal.programme))
            .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
        )
    )


@dataclass
class ProposalsPage:
    items: list[Proposal]
    page: int
    pages: int
    total: int
    counts: dict[ProposalStatus, int]

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def programme_proposals(programme: Programme, filters: ProposalFilters, page: int) -> ProposalsPage:
    """The programme's proposals (drafts are their authors' own), filtered; fixed query count."""
    query = select(Proposal).where(
        Proposal.programme_id == programme.id, Proposal.status != ProposalStatus.DRAFT
    )
    if filters.status is not None:
        query = query.where(Proposal.status == filters.status)
    if filters.format is not None:
        query = query.where(Proposal.format == filters.format)
    if filters.theme is not None:
        query = query.where(Proposal.themes.any(Theme.slug == filters.theme))
    if filters.text:
        pattern = f"%{filters.text.lower()}%"
        query = query.where(
            or_(
                func.lower(Proposal.title).like(pattern),
                func.lower(Proposal.organisation_name).like(pattern),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + PROPOSALS_PER_PAGE - 1) // PROPOSALS_PER_PAGE, 1)
    page = min(max(page, 1), pages)
    items = list(
        db.session.scalars(
            query.options(
                selectinload(Proposal.proposer),
                selectinload(Proposal.themes),
                selectinload(Proposal.speakers),
            )
            .order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
            .offset((page - 1) * PROPOSALS_PER_PAGE)
            .limit(PROPOSALS_PER_PAGE)
        )
    )
    counts = dict(
        db.session.execute(
            select(Proposal.status, func.count())
            .where(Proposal.programme_id == programme.id, Proposal.status != ProposalStatus.DRAFT)
            .group_by(Proposal.status)
        ).all()
    )
    return ProposalsPage(items, page, pages, total, counts)


def proposal_in(programme: Programme, proposal_id: int) -> Proposal | None:
    """A submitted (not draft) proposal of the programme, for its organisers."""
    proposal = load_proposal(proposal_id)
    if (
        proposal is None
        or proposal.programme_id != programme.id
        or proposal.status == ProposalStatus.DRAFT
    ):
        return None
    return proposal


def proposal_for_event(event: Event) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(Proposal.event_id == event.id).limit(1))


def details_of(proposal: Proposal) -> ProposalDetails:
    return ProposalDetails(
        title=proposal.title,
        summary=proposal.summary,
        description=proposal.description,
        format=proposal.format,
        mode=proposal.mode,
        preferred_days=proposal.preferred_days,
        preferred_times=[time.value for time in proposal.preferred_times],
        duration_minutes=proposal.duration_minutes,
        expected_capacity=proposal.expected_capacity,
        theme_ids=[theme.id for theme in proposal.themes],
        organisation_name=proposal.organisation_name,
        access_arrangements=proposal.access_arrangements,
        may_be_recorded=proposal.may_be_recorded,
        speakers=[
            SpeakerEntry(s.name, s.email, s.organisation_name, s.role) for s in proposal.speakers
        ],
        answers={answer.question_id: answer.value for answer in proposal.answers},
    )


# --- Emails -----------------------------------------------------------------------------------


def _proposer_url(proposal: Proposal) -> str:
    return url_for("proposals.proposal", proposal_id=proposal.id, _external=True)


def _organiser_url(proposal: Proposal) -> str:
    return url_for(
        "proposals_organise.proposal",
        programme_slug=proposal.programme.slug,
        proposal_id=proposal.id,
        _external=True,
    )


def _email_proposer(proposal: Proposal, template: str, **context: Any) -> None:
    proposer = proposal.proposer
    assert proposer is not None
    queue_email(
        proposer.email,
        template,
        {
            "proposal": proposal,
            "programme": proposal.programme,
            "person": proposer,
            "url": _proposer_url(proposal),
            **context,
        },
    )


def _email_organisers(proposal: Proposal, what: str, **context: Any) -> None:
    """`what`: submitted, resubmitted, withdrawn or comment."""
    for organiser in proposal.programme.organisers:
        queue_email(
            organiser.email,
            "proposal_to_organisers",
            {
                "proposal": proposal,
                "programme": proposal.programme,
                "person": organiser,
                "proposer": proposal.proposer,
                "what": what,
                "url": _organiser_url(proposal),
                **context,
            },
        )


def programme_by_slug(slug: str) -> Programme | None:
    return db.session.scalar(select(Programme).where(Programme.slug == slug))


def organisation_names() -> list[str]:
    """For the hosting organisation's suggestions."""
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name)))
