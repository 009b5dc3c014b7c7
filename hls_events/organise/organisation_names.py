"""One list of organisations: a new name that looks like one already on it ("Northshire
Council" beside "Northshire County Council") is questioned before it is added."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from sqlalchemy import select

from ..extensions import db
from ..models import Organisation
from ..translation import gettext

# Words that say what kind of body it is rather than which one.
GENERIC_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "council",
        "county",
        "borough",
        "city",
        "district",
        "metropolitan",
        "nhs",
        "trust",
        "foundation",
        "ltd",
        "limited",
        "cic",
        "cio",
        "group",
        "partnership",
        "uk",
        "community",
    ]
)
SIMILAR_ENOUGH = 0.85


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.casefold().replace("&", " and "))


def _distinctive(name: str) -> str:
    return " ".join(word for word in _words(name) if word not in GENERIC_WORDS)


def looks_alike(one: str, other: str) -> bool:
    """Whether two different names are probably the same body: the same distinctive words, or
    nearly the same spelling."""
    if " ".join(_words(one)) == " ".join(_words(other)):
        return True
    # Compared on the words that name the body: "Northshire" and "Southshire" differ.
    first, second = _distinctive(one), _distinctive(other)
    if not (first and second):
        first, second = " ".join(_words(one)), " ".join(_words(other))
    return first == second or SequenceMatcher(None, first, second).ratio() >= SIMILAR_ENOUGH


def similar_organisations(name: str) -> list[Organisation]:
    """Organisations on the list whose names look like ``name`` (none if it is on the list)."""
    name = name.strip()
    if not name:
        return []
    everyone = list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    if any(organisation.name.casefold() == name.casefold() for organisation in everyone):
        return []
    return [organisation for organisation in everyone if looks_alike(name, organisation.name)]


def near_duplicate_warning(name: str, is_different: bool) -> str | None:
    """Why a new organisation's name is questioned (it looks like one on the list), unless the
    person said it is a different one; the services refuse with it."""
    similar = [] if is_different else similar_organisations(name)
    if not similar:
        return None
    return gettext(
        "%(name)s looks like %(similar)s, already on the list. Choose it from the list, "
        "or tick “It is a different organisation” to add %(name)s.",
        name=name.strip(),
        similar=", ".join(organisation.name for organisation in similar),
    )


def look_alike_pairs(organisations: list[Organisation]) -> list[tuple[Organisation, Organisation]]:
    """Pairs on the list with the same distinctive words: probably one body entered twice."""
    groups: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        key = _distinctive(organisation.name) or " ".join(_words(organisation.name))
        groups.setdefault(key, []).append(organisation)
    return [(group[0], other) for group in groups.values() if len(group) > 1 for other in group[1:]]
