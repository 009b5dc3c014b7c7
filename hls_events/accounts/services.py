"""Account use cases. Each takes plain values, works in one transaction and commits once.

Emails are queued in the same transaction as the change that causes them. Nothing a person
can request by typing an email address (sign-up, sign-in link, password reset) behaves
differently, to them, for an address that has an account and one that has not.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..links import external_url
from ..mail.services import queue_email
from ..models import (
    UsedToken,
    User,
    utcnow,
)
from ..page_cache import mark_content_changed
from ..service_errors import Reason, ServiceError
from ..translation import gettext
from .tokens import (
    CHANGE_EMAIL,
    CONFIRM_EMAIL,
    LONGEST_LIFETIME,
    RESET_PASSWORD,
    SIGN_IN,
    Purpose,
    TokenError,
    fingerprint,
    make_token,
    read_token,
)


class AccountError(ServiceError):
    """A request that cannot be carried out, with a message for the person and its field."""

    default_reason = Reason.INVALID


# Compared against when no account matches, so a wrong email costs as long as a wrong password.
_DUMMY_HASH_USER = User(email="", name="")
_DUMMY_HASH_USER.set_password("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError(gettext("That account no longer exists."))
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        _DUMMY_HASH_USER.check_password(password)
        return None
    return user if user.check_password(password) else None


def record_sign_in(user_id: int) -> None:
    get_user(user_id).last_signed_in_at = utcnow()
    db.session.commit()


def create_or_promote_organiser(email: str, name: str, password: str) -> tuple[User, bool]:
    """Make an account able to create programmes; returns the user and whether it is new."""
    user = find_user_by_email(email)
    created = user is None
    if user is None:
        user = User(email=normalise_email(email), name=name or email.split("@")[0])
        db.session.add(user)
    user.is_organiser = True
    if password:
        user.set_password(password)
    db.session.commit()
    return user, created


# --- Emailed links -------------------------------------------------------------------------


def _token(purpose: Purpose, **claims: Any) -> str:
    return make_token(current_app.config["SECRET_KEY"], purpose, **claims)


def _queue(user: User, template: str, to: str | None = None, **context: Any) -> None:
    queue_email(
        to or user.email,
        template,
        {"name": user.name, **context},
        key=f"account:{user.id}:{template}",
    )


def _queue_confirmation(user: User, next_url: str | None) -> None:
    token = _token(CONFIRM_EMAIL, u=user.id, e=user.email, n=next_url)
    _queue(
        user,
        "account_confirm",
        link=external_url("accounts.confirm_email", token=token),
        lifetime=CONFIRM_EMAIL.lifetime_words,
    )


def _queue_sign_in_link(user: User, next_url: str | None, template: str = "sign_in_link") -> None:
    token = _token(SIGN_IN, u=user.id, e=user.email, n=next_url)
    _queue(
        user,
        template,
        link=external_url("accounts.sign_in_with_link", token=token),
        lifetime=SIGN_IN.lifetime_words,
        reset_link=external_url("accounts.reset_request"),
    )


def sign_up(name: str, email: str, next_url: str | None = None) -> None:
    """Create an unconfirmed account and email a link to confirm it.

    For an address that already has an account, email its owner instead (a confirmation link
    if it was never confirmed, otherwise a note and a sign-in link), and change nothing.
    """
    email = normalise_email(email)
    user = find_user_by_email(email)
    if user is None:
        user = User(email=email, name=name.strip())
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:
            # Someone signed up with the same address at the same moment: treat it as theirs.
            db.session.rollback()
            user = find_user_by_email(email)
            if user is None:
                raise
        else:
            _queue_confirmation(user, next_url)
            db.session.commit()
            return
    if user.email_confirmed:
        _queue_sign_in_link(user, next_url, template="account_exists")
    else:
        _queue_confirmation(user, next_url)
    db.session.commit()


def request_sign_in_link(email: str, next_url: str | None = None) -> None:
    """Email a one-time sign-in link if the address has an account; otherwise do nothing."""
    user = find_user_by_email(email)
    if user is not None:
        _queue_sign_in_link(user, next_url)
        db.session.commit()


def send_confirmation(user_id: int, next_url: str | None = None) -> None:
    user = get_user(user_id)
    if not user.email_confirmed:
        _queue_confirmation(user, next_url)
        db.session.commit()


def request_password_reset(email: str) -> None:
    """Email a password reset link if the address has an account; otherwise do nothing."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = _token(RESET_PASSWORD, u=user.id, p=fingerprint(user.password_hash))
    _queue(
        user,
        "password_reset",
        link=external_url("accounts.reset_password", token=token),
        lifetime=RESET_PASSWORD.lifetime_words,
        has_password=user.password_hash is not None,
    )
    db.session.commit()


# --- Following a link ----------------------------------------------------------------------


def check_link(purpose: Purpose, token: str) -> tuple[User, dict[str, Any]]:
    """The account a link is for and what it carries; TokenError if it cannot be used."""
    claims = read_token(current_app.config["SECRET_KEY"], purpose, token)
    user_id = claims.get("u")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise TokenError("invalid")
    if purpose in (CONFIRM_EMAIL, SIGN_IN) and claims.get("e") != user.email:
        # The address changed after the link was sent: it proves nothing about the new one.
        raise TokenError("invalid")
    if purpose is RESET_PASSWORD and claims.get("p") != fingerprint(user.password_hash):
        # The password changed since: every older reset link stops working.
        raise TokenError("used")
    if db.session.get(UsedToken, claims["jti"]) is not None:
        raise TokenError("used")
    return user, claims


def _use_link(purpose: Purpose, token: str) -> tuple[User, dict[str, Any]]:
    user, claims = check_link(purpose, token)
    # Links older than any lifetime are refused by their signature, so their records can go.
    db.session.execute(delete(UsedToken).where(UsedToken.used_at < utcnow() - LONGEST_LIFETIME))
    db.session.add(UsedToken(token_id=claims["jti"]))
    return user, claims


def _commit_link_use() -> None:
    """Commit; the UsedToken primary key turns a second, concurrent use into "used"."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise TokenError("used") from error


def _next(claims: dict[str, Any]) -> str | None:
    value = claims.get("n")
    return value if isinstance(value, str) else None


def _mark_signed_in(user: User) -> None:
    now = utcnow()
    user.last_signed_in_at = now
    # Following a link sent to the address proves the person can read it.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now


def sign_in_with_link(token: str) -> tuple[User, str | None]:
    """Use a one-time sign-in link: returns the account and where the person was going."""
    user, claims = _use_link(SIGN_IN, token)
    _mark_signed_in(user)
    _commit_link_use()
    return user, _next(claims)


def confirm_email(token: str) -> tuple[User, str | None]:
    """Use a confirmation link: the address is confirmed and the person signed in."""
    user, claims = _use_link(CONFIRM_EMAIL, token)
    _mark_signed_in(user)
    _commit_link_use()
    return user, _next(claims)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; older reset links and other sessions stop working."""
    user, _claims = _use_link(RESET_PASSWORD, token)
    user.set_password(new_password)
    _mark_signed_in(user)
    _queue(user, "password_changed", reset_link=external_url("accounts.reset_request"))
    _commit_link_use()
    return user


# --- The account page ----------------------------------------------------------------------


def rename(user_id: int, name: str) -> None:
    get_user(user_id).name = name.strip()
    mark_content_changed()  # signed reflections show the name
    db.session.commit()


def change_password(user_id: int, current_password: str, new_password: str) -> None:
    """Set or change a password. Changing one needs the current one; setting a first does not."""
    user = get_user(user_id)
    if user.password_hash is not None and not user.check_password(current_password):
        raise AccountError(gettext("Your current password is not right."), field="current_password")
    user.set_password(new_password)
    _queue(user, "password_changed", reset_link=external_url("accounts.reset_request"))
    db.session.commit()


def request_email_change(user_id: int, new_email: str) -> None:
    """Email a link to the new address; the address changes only when that link is followed.

    If the new address already has an account, nothing is sent, so that this cannot be used
    to find out who has an account.
    """
    user = get_user(user_id)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(gettext("That is already your email address."), field="email")
    if find_user_by_email(new_email) is not None:
        return
    token = _token(CHANGE_EMAIL, u=user.id, e=new_email, o=user.email)
    _queue(
        user,
        "email_change",
        to=new_email,
        link=external_url("accounts.confirm_email_change", token=token),
        lifetime=CHANGE_EMAIL.lifetime_words,
        new_email=new_email,
    )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    """Use the link sent to a new address: the account's address becomes it, confirmed."""
    user, claims = check_link(CHANGE_EMAIL, token)
    new_email, old_email = claims.get("e"), claims.get("o")
    if not isinstance(new_email, str) or old_email != user.email:
        # The address changed again after this link was sent.
        raise TokenError("invalid")
    if find_user_by_email(new_email) is not None:
        raise AccountError(
            gettext(
                "%(email)s has an account of its own now, so your address was not changed.",
                email=new_email,
            )
        )
    _use_link(CHANGE_EMAIL, token)
    user.email = new_email
    user.email_confirmed_at = utcnow()
    _queue(user, "email_changed", to=old_email, new_email=new_email)
    _commit_link_use()
    return user
