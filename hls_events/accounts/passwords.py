"""What makes a password acceptable: long enough, and not one that attackers try first.

No rules about odd characters: they make passwords harder to remember, not harder to guess.
"""

from __future__ import annotations

from functools import cache

from ..translation import gettext

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_PASSWORDS_CHECKED = 10_000


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list is ordered by how often each password appears in leaked password sets.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(
        word.lower() for word in FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS_CHECKED]
    )


def is_common_password(password: str) -> bool:
    return password.lower() in _common_passwords()


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, in words for the person choosing it; None if it can."""
    if len(password) < MIN_LENGTH:
        return gettext(
            "Your password must be at least %(count)s characters long.", count=MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        return gettext("Your password must be %(count)s characters or fewer.", count=MAX_LENGTH)
    if is_common_password(password):
        return gettext(
            "That password is one of the most commonly used passwords, so it is easy to guess. "
            "Choose another: three or four random words work well."
        )
    return None
