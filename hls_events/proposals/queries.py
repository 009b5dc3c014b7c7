"""Reading the call for events and its proposals. Nothing here changes anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    CallForEvents,
    Event,
    EventFormat,
    Organisation,
    Programme,
    Proposal,
    ProposalAnswer,
    ProposalComment,
    ProposalStatus,
    Theme,
    User,
)
from ..pagination import PageLinks, page_window

PROPOSALS_PER_PAGE = 50


@dataclass(frozen=True)
class ProposalFilters:
    status: ProposalStatus | None = None
    format: EventFormat | None = None
    theme: str | None = None
    text: str | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.status, self.format, self.theme, self.text))


def call_of(programme: Programme) -> CallForEvents | None:
    return db.session.scalar(
        select(CallForEvents)
        .where(CallForEvents.programme_id == programme.id)
        .options(selectinload(CallForEvents.themes), selectinload(CallForEvents.questions))
    )


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
class ProposalsPage(PageLinks):
    items: list[Proposal]
    page: int
    pages: int
    total: int
    counts: dict[ProposalStatus, int]


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
        typed = filters.text.lower()  # "%" and "_" as typed
        query = query.where(
            or_(
                func.lower(Proposal.title).contains(typed, autoescape=True),
                func.lower(Proposal.organisation_name).contains(typed, autoescape=True),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    window = page_window(total, page, PROPOSALS_PER_PAGE)
    items = list(
        db.session.scalars(
            window.of(
                query.options(
                    selectinload(Proposal.proposer),
                    selectinload(Proposal.themes),
                    selectinload(Proposal.speakers),
                ).order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
            )
        )
    )
    counts = dict(
        db.session.execute(
            select(Proposal.status, func.count())
            .where(Proposal.programme_id == programme.id, Proposal.status != ProposalStatus.DRAFT)
            .group_by(Proposal.status)
        ).all()
    )
    return ProposalsPage(items, window.page, window.pages, total, counts)


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


def programme_by_slug(slug: str) -> Programme | None:
    return db.session.scalar(select(Programme).where(Programme.slug == slug))


def organisation_names() -> list[str]:
    """For the hosting organisation's suggestions."""
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name)))
