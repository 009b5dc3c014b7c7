"""What the reflections area holds about one person: their part of the data export, and what
becomes of their reflections when their account is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Attribution,
    Event,
    Reflection,
    ReflectionInvitation,
    User,
    Visibility,
    WriteUp,
)
from ..personal_data import Holding


def settle_reflections_of(user_id: int, *, keep_anonymously: bool) -> None:
    """Before a person's account is deleted, in the caller's transaction (no commit).

    Keeping: what they shared stays in the record, unsigned and no longer theirs; what only
    they could read is deleted. Otherwise everything they wrote is deleted. Write-ups belong to
    the speaker profile, which the organisers keep, so they stay (the author may delete them
    first).
    """
    reflections = db.session.scalars(select(Reflection).where(Reflection.author_id == user_id))
    for reflection in reflections:
        if keep_anonymously and reflection.visibility != Visibility.PRIVATE:
            reflection.author_id = None
            reflection.attribution = Attribution.ANONYMOUS
        else:
            db.session.delete(reflection)


def personal_data(user_id: int) -> list[dict[str, Any]]:
    """The person's reflections, with the choices they made and when, for their data export."""
    reflections = db.session.scalars(
        select(Reflection)
        .where(Reflection.author_id == user_id)
        .options(
            selectinload(Reflection.event),
            selectinload(Reflection.programme),
            selectinload(Reflection.themes),
            selectinload(Reflection.consents),
        )
        .order_by(Reflection.created_at)
    )
    return [
        {
            "programme": r.programme.title,
            "event": r.event.title,
            "written_at": r.created_at.isoformat(),
            "answers": [{"question": a["question"], "answer": a["answer"]} for a in r.answers],
            "themes": [theme.name for theme in r.themes],
            "principles": [p.value for p in r.principle_list],
            "visibility": r.visibility.value,
            "attribution": r.attribution.value,
            "consents": [
                {
                    "wording": c.wording,
                    "visibility": c.visibility.value,
                    "attribution": c.attribution.value,
                    "recorded_at": c.recorded_at.isoformat(),
                }
                for c in r.consents
            ],
        }
        for r in reflections
    ]


def _reflections(user: User) -> list[dict[str, Any]]:
    return personal_data(user.id)


def _settle(user: User, keep_published: bool) -> None:
    settle_reflections_of(user.id, keep_anonymously=keep_published)


def _invitations(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ReflectionInvitation.sent_at, Event.title)
        .join(Event, Event.id == ReflectionInvitation.event_id)
        .where(ReflectionInvitation.user_id == user.id)
        .order_by(ReflectionInvitation.sent_at)
    )
    return [{"event": title, "sent_at": sent_at.isoformat()} for sent_at, title in rows]


def _hidden(row: Reflection | WriteUp, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": row.id,
        "reason": row.hidden_reason,
        "hidden_at": row.hidden_at.isoformat() if row.hidden_at else None,
    }


def _moderation(user: User) -> list[dict[str, Any]]:
    """What they hid from the practice record, as one of its curators."""
    reflections = db.session.scalars(
        select(Reflection).where(Reflection.hidden_by_id == user.id).order_by(Reflection.id)
    )
    write_ups = db.session.scalars(
        select(WriteUp).where(WriteUp.hidden_by_id == user.id).order_by(WriteUp.id)
    )
    return [_hidden(row, "reflection") for row in reflections] + [
        _hidden(row, "write-up") for row in write_ups
    ]


HOLDINGS = (
    Holding(
        "reflections",
        "author_id",
        "reflections",
        "private ones deleted; shared ones deleted, or kept unsigned if the person chooses",
        export=_reflections,
        erase=_settle,
    ),
    Holding(
        "reflection_invitations",
        "user_id",
        "reflection_invitations",
        "deleted with the account",
        export=_invitations,
    ),
    Holding(
        "reflections",
        "hidden_by_id",
        "hidden_from_the_record",
        "kept hidden, without who hid it",
        export=_moderation,
    ),
    Holding(
        "write_ups",
        "hidden_by_id",
        "hidden_from_the_record",
        "kept hidden, without who hid it",
    ),
)
