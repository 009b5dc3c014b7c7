"""The figures behind the desk's charts, read in a fixed number of queries whatever the number
of events or registrations: the charts (organise/charts.py) draw them, nothing here draws."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import (
    Activity,
    EventStatus,
    OutboxMessage,
    OutboxStatus,
    Reflection,
    Registration,
    RegistrationStatus,
)
from ..models.reflection import AuthorRole
from ..models.registration import PLACE_HOLDING_STATUSES, Sector
from ..registrations.notices import session_reminders_prefix
from .desk import Desk, EventNumbers

# The organisation chart names this many organisations and counts the rest together.
TOP_ORGANISATIONS = 8


@dataclass(frozen=True)
class DeskFigures:
    """Plain numbers for the charts of the events one person manages."""

    desk: Desk
    # Registrations made each day (in the programme's time zone), whatever became of them.
    registered_on: dict[date, int]
    published_on: date | None
    reminders_on: dict[date, int]
    # Places held, by sector (None: not given) and by the organisation people gave.
    sectors: dict[Sector | None, int]
    organisations: list[tuple[str, int]]
    organisations_counted: int
    attended: dict[int, int]
    reflections: dict[int, int]

    def finished(self, now: datetime | None = None) -> list[EventNumbers]:
        """Events whose last session has ended, in date order: attendance is known for them."""
        now = now or datetime.now(UTC)
        done = []
        for row in self.desk.rows:
            ends = [session.ends_at for session in row.event.sessions]
            if ends and max(ends) <= now and row.event.status != EventStatus.CANCELLED:
                done.append(row)
        return sorted(done, key=lambda row: row.starts_at or now)


def _local_day(instant: datetime, desk: Desk) -> date:
    return instant.astimezone(desk.programme.zone).date()


def desk_figures(desk: Desk) -> DeskFigures:
    """Six queries: registration days, sectors, organisations, attendance, reflections and the
    programme's publishing and reminder dates."""
    event_ids = [row.event.id for row in desk.rows]
    session_ids = [session.id for row in desk.rows for session in row.event.sessions]
    registered_on: Counter[date] = Counter()
    reminders_on: Counter[date] = Counter()
    sectors: dict[Sector | None, int] = {}
    organisations: Counter[str] = Counter()
    attended: dict[int, int] = {}
    reflections: dict[int, int] = {}
    holding = Registration.status.in_(PLACE_HOLDING_STATUSES)
    if event_ids:
        in_events = Registration.event_id.in_(event_ids)
        for (created_at,) in db.session.execute(select(Registration.created_at).where(in_events)):
            registered_on[_local_day(created_at, desk)] += 1
        sectors = {
            sector: number
            for sector, number in db.session.execute(
                select(Registration.sector, func.count())
                .where(in_events, holding)
                .group_by(Registration.sector)
            )
        }
        organisation_query = (
            select(func.trim(Registration.organisation), func.count())
            .where(in_events, holding)
            .group_by(func.trim(Registration.organisation))
        )
        if not desk.is_organiser:
            # Hosts see who came from where only for people who agreed to share with hosts.
            organisation_query = organisation_query.where(Registration.share_with_host.is_(True))
        for name, number in db.session.execute(organisation_query):
            organisations[name or ""] += number
        attended = {
            event_id: number
            for event_id, number in db.session.execute(
                select(Registration.event_id, func.count())
                .where(in_events, Registration.status == RegistrationStatus.ATTENDED)
                .group_by(Registration.event_id)
            )
        }
        reflections = {
            event_id: number
            for event_id, number in db.session.execute(
                select(Reflection.event_id, func.count())
                .where(
                    Reflection.event_id.in_(event_ids),
                    Reflection.author_role == AuthorRole.ATTENDEE,
                )
                .group_by(Reflection.event_id)
            )
        }
    if session_ids:
        sent = db.session.execute(
            select(OutboxMessage.sent_at).where(
                OutboxMessage.status == OutboxStatus.SENT,
                or_(
                    *(
                        OutboxMessage.key.startswith(session_reminders_prefix(session_id))
                        for session_id in session_ids
                    )
                ),
            )
        )
        for (sent_at,) in sent:
            if sent_at is not None:
                reminders_on[_local_day(sent_at, desk)] += 1
    first_published = db.session.scalar(
        select(func.min(Activity.created_at)).where(
            Activity.programme_id == desk.programme.id, Activity.action == "published"
        )
    )
    named = [(name, number) for name, number in organisations.items() if name]
    named.sort(key=lambda item: (-item[1], item[0].lower()))
    return DeskFigures(
        desk=desk,
        registered_on=dict(sorted(registered_on.items())),
        published_on=_local_day(first_published, desk) if first_published else None,
        reminders_on=dict(sorted(reminders_on.items())),
        sectors=sectors,
        organisations=named,
        organisations_counted=sum(organisations.values()),
        attended=attended,
        reflections=reflections,
    )
