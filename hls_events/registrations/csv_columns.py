"""The columns of a spreadsheet of registrations, shared by one event's download and the
programme-wide and per-host downloads from the organiser's desk, so that both say the same
things in the same order and follow the same privacy rule (``identity_for``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ..localtime import to_local
from ..models import Registration

REGISTRATION_COLUMNS = (
    "Name",
    "Email",
    "Status",
    "Waiting list position",
    "Organisation",
    "Sector",
    "Role",
    "Access needs",
    "Hosts may see name and email",
    "Registered",
)


def identity_for(registration: Registration, organiser: bool) -> tuple[str, str, bool]:
    """Name, email and whether they are shown: organisers see everyone; hosts only those who
    agreed to share with the event's hosts, and a number for everyone else."""
    shared = organiser or registration.share_with_host
    if not shared:
        return f"Attendee {registration.id}", "", False
    return registration.user.name, registration.user.email, True


def registration_cells(
    registration: Registration, name: str, email: str, zone: ZoneInfo
) -> list[object]:
    """The cells under REGISTRATION_COLUMNS for one registration."""
    return [
        name,
        email,
        registration.status.label,
        registration.waitlist_position or "",
        registration.organisation,
        registration.sector.label if registration.sector else "",
        registration.job_role,
        registration.access_needs,
        "yes" if registration.share_with_host else "no",
        to_local(registration.created_at, zone).strftime("%Y-%m-%d %H:%M"),
    ]
