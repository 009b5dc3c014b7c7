"""Who may open a proposal's own pages (outside the organiser area).

The proposer, always. The programme's organisers work on proposals in the organiser area
(`proposals_organise`, guarded by organise/permissions.py); on the proposer's pages they get
403 (they can see the proposal, but these pages are the proposer's), except its main page,
which sends them to their own view of it. Anyone else gets 404, as do organisers for a draft,
which is the proposer's alone until submitted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, redirect, url_for
from flask_login import current_user

from ..extensions import login_manager
from ..models import ProposalStatus
from ..organise.permissions import is_organiser_of
from .queries import load_proposal


def proposer_required(
    *, organisers_redirected: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """For views under /proposals/<proposal_id>/: calls the view with `proposal` instead."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(proposal_id: int, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            proposal = load_proposal(proposal_id)
            if proposal is None:
                abort(404)
            if proposal.proposer_id == current_user.id:
                return view(proposal, **kwargs)
            if proposal.status != ProposalStatus.DRAFT and is_organiser_of(
                current_user, proposal.programme
            ):
                if organisers_redirected:
                    return redirect(
                        url_for(
                            "proposals_organise.proposal",
                            programme_slug=proposal.programme.slug,
                            proposal_id=proposal.id,
                        )
                    )
                abort(403)
            abort(404)

        return wrapped

    return decorator
