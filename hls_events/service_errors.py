"""One shape for the refusals services raise, in the domain's words, not HTTP's.

A service raises ``ServiceError`` (or an area's subclass) with a ``Reason``; routes map the
reason to a status in one place (``hls_events.errors.status_for``), and the worker and CLI show
the message alone.
"""

from __future__ import annotations

from enum import Enum


class Reason(Enum):
    INVALID = "invalid"  # the input breaks a rule; the form shows the message (422)
    CONFLICT = "conflict"  # the thing's state does not allow it now (409)
    FORBIDDEN = "forbidden"  # this person may not do it (403)
    NOT_FOUND = "not_found"  # no such thing, or not one this person may see (404)
    GONE = "gone"  # it was there and has been withdrawn or has expired (410)


class ServiceError(ValueError):
    """A request that cannot be carried out, with a message for the person and, where the
    refusal is about one form field, that field's name."""

    default_reason = Reason.CONFLICT

    def __init__(self, message: str, field: str | None = None, reason: Reason | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason or self.default_reason
