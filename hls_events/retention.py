"""Personal data kept only as long as needed (UK GDPR, storage limitation).

Four rules, each with a period an operator can change (config keys ``RETENTION_*``, in the
README's production settings); the privacy page's default text states them. The worker
applies them on its timed duties, and ``flask retention --dry-run`` shows what would go.

- Access needs are erased a while after the event ends: they were given so that the event
  could work for the person.
- Sent emails lose their bodies (who, what kind and when are kept, as the record of what
  was sent).
- Registrations of people without an account (they registered by typing an address, and
  never signed in) are anonymised: the counts stay, the person goes.
- Accounts never confirmed, and holding nothing, are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, exists, func, or_, select, update

from .config import RETENTION_DEFAULTS
from .extensions import db
from .models import (
    EventSession,
    OutboxMessage,
    Registration,
    RegistrationAnswer,
    User,
    utcnow,
)
from .models.user import new_calendar_token

# Every kind, in the order they are applied and reported, with its config key.
PERIODS: dict[str, str] = {
    "access_needs": "RETENTION_ACCESS_NEEDS_DAYS",
    "email_bodies": "RETENTION_EMAIL_BODY_DAYS",
    "guest_registrations": "RETENTION_GUEST_REGISTRATION_DAYS",
    "unconfirmed_accounts": "RETENTION_UNCONFIRMED_ACCOUNT_DAYS",
}
# What the command calls each kind.
RETENTION_LABELS = {
    "access_needs": "access needs of events that ended (registrations)",
    "email_bodies": "bodies of sent emails",
    "guest_registrations": "people without an account, anonymised with their registrations",
    "unconfirmed_accounts": "unconfirmed accounts",
}
# An anonymised person keeps a row, so that their registrations still count; its address can
# never be typed (".invalid" is reserved, RFC 2606) and is never emailed.
ANONYMISED_DOMAIN = "anonymised.invalid"


def period_days(kind: str, config: Any = None) -> int:
    key = PERIODS[kind]
    return int(
        (config if config is not None else current_app.config).get(key, RETENTION_DEFAULTS[key])
    )


def period_words(days: int) -> str:
    """'30 days', 'two years': as the privacy page states a period."""
    names = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
    if days % 365 == 0:
        years = days // 365
        return "one year" if years == 1 else f"{names.get(years, str(years))} years"
    return "one day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class Cutoffs:
    access_needs: datetime
    email_bodies: datetime
    guest_registrations: datetime
    unconfirmed_accounts: datetime

    @classmethod
    def at(cls, now: datetime) -> Cutoffs:
        return cls(**{kind: now - timedelta(days=period_days(kind)) for kind in PERIODS})


def _events_ended_before(cutoff: datetime) -> Any:
    """Ids of events whose last session ended before ``cutoff``."""
    return (
        select(EventSession.event_id)
        .group_by(EventSession.event_id)
        .having(func.max(EventSession.ends_at) < cutoff)
    )


# --- Access needs --------------------------------------------------------------------------


def _access_needs(cutoff: datetime) -> Any:
    return (Registration.access_needs != "") & Registration.event_id.in_(
        _events_ended_before(cutoff)
    )


def _count_access_needs(cutoffs: Cutoffs) -> int:
    where = _access_needs(cutoffs.access_needs)
    return db.session.scalar(select(func.count()).select_from(Registration).where(where)) or 0


def _erase_access_needs(cutoffs: Cutoffs) -> None:
    db.session.execute(
        update(Registration)
        .where(_access_needs(cutoffs.access_needs))
        .values(access_needs="")
        .execution_options(synchronize_session=False)
    )


# --- Email bodies --------------------------------------------------------------------------


def _old_bodies(cutoff: datetime) -> Any:
    from .mail.personal_data import FINISHED

    return (
        OutboxMessage.status.in_(FINISHED)
        & (func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < cutoff)
        & or_(
            OutboxMessage.body_text != "",
            OutboxMessage.body_html != "",
            OutboxMessage.attachments != "[]",
        )
    )


def _count_email_bodies(cutoffs: Cutoffs) -> int:
    where = _old_bodies(cutoffs.email_bodies)
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(where)) or 0


def _erase_email_bodies(cutoffs: Cutoffs) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(_old_bodies(cutoffs.email_bodies))
        .values(body_text="", body_html="", attachments="[]", last_error="")
        .execution_options(synchronize_session=False)
    )


# --- Registrations of people without an account --------------------------------------------


def _never_signed_in() -> Any:
    return (
        User.password_hash.is_(None)
        & User.last_signed_in_at.is_(None)
        & User.email_confirmed_at.is_(None)
        & User.is_organiser.is_(False)
        & User.is_admin.is_(False)
    )


def _guests_to_anonymise(cutoff: datetime) -> Any:
    """People without an account whose every registration is for an event that ended, and
    was made, before ``cutoff``."""
    recent = select(Registration.user_id).where(
        or_(
            Registration.created_at >= cutoff,
            Registration.event_id.not_in(_events_ended_before(cutoff)),
        )
    )
    return select(User).where(
        _never_signed_in(),
        ~User.email.endswith(f"@{ANONYMISED_DOMAIN}"),
        exists().where(Registration.user_id == User.id),
        User.id.not_in(recent),
    )


def _count_guests(cutoffs: Cutoffs) -> int:
    query = _guests_to_anonymise(cutoffs.guest_registrations).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def _anonymise_guests(cutoffs: Cutoffs) -> None:
    from .mail.personal_data import erase_mail_of
    from .models import ConsentRecord

    for user in db.session.scalars(_guests_to_anonymise(cutoffs.guest_registrations)).all():
        erase_mail_of(user)
        registration_ids = select(Registration.id).where(Registration.user_id == user.id)
        db.session.execute(
            delete(RegistrationAnswer)
            .where(RegistrationAnswer.registration_id.in_(registration_ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(Registration)
            .where(Registration.user_id == user.id)
            .values(organisation="", job_role="", access_needs="", share_with_host=False)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(delete(ConsentRecord).where(ConsentRecord.user_id == user.id))
        user.email = f"{user.id}@{ANONYMISED_DOMAIN}"
        user.name = ""
        user.calendar_token = new_calendar_token()
        user.timezone = None


# --- Unconfirmed accounts ------------------------------------------------------------------


def _holds_nothing() -> list[Any]:
    """No row of any table in the register of personal data points at the account (consents
    given at sign-up go with it)."""
    from .personal_data import holdings

    conditions: list[Any] = []
    for holding in holdings():
        table = db.metadata.tables[holding.table]
        column = table.columns[holding.person_column]
        if holding.table == "consent_records" or not any(
            key.column.table.name == "users" for key in column.foreign_keys
        ):
            continue
        conditions.append(~exists().where(column == User.id))
    return conditions


def _unconfirmed(cutoff: datetime) -> Any:
    return select(User).where(_never_signed_in(), User.created_at < cutoff, *_holds_nothing())


def _count_unconfirmed(cutoffs: Cutoffs) -> int:
    query = _unconfirmed(cutoffs.unconfirmed_accounts).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def _delete_unconfirmed(cutoffs: Cutoffs) -> None:
    from .personal_data import erase_holdings

    for user in db.session.scalars(_unconfirmed(cutoffs.unconfirmed_accounts)).all():
        erase_holdings(user, keep_published_anonymously=False)
        db.session.delete(user)


_RULES = {
    "access_needs": (_count_access_needs, _erase_access_needs),
    "email_bodies": (_count_email_bodies, _erase_email_bodies),
    "guest_registrations": (_count_guests, _anonymise_guests),
    "unconfirmed_accounts": (_count_unconfirmed, _delete_unconfirmed),
}


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule (or, with ``dry_run``, only count): how many of each kind go. Each
    rule is one transaction, committed once, so that one failing leaves the others done."""
    cutoffs = Cutoffs.at(now or utcnow())
    counts: dict[str, int] = {}
    for kind, (count, apply) in _RULES.items():
        counts[kind] = count(cutoffs)
        if not dry_run and counts[kind]:
            try:
                apply(cutoffs)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
    if dry_run:
        db.session.rollback()
    return counts
