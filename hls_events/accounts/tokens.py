"""Signed, expiring links for email: confirm an address, sign in, reset a password.

Each purpose has its own salt, so a token made for one purpose is refused by every other, and
its own lifetime. Every token carries a random id: the action it authorises records that id as a
UsedToken in the same transaction, so the primary key makes a replay, or two concurrent uses,
fail. Tokens are read without Flask's request, so they can be checked from anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..localtime import format_amount


@dataclass(frozen=True)
class Purpose:
    name: str
    lifetime: timedelta
    # How the lifetime is said: an amount of a CLDR unit, e.g. (20, "duration-minute").
    said_as: tuple[int, str]

    @property
    def lifetime_words(self) -> str:
        """Said in the email and on the "expired" page in the reader's language: "20 minutes"."""
        amount, unit = self.said_as
        return format_amount(amount, unit)


CONFIRM_EMAIL = Purpose("confirm-email", timedelta(days=3), (3, "duration-day"))
SIGN_IN = Purpose("sign-in", timedelta(minutes=20), (20, "duration-minute"))
RESET_PASSWORD = Purpose("reset-password", timedelta(hours=1), (1, "duration-hour"))
CHANGE_EMAIL = Purpose("change-email", timedelta(days=1), (24, "duration-hour"))
PURPOSES = (CONFIRM_EMAIL, SIGN_IN, RESET_PASSWORD, CHANGE_EMAIL)
LONGEST_LIFETIME = max(purpose.lifetime for purpose in PURPOSES)


class TokenError(ValueError):
    """A link that cannot be used: reason is "invalid", "expired" or "used"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clock() -> float:
    """Seconds since the epoch. Tests replace this to make a token old without waiting."""
    return time.time()


class _Signer(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(clock())


def _serializer(secret_key: str, purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"hls-events/{purpose.name}", signer=_Signer)


def make_token(secret_key: str, purpose: Purpose, **claims: Any) -> str:
    """A URL-safe token for `purpose` holding `claims` (short keys keep links short)."""
    payload = {**claims, "jti": secrets.token_urlsafe(16)}
    return str(_serializer(secret_key, purpose).dumps(payload))


def read_token(secret_key: str, purpose: Purpose, token: str) -> dict[str, Any]:
    """The claims in a token, or TokenError if it is forged, altered, or older than allowed."""
    if len(token) > 2000:
        raise TokenError("invalid")
    try:
        payload = _serializer(secret_key, purpose).loads(
            token, max_age=int(purpose.lifetime.total_seconds())
        )
    except SignatureExpired as error:
        raise TokenError("expired") from error
    except BadSignature as error:
        raise TokenError("invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("jti"), str):
        raise TokenError("invalid")
    return payload


def fingerprint(secret: str | None) -> str:
    """A short digest of a stored value (a password hash), so that a token or a session made
    before the value changed can be recognised as stale without carrying the value itself."""
    return hashlib.sha256((secret or "no password").encode()).hexdigest()[:16]
