"""Who may do what in the organiser area. Every organiser route is guarded here, and nowhere else.

Roles, per programme (one person may hold several):

- organiser: everything in the programme: its details and status, every event and session,
  and its people (inviting and removing organisers and hosts). A site admin counts as an
  organiser of every programme.
- host (a ProgrammeHost row: programme, person, organisation): the events of that organisation
  in that programme: open them, edit their details, add, change and remove their sessions, and
  see a list of just those events. A host may not create events, publish, unpublish or cancel
  an event (organisers publish, so that the programme reads as one whole), edit or publish the
  programme, see or change its people, or touch another organisation's events.
- speaker: someone whose speaker profile is on an event. Nothing in this area yet beyond
  their sessions on the dashboard.

What a refused person sees:

- not signed in: sent to sign in, and brought back afterwards;
- signed in and allowed to see the thing the page is about, but not to do this: 403;
- signed in and not allowed to see it: 404, as if it did not exist, so that a draft's
  existence never leaks.

Who may see what is ``hls_events/visibility.py``'s rule: a programme can be seen by everyone
once published or archived, and by its organisers and hosts always. An event can be seen by everyone when it is published or cancelled in a programme
everyone can see, and by the people who manage it always. So a host of another organisation
gets 403 on a published event and 404 on a draft one; anyone outside a draft programme gets
404 on all of it.

Templates may hide a button with `can_*` below, but the route's decorator is the guard.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..models import Event, Programme, User
from ..visibility import (
    PUBLIC_EVENT_STATUSES,
    PUBLIC_PROGRAMME_STATUSES,
    Person,
    Viewer,
    hosts_in,
    manages_event,
    may_see_event,
    may_see_programme,
    organises,
    programme_is_public,
)
from ..visibility import hosted_organisation_ids as _hosted_organisation_ids

# Other areas still import these from here; the rules live in hls_events/visibility.py.
__all__ = [
    "PUBLIC_EVENT_STATUSES",
    "PUBLIC_PROGRAMME_STATUSES",
    "can_create_programmes",
    "can_manage_event",
    "can_manage_people",
    "can_publish",
    "can_see_event",
    "can_see_programme",
    "event_manager_required",
    "hosted_organisation_ids",
    "is_host_of",
    "is_member_of",
    "is_organiser_of",
    "is_public_programme",
    "may_email",
    "organiser_required",
    "programme_creator_required",
    "programme_member_required",
]


def is_organiser_of(user: Person, programme: Programme) -> bool:
    return organises(Viewer.of(user), programme)


def hosted_organisation_ids(user: Person, programme: Programme) -> set[int]:
    """The organisations whose events this person hosts in this programme."""
    return _hosted_organisation_ids(Viewer.of(user), programme)


def is_host_of(user: Person, programme: Programme) -> bool:
    return hosts_in(Viewer.of(user), programme)


def is_member_of(user: Person, programme: Programme) -> bool:
    """Organises or hosts in the programme: may open its page in the organiser area."""
    return is_organiser_of(user, programme) or is_host_of(user, programme)


def can_manage_event(user: Person, event: Event) -> bool:
    """May open and edit the event and its sessions."""
    return manages_event(Viewer.of(user), event)


def can_publish(user: Person, programme: Programme) -> bool:
    """Publishing and unpublishing the programme and its events is for organisers only."""
    return is_organiser_of(user, programme)


def can_manage_people(user: Person, programme: Programme) -> bool:
    return is_organiser_of(user, programme)


def may_email(
    user: Person, programme: Programme, programme_wide: bool, event: Event | None
) -> bool:
    """Organisers may email any audience of their programme from the desk; a host only the
    people of an event they manage."""
    if is_organiser_of(user, programme):
        return True
    return not programme_wide and event is not None and can_manage_event(user, event)


def can_create_programmes(user: Person) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return bool(user.is_organiser or user.is_admin)


def is_public_programme(programme: Programme) -> bool:
    return programme_is_public(programme)


def can_see_programme(user: Person, programme: Programme) -> bool:
    return may_see_programme(Viewer.of(user), programme)


def can_see_event(user: Person, event: Event) -> bool:
    return may_see_event(Viewer.of(user), event)


def _guarded(
    allowed: Callable[[Person, Programme, Event | None], bool],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator for views under /p/<programme_slug>/ (and .../events/<event_slug>/).

    It loads the programme (and the event), applies `allowed`, refuses by the rule in this
    module's docstring, and calls the view with `programme` (and `event`) instead of the slugs.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(programme_slug: str, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            programme = db.session.scalar(select(Programme).where(Programme.slug == programme_slug))
            if programme is None:
                abort(404)
            event_slug = kwargs.pop("event_slug", None)
            event = None
            if event_slug is not None:
                event = db.session.scalar(
                    select(Event).where(
                        Event.programme_id == programme.id, Event.slug == event_slug
                    )
                )
            if not allowed(current_user, programme, event):
                if event is not None:
                    visible = can_see_event(current_user, event)
                elif event_slug is None:
                    visible = can_see_programme(current_user, programme)
                else:
                    visible = False  # no such event
                abort(403 if visible else 404)
            if event_slug is not None:
                if event is None:
                    abort(404)
                kwargs["event"] = event
            g.programme = programme
            return view(programme, **kwargs)

        return wrapped

    return decorator


def _organises(user: Person, programme: Programme, _event: Event | None) -> bool:
    return is_organiser_of(user, programme)


def _organises_or_hosts(user: Person, programme: Programme, _event: Event | None) -> bool:
    return is_member_of(user, programme)


def _manages_event(user: Person, programme: Programme, event: Event | None) -> bool:
    return is_organiser_of(user, programme) if event is None else can_manage_event(user, event)


def organiser_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Organisers of the programme (and site admins) only."""
    return _guarded(_organises)(view)


def programme_member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Organisers and hosts of the programme: its page in the organiser area."""
    return _guarded(_organises_or_hosts)(view)


def event_manager_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Organisers of the programme, and hosts of the event's organisation.

    For views under /p/<programme_slug>/events/<event_slug>/.
    """
    return _guarded(_manages_event)(view)


def programme_creator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_create_programmes(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
