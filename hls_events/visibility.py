"""Who may see a programme or an event: the one place, as SQL conditions and Python predicates.

Each rule is written twice, side by side: a condition to put in any query over ``Programme`` or
``Event`` (a listing filters in the database), and a predicate for an object already loaded. The
table in ``tests/test_visibility.py`` checks that every pair agrees, for every kind of viewer.

- Public: a programme that is published or archived; an event that is published or cancelled,
  in a public programme. Everyone sees these, signed in or not.
- Shown on the public pages (programme, schedule, event, speakers, feeds): what is public, and
  for the organisers of its programme (site admins organise every programme) the drafts too, so
  that they can check a page before publishing it. Hosts work on drafts in the organiser area.
- Visible anywhere (the organiser area, which answers 404 for what someone may not see and 403
  for what they see but may not change): what is public; a programme to its organisers and
  hosts; an event to its programme's organisers and the hosts of its organisation.

Attendees and speakers see nothing beyond what is public. Who may read a reflection or a
write-up builds on these rules in ``hls_events/reflections/visibility.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_login import AnonymousUserMixin
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute

from .extensions import db
from .models import (
    Event,
    EventStatus,
    Programme,
    ProgrammeHost,
    ProgrammeStatus,
    User,
    programme_organisers,
)

PUBLIC_PROGRAMME_STATUSES = (ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED)
PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)
# What is not public, named: the database holds no other status (migration 0022).
NOT_PUBLIC_EVENT_STATUSES = tuple(s for s in EventStatus if s not in PUBLIC_EVENT_STATUSES)
NOT_PUBLIC_PROGRAMME_STATUSES = tuple(
    s for s in ProgrammeStatus if s not in PUBLIC_PROGRAMME_STATUSES
)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: nobody in particular (``user_id`` None), or one signed-in person.

    Plain values, so that services, the worker and the CLI can say who is looking without a
    request or a loaded ``User``.
    """

    user_id: int | None = None
    is_admin: bool = False

    @classmethod
    def of(cls, person: Viewer | User | AnonymousUserMixin | None) -> Viewer:
        """The viewer for Flask-Login's current person (or a ``User``, or None)."""
        if isinstance(person, Viewer):
            return person
        if person is None or not person.is_authenticated or not isinstance(person, User):
            return ANONYMOUS
        return cls(user_id=person.id, is_admin=bool(person.is_admin))

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Viewer()

# Flask-Login's current person, as the route guards receive it.
Person = Viewer | User | AnonymousUserMixin | None


# --- Roles ----------------------------------------------------------------------------------


def organises(viewer: Viewer, programme: Programme) -> bool:
    """An organiser of the programme, or a site admin (who counts as one everywhere)."""
    if viewer.is_admin:
        return True
    return viewer.user_id is not None and any(
        organiser.id == viewer.user_id for organiser in programme.organisers
    )


def hosted_organisation_ids(viewer: Viewer, programme: Programme) -> set[int]:
    """The organisations whose events this person hosts in this programme."""
    if viewer.user_id is None:
        return set()
    return set(
        db.session.scalars(
            select(ProgrammeHost.organisation_id).where(
                ProgrammeHost.programme_id == programme.id, ProgrammeHost.user_id == viewer.user_id
            )
        )
    )


def hosts_in(viewer: Viewer, programme: Programme) -> bool:
    return bool(hosted_organisation_ids(viewer, programme))


def manages_event(viewer: Viewer, event: Event) -> bool:
    """Organises the event's programme, or hosts the event's organisation in it."""
    if organises(viewer, event.programme):
        return True
    return event.organisation_id is not None and event.organisation_id in (
        hosted_organisation_ids(viewer, event.programme)
    )


def organised_programme_ids(user_id: int) -> Select[int]:
    return select(programme_organisers.c.programme_id).where(
        programme_organisers.c.user_id == user_id
    )


def hosted_programme_ids(user_id: int) -> Select[int]:
    return select(ProgrammeHost.programme_id).where(ProgrammeHost.user_id == user_id)


def hosted_event_ids(user_id: int) -> Select[int]:
    """Events of the organisations this person hosts, in the programmes they host them in."""
    return select(Event.id).join(
        ProgrammeHost,
        and_(
            ProgrammeHost.programme_id == Event.programme_id,
            ProgrammeHost.organisation_id == Event.organisation_id,
            ProgrammeHost.user_id == user_id,
        ),
    )


def organises_clause(
    viewer: Viewer, programme_id: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """True where ``programme_id`` names a programme this viewer organises (admins: all)."""
    if viewer.is_admin:
        return true()
    if viewer.user_id is None:
        return false()
    return programme_id.in_(organised_programme_ids(viewer.user_id))


# --- Public ---------------------------------------------------------------------------------


def is_one_of(
    column: InstrumentedAttribute[Any] | ColumnElement[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """``column IN (values)`` for a fixed list such as statuses, the values written into the
    statement's text: made once, when the statement is first compiled (a list given to
    ``in_`` is an expanding parameter, written into the text again on every run: 4% of a
    practice-record search's worker time), and seen by PostgreSQL's planner even in a prepared
    statement's generic plan, where a placeholder would hide them."""
    return column.in_([fixed_value(column, value) for value in values])


def is_fixed(
    column: InstrumentedAttribute[Any] | ColumnElement[Any], value: Any
) -> ColumnElement[bool]:
    """``column = value`` with the value in the statement's text, as ``is_one_of``: a partial
    index whose condition names the value (the public reflections' search indexes) is used only
    when the statement names it too."""
    return column == fixed_value(column, value)


def fixed_value(
    column: InstrumentedAttribute[Any] | ColumnElement[Any], value: Any
) -> ColumnElement[Any]:
    """A value the code fixes (a status, never what a person typed) as an SQL literal."""
    text = str(getattr(value, "value", value))
    return literal_column("'" + text.replace("'", "''") + "'", type_=column.type)


def public_programme_clause() -> ColumnElement[bool]:
    return is_one_of(Programme.status, PUBLIC_PROGRAMME_STATUSES)


def programme_is_public(programme: Programme) -> bool:
    return programme.status in PUBLIC_PROGRAMME_STATUSES


def public_event_clause() -> ColumnElement[bool]:
    """Published or cancelled events of public programmes, in any query over Event."""
    return and_(
        is_one_of(Event.status, PUBLIC_EVENT_STATUSES),
        Event.programme_id.in_(select(Programme.id).where(public_programme_clause())),
    )


def on_public_event(event_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """``public_event_clause`` for a column that always names an event (a foreign key, never
    NULL), asked as "not one of the events that are not public": those are few (drafts, and
    programmes being prepared) where the public ones are nearly all, and a practice-record
    search asks for every match (gathering 2,200 public ids twice was a fifth of its ranking
    on the benchmark). The statuses that are not public are named, not the ones that are, and
    the two ways of not being public are asked apart, so that each is one probe of an index
    (asked as one condition, they read every event's entry in the index: 0.3 ms, twice a
    search). Naming them is the same as excluding the public ones because the database holds
    no other status (migration 0022 refuses one, tests/test_visibility.py holds it)."""
    not_public = union_all(
        select(Event.id).where(is_one_of(Event.status, NOT_PUBLIC_EVENT_STATUSES)),
        select(Event.id).where(
            Event.programme_id.in_(
                select(Programme.id).where(
                    is_one_of(Programme.status, NOT_PUBLIC_PROGRAMME_STATUSES)
                )
            )
        ),
    )
    return event_id.not_in(not_public)


def event_is_public(event: Event, programme: Programme | None = None) -> bool:
    """``programme``: the event's programme, when the caller has it (saves loading it)."""
    return event.status in PUBLIC_EVENT_STATUSES and programme_is_public(
        programme or event.programme
    )


# --- Shown on the public pages ----------------------------------------------------------------


def shown_programmes_clause(viewer: Viewer) -> ColumnElement[bool]:
    return or_(public_programme_clause(), organises_clause(viewer, Programme.id))


def shows_programme(viewer: Viewer, programme: Programme) -> bool:
    return programme_is_public(programme) or organises(viewer, programme)


def shown_events_clause(viewer: Viewer) -> ColumnElement[bool]:
    return or_(public_event_clause(), organises_clause(viewer, Event.programme_id))


def shows_event(viewer: Viewer, event: Event, programme: Programme | None = None) -> bool:
    programme = programme or event.programme
    return event_is_public(event, programme) or organises(viewer, programme)


# --- Visible anywhere (the organiser area) ----------------------------------------------------


def visible_programmes_clause(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.user_id is None:
        return shown_programmes_clause(viewer)
    return or_(
        shown_programmes_clause(viewer), Programme.id.in_(hosted_programme_ids(viewer.user_id))
    )


def may_see_programme(viewer: Viewer, programme: Programme) -> bool:
    return shows_programme(viewer, programme) or hosts_in(viewer, programme)


def visible_events_clause(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.user_id is None:
        return shown_events_clause(viewer)
    return or_(shown_events_clause(viewer), Event.id.in_(hosted_event_ids(viewer.user_id)))


def may_see_event(viewer: Viewer, event: Event) -> bool:
    return event_is_public(event) or manages_event(viewer, event)
