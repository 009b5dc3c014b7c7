"""The proposals area's part of the register of personal data (hls_events/personal_data.py).

A person's proposals are theirs: erasing the account deletes them, with their answers,
speakers and comments (an event already made from one stays, as the programme's). Comments
they wrote on other people's proposals go too, and so do the lines naming them as a speaker
on someone else's proposal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Proposal, ProposalAnswer, ProposalComment, ProposalSpeaker, User
from ..personal_data import Holding


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _proposals(user: User) -> list[dict[str, Any]]:
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.proposer_id == user.id)
        .options(
            selectinload(Proposal.programme),
            selectinload(Proposal.themes),
            selectinload(Proposal.speakers),
            selectinload(Proposal.answers).selectinload(ProposalAnswer.question),
            selectinload(Proposal.comments),
        )
        .order_by(Proposal.created_at)
    )
    return [
        {
            "programme": proposal.programme.title,
            "title": proposal.title,
            "status": str(proposal.status),
            "summary": proposal.summary,
            "description": proposal.description,
            "format": str(proposal.format) if proposal.format else None,
            "mode": str(proposal.mode) if proposal.mode else None,
            "preferred_days": proposal.preferred_days_text,
            "preferred_times": proposal.preferred_times_text,
            "duration_minutes": proposal.duration_minutes,
            "expected_capacity": proposal.expected_capacity,
            "organisation": proposal.organisation_name,
            "access_arrangements": proposal.access_arrangements,
            "may_be_recorded": proposal.may_be_recorded,
            "themes": [theme.name for theme in proposal.themes],
            "speakers": [
                {"name": s.name, "email": s.email, "organisation": s.organisation_name}
                for s in proposal.speakers
            ],
            "answers": [
                {"question": answer.question.text, "answer": answer.value}
                for answer in proposal.answers
            ],
            # What the proposer can see of the conversation: not the organisers' own notes.
            "comments": [
                {"comment": comment.body, "written_at": _iso(comment.created_at)}
                for comment in proposal.comments
                if not comment.internal
            ],
            "decision_message": proposal.decision_message,
            "created_at": _iso(proposal.created_at),
            "submitted_at": _iso(proposal.submitted_at),
            "decided_at": _iso(proposal.decided_at),
            "withdrawn_at": _iso(proposal.withdrawn_at),
        }
        for proposal in proposals
    ]


def _delete_proposals(user: User, _keep_published: bool) -> None:
    for proposal in db.session.scalars(select(Proposal).where(Proposal.proposer_id == user.id)):
        db.session.delete(proposal)


def _comments(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ProposalComment, Proposal.title)
        .join(Proposal, Proposal.id == ProposalComment.proposal_id)
        .where(ProposalComment.author_id == user.id)
        .order_by(ProposalComment.created_at)
    )
    return [
        {
            "proposal": title,
            "comment": comment.body,
            "internal": comment.internal,
            "written_at": _iso(comment.created_at),
        }
        for comment, title in rows
    ]


def _delete_comments(user: User, _keep_published: bool) -> None:
    db.session.execute(
        delete(ProposalComment)
        .where(ProposalComment.author_id == user.id)
        .execution_options(synchronize_session=False)
    )


def _named_as_speaker(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ProposalSpeaker, Proposal.title)
        .join(Proposal, Proposal.id == ProposalSpeaker.proposal_id)
        .where(ProposalSpeaker.email == user.email)
        .order_by(Proposal.id)
    )
    return [
        {"proposal": title, "name": speaker.name, "organisation": speaker.organisation_name}
        for speaker, title in rows
    ]


def _delete_speaker_lines(user: User, _keep_published: bool) -> None:
    db.session.execute(
        delete(ProposalSpeaker)
        .where(ProposalSpeaker.email == user.email)
        .execution_options(synchronize_session=False)
    )


HOLDINGS = (
    Holding(
        "proposals",
        "proposer_id",
        "proposals",
        "deleted, with their answers, speakers and comments",
        export=_proposals,
        erase=_delete_proposals,
    ),
    Holding(
        "proposal_comments",
        "author_id",
        "proposal_comments",
        "deleted",
        export=_comments,
        erase=_delete_comments,
    ),
    Holding(
        "proposal_speakers",
        "email",
        "named_as_proposal_speaker",
        "deleted",
        export=_named_as_speaker,
        erase=_delete_speaker_lines,
    ),
)
