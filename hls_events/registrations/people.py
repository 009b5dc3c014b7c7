"""Who registers: the account found or made for an email address, and the consents given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.consents import CONSENT_PURPOSES
from ..extensions import db
from ..models import ConsentRecord, Registration, User
from ..translation import gettext
from .errors import RegistrationError


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_email(email: str) -> str:
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise RegistrationError(
            gettext("Enter an email address in the right format, like name@example.org."),
            "invalid",
            field="email",
        ) from error
    return email


def find_or_create_user(email: str, name: str, language: str | None = None) -> User:
    """The account for this address, made if there is none (in ``language``, the one its
    emails will be in): no password is needed to register. Two registrations with a new
    address at once both end with the one account."""
    email = checked_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user
    name = name.strip()
    if not name:
        raise RegistrationError(gettext("Enter your name."), "invalid", field="name")
    try:
        with db.session.begin_nested():
            user = User(email=email, name=name[:200], language=language)
            db.session.add(user)
    except IntegrityError:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            raise
    return user


def record_consents(user: User, consents: Mapping[str, bool]) -> None:
    given = [purpose for purpose, yes in consents.items() if yes and purpose in CONSENT_PURPOSES]
    if not given:
        return
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id, ConsentRecord.purpose.in_(given))
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    newest = {record.purpose: record for record in records}
    for purpose in given:
        record = newest.get(purpose)
        if record is None or not record.given or record.wording != CONSENT_PURPOSES[purpose]:
            db.session.add(
                ConsentRecord(
                    user_id=user.id,
                    purpose=purpose,
                    wording=CONSENT_PURPOSES[purpose],
                    given=True,
                )
            )


def person(email: str, name: str, user_id: int | None, language: str | None = None) -> User:
    """The signed-in person by ``user_id``, anyone else by email (see find_or_create_user)."""
    if user_id is not None:
        user = db.session.get(User, user_id)
        if user is None:
            raise RegistrationError(gettext("That account no longer exists."), "not_found")
        return user
    return find_or_create_user(email, name, language)


def details_from_last_time(user: Any) -> dict[str, str]:
    """The organisation, sector and role a signed-in person gave when they last registered, to
    fill in the form again (nothing for someone signed out, or who never gave them)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    row = db.session.execute(
        select(Registration.organisation, Registration.sector, Registration.job_role)
        .where(
            Registration.user_id == user.id,
            (Registration.organisation != "")
            | Registration.sector.is_not(None)
            | (Registration.job_role != ""),
        )
        .order_by(Registration.created_at.desc(), Registration.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return {}
    return {
        "organisation": row.organisation,
        "sector": row.sector.value if row.sector else "",
        "job_role": row.job_role,
    }
