"""Signed links to one registration: see it, cancel it, turn its reminders off.

A link names the registration and its person and is signed with the app's secret, so it
cannot be altered or made up. It does not expire: it is the attendee's way back to their
place, from an email, for as long as the registration exists. No Flask here.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from ..inputs import ID_MAX

SALT = "hls-events/registration"
# The check-in link in an attendee's QR code: a different salt, so that neither link opens
# the other's page.
CHECK_IN_SALT = "hls-events/check-in"


class BadRegistrationLink(ValueError):
    """The link was altered, cut short or made up."""


def make_registration_token(
    secret_key: str, registration_id: int, user_id: int, salt: str = SALT
) -> str:
    return str(URLSafeSerializer(secret_key, salt=salt).dumps([registration_id, user_id]))


def read_registration_token(secret_key: str, token: str, salt: str = SALT) -> tuple[int, int]:
    """(registration id, user id) from a token, or BadRegistrationLink."""
    if len(token) > 500:
        raise BadRegistrationLink(token[:20])
    try:
        payload = URLSafeSerializer(secret_key, salt=salt).loads(token)
    except BadSignature as error:
        raise BadRegistrationLink(token[:20]) from error
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not all(
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX
            for value in payload
        )
    ):
        raise BadRegistrationLink(token[:20])
    return payload[0], payload[1]
