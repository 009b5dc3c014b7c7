"""The call for events and its proposals: opening the call, and proposing. Each use case
takes plain values, works in one transaction and commits once; the emails each step causes are
queued in that transaction (notices.py). The organisers' decisions are in review.py.

A proposal's life: draft -> submitted -> (changes asked for -> submitted again) -> accepted or
declined; withdrawn by the proposer at any point before a decline. The proposer may change it
while the call is open, and also whenever the organisers have asked for changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select, update

from ..extensions import db
from ..localtime import format_clock, format_day
from ..models import (
    UNDECIDED_STATUSES,
    CallForEvents,
    CallQuestion,
    EventFormat,
    EventMode,
    Programme,
    Proposal,
    ProposalAnswer,
    ProposalSpeaker,
    ProposalStatus,
    SpeakerRole,
    Theme,
    TimeOfDay,
    User,
)
from ..service_errors import Reason, ServiceError
from ..translation import gettext
from .notices import email_organisers, email_proposer
from .queries import call_of, call_themes_for_form, programme_days

if TYPE_CHECKING:
    from sqlalchemy import CursorResult


class ProposalError(ServiceError):
    """A request that cannot be carried out, with a message and the form field it is about."""


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


def save_call(programme: Programme, details: CallDetails) -> CallForEvents:
    """Open (or change) the programme's call. Questions kept word for word keep their answers."""
    if details.closes_at <= details.opens_at:
        raise ProposalError(
            gettext("The call must close after it opens."), "closes_at", reason=Reason.INVALID
        )
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


def edit_refusal(proposal: Proposal, call: CallForEvents | None, now: datetime) -> str | None:
    """Why the proposer may not change the proposal now, or None if they may."""
    if proposal.status == ProposalStatus.CHANGES_REQUESTED:
        return None
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
        return gettext(
            "This proposal is %(status)s, so it can no longer be changed.",
            status=proposal.status.label.lower(),
        )
    if call is None or not call.is_open(now):
        return gettext("The call for events has closed, so this proposal can no longer be changed.")
    return None


def closed_message(call: CallForEvents | None, programme: Programme, now: datetime) -> str:
    if call is None or not call.has_opened(now):
        return gettext("%(programme)s is not taking proposals.", programme=programme.title)
    closed = call.closes_at.astimezone(programme.zone)
    return gettext(
        "The call for events for %(programme)s closed on %(day)s at %(time)s, so nothing was "
        "saved. Contact the organisers if you still want to offer an event.",
        programme=programme.title,
        day=format_day(closed.date()),
        time=format_clock(call.closes_at, programme.zone),
    )


def _check_details(call: CallForEvents, details: ProposalDetails) -> None:
    if details.format is not None and details.format not in call.formats:
        raise ProposalError(
            gettext("Choose one of the formats on offer."), "format", reason=Reason.INVALID
        )


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
        raise ProposalError(closed_message(call, programme, now), reason=Reason.FORBIDDEN)
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
        raise ProposalError(
            refusal or gettext("This proposal can no longer be changed."), reason=Reason.FORBIDDEN
        )
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
        email_proposer(proposal, "proposal_submitted", again=again)
    email_organisers(proposal, "resubmitted" if again else "submitted")


def withdraw_proposal(proposal: Proposal, now: datetime) -> None:
    if proposal.status not in (*UNDECIDED_STATUSES, ProposalStatus.ACCEPTED):
        raise ProposalError(
            gettext(
                "This proposal is %(status)s, so it cannot be withdrawn.",
                status=proposal.status.label.lower(),
            )
        )
    was = proposal.status
    changed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == proposal.id, Proposal.status == was)
            .values(status=ProposalStatus.WITHDRAWN, withdrawn_at=now),
            execution_options={"synchronize_session": False},
        ),
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise ProposalError(
            gettext("This proposal changed meanwhile. Reload the page and try again.")
        )
    db.session.refresh(proposal)
    if was != ProposalStatus.DRAFT:
        if proposal.proposer is not None:
            email_proposer(
                proposal, "proposal_withdrawn", was_accepted=was == ProposalStatus.ACCEPTED
            )
        email_organisers(proposal, "withdrawn", was_accepted=was == ProposalStatus.ACCEPTED)
    db.session.commit()


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
