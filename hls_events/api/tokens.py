"""Personal API tokens: making, listing, revoking, and finding the person behind a secret.

A secret is 32 random bytes (URL-safe base64) with a short recognisable prefix; only its
SHA-256 is stored, so the database never holds a usable token. No Flask here.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, User, utcnow
from ..service_errors import Reason, ServiceError
from ..translation import gettext

SECRET_PREFIX = "hls_"
NAME_MAX_LENGTH = 100
TOKENS_PER_PERSON = 20
# Noting when a token was last used is a write: do it at most this often per token.
LAST_USED_EVERY = timedelta(minutes=10)


class ApiTokenError(ServiceError):
    """Why a token could not be made or revoked."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    # Shown once, to the person who made it; never stored.
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def tokens_of(user_id: int) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
        )
    )


def api_token_data(user_id: int) -> list[dict[str, Any]]:
    """The person's tokens for their data download: names and dates, never the token or any
    part of it (the file may travel)."""
    return [
        {
            "name": token.name,
            "created_at": token.created_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        }
        for token in tokens_of(user_id)
    ]


def create_token(user_id: int, name: str) -> NewToken:
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError(
            gettext("Give the token a name, so you know what uses it."), reason=Reason.INVALID
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ApiTokenError(
            gettext(
                "Use %(name_max_length)s characters or fewer.", name_max_length=NAME_MAX_LENGTH
            ),
            reason=Reason.INVALID,
        )
    if len(tokens_of(user_id)) >= TOKENS_PER_PERSON:
        raise ApiTokenError(
            gettext(
                "You have %(tokens_per_person)s tokens already: revoke one you no longer use first.",
                tokens_per_person=TOKENS_PER_PERSON,
            ),
            reason=Reason.CONFLICT,
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=hash_secret(secret),
        prefix=secret[: len(SECRET_PREFIX) + 4],
    )
    db.session.add(token)
    db.session.commit()
    return NewToken(token=token, secret=secret)


def revoke_token(user_id: int, token_id: int) -> str:
    """Delete one of this person's tokens at once; answers its name."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    if token is None:
        raise ApiTokenError(
            gettext("That token does not exist, or was revoked already."), reason=Reason.NOT_FOUND
        )
    name = token.name
    db.session.delete(token)
    db.session.commit()
    return name


def user_for_secret(secret: str) -> tuple[User, int] | None:
    """The person a secret belongs to, and the token's id; None for anything else."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_secret(secret))
    ).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        token.last_used_at = now
        db.session.commit()
    return user, token.id
