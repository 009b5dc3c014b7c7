"""What a person can agree to, each on its own, in the words they are shown.

The wording is recorded with every giving and withdrawing. Changing the words of a purpose
means adding a new purpose, so that past records still say what people agreed to.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import ConsentRecord
from ..translation import gettext
from .services import AccountError, get_user


def N_(message: str) -> str:
    """Marks words for the catalogue without translating them here: the record keeps the
    English wording, and the account page shows it in the reader's language."""
    return message


CONSENT_PURPOSES: dict[str, str] = {
    "programme_news": N_("Email me news about future HLS programmes."),
    "research_contact": N_(
        "Contact me by email to ask whether I would take part in research about how "
        "HLS programmes help people learn."
    ),
}


def current_consents(user_id: int) -> dict[str, ConsentRecord | None]:
    """The newest record for each purpose (None if the person has never answered)."""
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user_id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    current: dict[str, ConsentRecord | None] = dict.fromkeys(CONSENT_PURPOSES)
    for record in records:
        if record.purpose in current:
            current[record.purpose] = record
    return current


def record_consent(user_id: int, purpose: str, given: bool) -> bool:
    """Give or withdraw one consent, keeping the history; returns whether anything changed."""
    if purpose not in CONSENT_PURPOSES:
        raise AccountError(gettext("There is no such consent."))
    user = get_user(user_id)
    current = current_consents(user.id)[purpose]
    wording = CONSENT_PURPOSES[purpose]
    if current is not None and current.given == given and current.wording == wording:
        return False
    db.session.add(ConsentRecord(user_id=user.id, purpose=purpose, wording=wording, given=given))
    db.session.commit()
    return True
