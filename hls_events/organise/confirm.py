"""Asking first: every action that changes things for other people shows a page that says what
will happen and to whom, and acts only on a POST from that page's form (``confirm=yes``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import func, select
from wtforms import HiddenField

from ..extensions import db
from ..forms_common import Form
from ..models import Event, Registration, RegistrationStatus
from ..translation import ngettext

EMAILED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class ConfirmForm(Form):
    """The confirmation page's button: its CSRF token, and the word that it was pressed."""

    confirm = HiddenField()

    def confirmed(self) -> bool:
        return self.validate_on_submit() and self.confirm.data == "yes"


@dataclass(frozen=True)
class Confirmation:
    title: str
    consequences: list[str]
    action_url: str
    button: str
    back_url: str
    danger: bool = True
    refused: str = ""
    alternatives: list[tuple[str, str]] = field(default_factory=list)


def people(count: int) -> str:
    return ngettext("%(num)d person", "%(num)d people", count)


def people_to_email(event: Event) -> int:
    """How many people the event's change notices reach: those with a place or waiting."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Registration.event_id == event.id, Registration.status.in_(EMAILED_STATUSES)
            )
        )
        or 0
    )


def render_confirmation(confirmation: Confirmation, **context: object) -> str:
    return render_template(
        "organise/confirm.html", confirmation=confirmation, form=ConfirmForm(), **context
    )
