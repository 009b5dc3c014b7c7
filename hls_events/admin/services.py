"""Site admin use cases. Each takes plain values and commits once."""

from __future__ import annotations

from ..accounts.services import find_user_by_email, normalise_email
from ..extensions import db
from ..models import User, utcnow


def create_or_promote_admin(email: str, name: str, password: str) -> tuple[User, bool]:
    """Make an account a site admin; returns the user and whether it is new.

    A new account made here is confirmed: whoever runs the command vouches for the address.
    """
    user = find_user_by_email(email)
    created = user is None
    if user is None:
        user = User(email=normalise_email(email), name=name or email.split("@")[0])
        user.email_confirmed_at = utcnow()
        db.session.add(user)
    user.is_admin = True
    if password:
        user.set_password(password)
    db.session.commit()
    return user, created
