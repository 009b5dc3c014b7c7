"""Account use cases. Each takes plain values and commits once."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import User

# Compared against when no account matches, so a wrong email costs as long as a wrong password.
_DUMMY_HASH_USER = User(email="", name="")
_DUMMY_HASH_USER.set_password("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        _DUMMY_HASH_USER.check_password(password)
        return None
    return user if user.check_password(password) else None


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
