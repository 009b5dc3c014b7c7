"""What the signed-in header offers: "Speaking" only to people who speak or are invited to,
"Organise" only to people who organise, host or facilitate something, or may start a programme.

One query per page for a signed-in person, kept on `g` for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import exists, select

from ..extensions import db
from ..models import (
    CommunityFacilitator,
    ProgrammeHost,
    Speaker,
    SpeakerInvitation,
    User,
    programme_organisers,
)
from ..models.types import utcnow
from .services import normalise_email


@dataclass(frozen=True)
class Menu:
    speaking: bool = False
    organising: bool = False


def menu_of(user: User) -> Menu:
    organising = (
        exists().where(programme_organisers.c.user_id == user.id)
        | exists().where(ProgrammeHost.user_id == user.id)
        | exists().where(CommunityFacilitator.user_id == user.id)
    )
    speaking = exists().where(Speaker.user_id == user.id) | exists().where(
        SpeakerInvitation.email == normalise_email(user.email),
        SpeakerInvitation.accepted_at.is_(None),
        SpeakerInvitation.expires_at > utcnow(),
    )
    row = db.session.execute(select(speaking, organising)).one()
    may_start_programmes = bool(user.is_organiser or user.is_admin)
    return Menu(speaking=bool(row[0]), organising=may_start_programmes or bool(row[1]))


def current_menu() -> Menu:
    """The header's choices for whoever is signed in (nothing extra for anyone else)."""
    if not has_request_context() or not current_user.is_authenticated:
        return Menu()
    if "menu" not in g:
        g.menu = menu_of(current_user)
    menu: Menu = g.menu
    return menu
