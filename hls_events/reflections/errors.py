"""The one refusal of the reflections area."""

from __future__ import annotations

from ..service_errors import Reason, ServiceError


class ReflectionError(ServiceError):
    """A change that cannot be made, with a message for the person. ``Reason.CONFLICT`` means
    "not yet": the event has not ended."""

    default_reason = Reason.INVALID
