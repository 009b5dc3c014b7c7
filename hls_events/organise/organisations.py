"""Merging two organisations that are one ("Northshire Council" and "Northshire County
Council"): everything of one moves to the other, which stays. New names that look like one on
the list are questioned before they are added (organise/organisation_names.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from ..extensions import db
from ..models import (
    Event,
    Invitation,
    Organisation,
    ProgrammeHost,
    Proposal,
    Speaker,
    User,
)
from ..translation import gettext
from .activity import record
from .services import OrganiseError


@dataclass(frozen=True)
class MergePlan:
    """What merging ``source`` into ``target`` moves, for the confirmation page."""

    source: Organisation
    target: Organisation
    events: list[Event]
    hosts: list[ProgrammeHost]
    speakers: int
    proposals: int
    invitations: int


def _count(model: type[Speaker] | type[Proposal] | type[Invitation], source: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(model).where(model.organisation_id == source)
        )
        or 0
    )


def plan_merge(source_id: int, target_id: int) -> MergePlan:
    source = db.session.get(Organisation, source_id)
    target = db.session.get(Organisation, target_id)
    if source is None or target is None:
        raise OrganiseError(gettext("Choose two organisations from the lists."), "source")
    if source.id == target.id:
        raise OrganiseError(gettext("Choose two different organisations."), "target")
    return MergePlan(
        source=source,
        target=target,
        events=list(
            db.session.scalars(
                select(Event).where(Event.organisation_id == source.id).order_by(Event.title)
            )
        ),
        hosts=list(
            db.session.scalars(
                select(ProgrammeHost).where(ProgrammeHost.organisation_id == source.id)
            )
        ),
        speakers=_count(Speaker, source.id),
        proposals=_count(Proposal, source.id),
        invitations=_count(Invitation, source.id),
    )


def merge_organisations(actor: User, source_id: int, target_id: int) -> Organisation:
    """Move everything of ``source`` to ``target`` and remove ``source``, in one transaction;
    each programme whose events or hosts moved logs it."""
    plan = plan_merge(source_id, target_id)
    source, target = plan.source, plan.target
    programme_ids = {event.programme_id for event in plan.events} | {
        host.programme_id for host in plan.hosts
    }
    for model in (Event, Speaker, Proposal, Invitation):
        db.session.execute(
            update(model)
            .where(model.organisation_id == source.id)
            .values(organisation_id=target.id)
            .execution_options(synchronize_session=False)
        )
    kept = set(
        db.session.execute(
            select(ProgrammeHost.programme_id, ProgrammeHost.user_id).where(
                ProgrammeHost.organisation_id == target.id
            )
        ).all()
    )
    moving = [(host.programme_id, host.user_id, host.created_at) for host in plan.hosts]
    db.session.execute(delete(ProgrammeHost).where(ProgrammeHost.organisation_id == source.id))
    for programme_id, user_id, created_at in moving:
        if (programme_id, user_id) not in kept:
            db.session.add(
                ProgrammeHost(
                    programme_id=programme_id,
                    user_id=user_id,
                    organisation_id=target.id,
                    created_at=created_at,
                )
            )
    summary = f"Merged the organisation {source.name} into {target.name}."
    for programme_id in sorted(programme_ids):
        record(programme_id, "merged", summary, actor.id)
    db.session.flush()
    db.session.expire_all()
    db.session.delete(db.session.get(Organisation, source_id))
    db.session.commit()
    return target
