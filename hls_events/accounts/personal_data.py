"""What the app holds about one person: the download of it, and erasing it when they delete
their account. Both walk the register of personal data (hls_events/personal_data.py); this
module declares the accounts area's own part of it. Each use case works in one transaction
and commits once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import ConsentRecord, User, utcnow
from ..personal_data import Holding, erase_holdings, export_sections
from .services import get_user


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# Secrets are left out of the download: they are not about the person, and the file may travel.
_NOT_EXPORTED = {"id", "password_hash", "calendar_token"}


def _account_fields(user: User) -> dict[str, Any]:
    """Every column of the account, so that a column added later is exported without asking."""
    fields: dict[str, Any] = {}
    for column in User.__table__.columns:
        if column.key in _NOT_EXPORTED:
            continue
        value = getattr(user, column.key)
        fields[column.key] = iso(value) if isinstance(value, datetime) else value
    fields["has_password"] = user.password_hash is not None
    return fields


def _consents(user: User) -> list[dict[str, Any]]:
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    return [
        {
            "purpose": record.purpose,
            "wording": record.wording,
            "given": record.given,
            "recorded_at": iso(record.recorded_at),
        }
        for record in records
    ]


HOLDINGS = (
    Holding(
        "users",
        "id",
        "account",
        "deleted, last of all",
        export=_account_fields,
    ),
    Holding(
        "consent_records",
        "user_id",
        "consents",
        "deleted with the account",
        export=_consents,
    ),
)


def export_personal_data(user_id: int) -> dict[str, Any]:
    """Everything the app holds about a person, as plain JSON-ready values."""
    user = get_user(user_id)
    return {"exported_at": utcnow().isoformat(), **export_sections(user)}


def delete_account(user_id: int, *, keep_published_anonymously: bool) -> None:
    """Erase a person: every holding in the register erased or anonymised (places given up,
    published content settled as they chose, emails gone), then the account itself."""
    user = get_user(user_id)
    erase_holdings(user, keep_published_anonymously=keep_published_anonymously)
    # What is left pointing at the account goes with it (ON DELETE CASCADE) or keeps its own
    # record without it (ON DELETE SET NULL), as each holding declares.
    db.session.delete(user)
    db.session.commit()
