"""Who may organise what. Every organiser route is guarded here, and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..models import Event, Programme


def is_organiser_of(user: Any, programme: Programme) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(organiser.id == user.id for organiser in programme.organisers)


def can_create_programmes(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_organiser)


def organiser_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load the programme named by `programme_slug` and require the viewer to organise it.

    Someone signed in who does not organise it gets a 404 for a draft (its existence is
    private) and a 403 for a published programme.
    """

    @wraps(view)
    def wrapped(programme_slug: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        programme = db.session.scalar(select(Programme).where(Programme.slug == programme_slug))
        if programme is None:
            abort(404)
        if not is_organiser_of(current_user, programme):
            abort(403 if programme.is_published else 404)
        g.programme = programme
        event_slug = kwargs.pop("event_slug", None)
        if event_slug is not None:
            event = db.session.scalar(
                select(Event).where(Event.programme_id == programme.id, Event.slug == event_slug)
            )
            if event is None:
                abort(404)
            kwargs["event"] = event
        return view(programme, **kwargs)

    return wrapped


def programme_creator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_create_programmes(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
