"""The emails a proposal's steps cause, queued in the step's transaction, with links built
from the configured base address."""

from __future__ import annotations

from typing import Any

from ..links import external_url
from ..mail.services import queue_email
from ..models import Proposal


def _proposer_url(proposal: Proposal) -> str:
    return external_url("proposals.proposal", proposal_id=proposal.id)


def _organiser_url(proposal: Proposal) -> str:
    return external_url(
        "proposals_organise.proposal",
        programme_slug=proposal.programme.slug,
        proposal_id=proposal.id,
    )


def email_proposer(proposal: Proposal, template: str, **context: Any) -> None:
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


def email_organisers(proposal: Proposal, what: str, **context: Any) -> None:
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
