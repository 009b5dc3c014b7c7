"""The organisers' side of a proposal: comments, asking for changes, declining, accepting
(which makes a draft event). Each use case works in one transaction and commits once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select, update

from ..domain_events import ProposalAccepted, announce
from ..extensions import db
from ..models import (
    Event,
    EventFormat,
    EventMode,
    EventStatus,
    ProgrammeHost,
    Proposal,
    ProposalComment,
    ProposalStatus,
    User,
    utcnow,
)
from ..organise.services import find_or_create_organisation
from ..service_errors import Reason
from ..slugs import unique_slug
from ..speakers.services import SpeakerError, add_invited_speaker
from ..translation import gettext
from .notices import email_organisers, email_proposer
from .services import ProposalError

if TYPE_CHECKING:
    from sqlalchemy import CursorResult


def add_comment(
    proposal: Proposal, author: User, body: str, *, internal: bool, by_organiser: bool
) -> ProposalComment:
    """A comment; the proposer hears of organisers' visible ones, organisers of the proposer's."""
    if proposal.status == ProposalStatus.DRAFT:
        raise ProposalError(gettext("A draft can be commented on once it is submitted."))
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
            email_proposer(proposal, "proposal_comment", comment=comment)
    else:
        email_organisers(proposal, "comment", comment=comment)
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
            gettext(
                "This proposal is %(status)s, so nothing was changed.",
                status=proposal.status.label.lower(),
            )
        )
    changed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == proposal.id, Proposal.status.in_(allowed_from))
            .values(
                status=new_status,
                decision_message=message.strip(),
                decided_at=now if new_status != ProposalStatus.CHANGES_REQUESTED else None,
            ),
            execution_options={"synchronize_session": False},
        ),
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise ProposalError(
            gettext("Another organiser decided on this proposal meanwhile; nothing was changed.")
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
        raise ProposalError(
            gettext("Say what you would like changed."), "message", reason=Reason.INVALID
        )
    _decide(
        proposal,
        organiser,
        ProposalStatus.CHANGES_REQUESTED,
        message,
        now,
        (ProposalStatus.SUBMITTED,),
    )
    if proposal.proposer is not None:
        email_proposer(proposal, "proposal_changes_requested", message=message.strip())
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
        email_proposer(proposal, "proposal_declined", message=message.strip())
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
        email_proposer(proposal, "proposal_accepted", message=message.strip(), event=event)
    announce(ProposalAccepted(event, proposal.title))
    db.session.commit()
    return event
