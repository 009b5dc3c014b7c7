"""The API's part of the register of personal data (hls_events/personal_data.py)."""

from __future__ import annotations

from typing import Any

from ..models import User
from ..personal_data import Holding
from .tokens import api_token_data


def _tokens(user: User) -> list[dict[str, Any]]:
    return api_token_data(user.id)


HOLDINGS = (
    Holding(
        "api_tokens",
        "user_id",
        "api_tokens",
        "deleted with the account, so they stop working at once",
        export=_tokens,
    ),
)
