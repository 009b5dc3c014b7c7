from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import Model
from .types import UTCDateTime, utcnow


def new_calendar_token() -> str:
    """192 random bits, URL-safe: the secret part of a person's private calendar address."""
    return secrets.token_urlsafe(24)


class User(UserMixin, Model):
    """One person, whatever roles they hold."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # May create programmes; they then organise those programmes only.
    is_organiser: Mapped[bool] = mapped_column(Boolean, default=False)
    # Site admin: every programme, and the site's own pages.
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The private calendar feed is /calendar/<calendar_token>.ics. Kept as is (not hashed) so the
    # account page can show the address again; whoever could read it here could read the
    # sessions and joining links themselves. A new token kills the old address at once.
    calendar_token: Mapped[str] = mapped_column(
        String(64), unique=True, index=True, default=new_calendar_token
    )
    # Show events the person is on the waiting list for, marked tentative, in that feed.
    calendar_includes_waitlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language emails and pages are in ("en_GB" or "cy"), once the person has chosen one.
    language: Mapped[str | None] = mapped_column(String(8))
    # An IANA zone to show times in beside the programme's ("Pacific/Auckland"), if chosen.
    timezone: Mapped[str | None] = mapped_column(String(64))

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)

    @property
    def password_fingerprint(self) -> str:
        """A short digest of the password hash: it changes whenever the password does, so a
        session or a token made before the change can be recognised as stale."""
        return hashlib.sha256((self.password_hash or "no password").encode()).hexdigest()[:16]

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the "keep me signed in" cookie: the id with
        the password's fingerprint, so that changing or resetting the password ends both."""
        return f"{self.id}:{self.password_fingerprint}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
