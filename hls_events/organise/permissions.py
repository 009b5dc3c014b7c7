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

A programme can be seen by everyone once published or archived, and by its organisers and
hosts always. An event can be seen by everyone when it is published or cancelled in a programme
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
from ..models import Event, EventStatus, Programme, ProgrammeHost, ProgrammeStatus

PUBLIC_PROGRAMME_STATUSES = (ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED)
PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_organiser_of(user: Any, programme: Programme) -> bool:
    if not _signed_in(user):
        return False
    return user.is_admin or any(organiser.id == user.id for organiser in programme.organisers)


def hosted_organisation_ids(user: Any, programme: Programme) -> set[int]:
    """The organisations whose events this person hosts in this programme."""
    if not _signed_in(user):
        return set()
    return set(
        db.session.scalars(
            select(ProgrammeHost.organisation_id).where(
                ProgrammeHost.programme_id == programme.id, ProgrammeHost.user_id == user.id
            )
        )
    )


def is_host_of(user: Any, programme: Programme) -> bool:
    return bool(hosted_organisation_ids(user, programme))


def is_member_of(user: Any, programme: Programme) -> bool:
    """Organises or hosts in the programme: may open its page in the organiser area."""
    return is_organiser_of(user, programme) or is_host_of(user, programme)


def can_manage_event(user: Any, event: Event) -> bool:
    """May open and edit the event and its sessions."""
    programme = event.programme
    if is_organiser_of(user, programme):
        return True
    return event.organisation_id is not None and event.organisation_id in hosted_organisation_ids(
        user, programme
    )


def can_publish(user: Any, programme: Programme) -> bool:
    """Publishing and unpublishing the programme and its events is for organisers only."""
    return is_organiser_of(user, programme)


def can_manage_people(user: Any, programme: Programme) -> bool:
    return is_organiser_of(user, programme)


def can_create_programmes(user: Any) -> bool:
    return _signed_in(user) and bool(user.is_organiser or user.is_admin)


def is_public_programme(programme: Programme) -> bool:
    return programme.status in PUBLIC_PROGRAMME_STATUSES


def can_see_programme(user: Any, programme: Programme) -> bool:
    return is_public_programme(programme) or is_member_of(user, programme)


def can_see_event(user: Any, event: Event) -> bool:
    public = is_public_programme(event.programme) and event.status in PUBLIC_EVENT_STATUSES
    return public or can_manage_event(user, event)


def _guarded(
    allowed: Callable[[Any, Programme, Event | None], bool],
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


def _organises(user: Any, programme: Programme, _event: Event | None) -> bool:
    return is_organiser_of(user, programme)


def _organises_or_hosts(user: Any, programme: Programme, _event: Event | None) -> bool:
    return is_member_of(user, programme)


def _manages_event(user: Any, programme: Programme, event: Event | None) -> bool:
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
