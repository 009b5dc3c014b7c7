"""Who registers: the account found or made for an email address, and the consents given."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError

from ..accounts.consents import CONSENT_PURPOSES
from ..extensions import db
from ..models import ConsentRecord, Registration, User
from ..translation import gettext
from ..upsert import upsert_insert
from .errors import RegistrationError
from .tables import table_of


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


def record_consents(user_id: int, consents: Mapping[str, bool]) -> None:
    given = [purpose for purpose, yes in consents.items() if yes and purpose in CONSENT_PURPOSES]
    if not given:
        return
    records = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user_id, ConsentRecord.purpose.in_(given))
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    newest = {record.purpose: record for record in records}
    for purpose in given:
        record = newest.get(purpose)
        if record is None or not record.given or record.wording != CONSENT_PURPOSES[purpose]:
            db.session.add(
                ConsentRecord(
                    user_id=user_id,
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


@dataclass(frozen=True)
class Registrant:
    """Who registers, as registering needs them: no account object is loaded or made."""

    id: int
    email: str
    language: str | None
    # The account was made by this registration, so it can hold no registration yet.
    new: bool


def registrant(email: str, name: str, user_id: int | None, language: str | None) -> Registrant:
    """``person``'s rules (the signed-in person, or the account for an address, made if there
    is none), in a statement or two: a new address is one INSERT, and two registrations with
    it at once still end with the one account (the second finds the first's)."""
    if user_id is not None:
        row = db.session.execute(_person_by("id"), {"key": user_id}).first()
        if row is None:
            raise RegistrationError(gettext("That account no longer exists."), "not_found")
        return Registrant(row.id, row.email, row.language, new=False)
    email = checked_email(email)
    row = db.session.execute(_person_by("email"), {"key": email}).first()
    if row is not None:
        return Registrant(row.id, row.email, row.language, new=False)
    name = name.strip()
    if not name:
        raise RegistrationError(gettext("Enter your name."), "invalid", field="name")
    made = db.session.execute(
        _new_account(db.engine.dialect.name),
        {"email": email, "name": name[:200], "language": language},
    ).first()
    if made is not None:
        return Registrant(made.id, email, language, new=True)
    # Made by a registration committed since the SELECT above.
    row = db.session.execute(_person_by("email"), {"key": email}).one()
    return Registrant(row.id, row.email, row.language, new=False)


@functools.cache
def _person_by(column: str) -> Select[Any]:
    """Built once per worker (tables.py): the account's id, address and language."""
    users = table_of(User)
    return select(users.c.id, users.c.email, users.c.language).where(
        users.c[column] == bindparam("key")
    )


@functools.cache
def _new_account(dialect: str) -> Any:
    """An account for a new address, or nothing if another registration has just made it."""
    users = table_of(User)
    return (
        upsert_insert(dialect, users)
        .on_conflict_do_nothing(index_elements=[users.c.email])
        .returning(users.c.id)
    )


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
