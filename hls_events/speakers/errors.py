"""The one refusal the speakers area raises, in the domain's words (routes map its reason)."""

from __future__ import annotations

from ..service_errors import Reason, ServiceError


class SpeakerError(ServiceError):
    """A speaker request that cannot be carried out, with the form field it is about."""

    default_reason = Reason.INVALID
