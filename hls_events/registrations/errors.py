"""The one refusal registrations raise: a ``ServiceError`` that also says exactly why."""

from __future__ import annotations

from ..service_errors import Reason, ServiceError

_REASONS = {"invalid": Reason.INVALID, "not_found": Reason.NOT_FOUND}


class RegistrationError(ServiceError):
    """A registration change that cannot be made, with a message for the person.

    ``why`` says exactly why ("full", "already", "closed", ...; the route maps the broader
    ``reason`` to a status); ``field`` names the form field at fault, if one is;
    ``registration_id`` is the person's existing registration when they are already registered.
    """

    def __init__(
        self,
        message: str,
        why: str,
        *,
        field: str | None = None,
        registration_id: int | None = None,
    ) -> None:
        super().__init__(message, field, _REASONS.get(why, Reason.CONFLICT))
        self.why = why
        self.registration_id = registration_id
