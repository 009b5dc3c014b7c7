"""The register of personal data: what HLS Events holds about people, area by area.

UK GDPR gives a person the right to have all of it (the data download) and to have it
erased ("delete my account"). So that nothing is forgotten by either, each area declares
what it holds in its own ``personal_data.py`` (``HOLDINGS``), and ``holdings()`` below lists
the areas, in the order erasure walks them. The download and the erasure both walk this
list; ``tests/test_personal_data_register.py`` fails when a table pointing at people is not
in it, and ``tests/test_erasure_leaves_nothing.py`` reads every table after an erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import User

# Erases or anonymises a holding of one person before their account row is deleted, in the
# erasure's transaction (never commits). The flag is the person's choice to keep what they
# published, without their name.
Erase = Callable[["User", bool], None]
Export = Callable[["User"], Any]


@dataclass(frozen=True)
class Holding:
    """One table's personal data about people.

    ``person_column`` is the column that names the person: a key to ``users.id``, or where
    the table names them by address, the address column. ``export`` gives their part of the
    download under ``section``; a holding shown inside another's part (answers inside
    registrations) names that section and has no ``export``. ``erase`` runs before the
    account is deleted; None means the database's ON DELETE rule (CASCADE or SET NULL) does
    all that is needed. ``erased`` says what becomes of it, for people reading the register.
    """

    table: str
    person_column: str
    section: str
    erased: str
    export: Export | None = None
    erase: Erase | None = None


def holdings() -> tuple[Holding, ...]:
    """Every area's holdings, in the order an erasure walks them: places given up first (so
    that those waiting move up), emails last (erasing may queue mail to others)."""
    from .accounts.personal_data import HOLDINGS as accounts
    from .api.personal_data import HOLDINGS as api
    from .communities.personal_data import HOLDINGS as communities
    from .mail.personal_data import HOLDINGS as mail
    from .organise.personal_data import HOLDINGS as organise
    from .proposals.personal_data import HOLDINGS as proposals
    from .reflections.personal_data import HOLDINGS as reflections
    from .registrations.personal_data import HOLDINGS as registrations
    from .site_pages.personal_data import HOLDINGS as site_pages
    from .speakers.personal_data import HOLDINGS as speakers

    return (
        *accounts,
        *registrations,
        *communities,
        *reflections,
        *speakers,
        *proposals,
        *organise,
        *api,
        *site_pages,
        *mail,
    )


def export_sections(user: User) -> dict[str, Any]:
    """The person's data, section by section, from every holding that exports."""
    return {
        holding.section: holding.export(user)
        for holding in holdings()
        if holding.export is not None
    }


def erase_holdings(user: User, *, keep_published_anonymously: bool) -> None:
    """Erase or anonymise every holding of the person, in the caller's transaction; the
    caller then deletes the account row, and the database's ON DELETE rules do the rest."""
    for holding in holdings():
        if holding.erase is not None:
            holding.erase(user, keep_published_anonymously)
