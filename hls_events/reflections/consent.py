"""The words a reflection's author is shown beside each choice of readers and signature, and
recorded with the choice, so that what they agreed to can be shown later word for word."""

from __future__ import annotations

from ..models import Attribution, Visibility


def visibility_wording(visibility: Visibility, programme_title: str) -> str:
    """Each choice of readers, in the words shown beside it and recorded with the choice."""
    return {
        Visibility.PRIVATE: "Only me. Nobody else can read it, not even the organisers.",
        Visibility.ORGANISERS: (
            f"The organisers and hosts: the organisers of {programme_title}, and the hosts and "
            "speakers of this event."
        ),
        Visibility.COMMUNITY: (
            "Members of this community: its members and facilitators, and the organisers of "
            f"{programme_title}."
        ),
        Visibility.PARTICIPANTS: (
            f"People taking part in the programme: everyone with a place at an event of "
            f"{programme_title}, and its speakers, hosts and organisers."
        ),
        Visibility.PUBLIC: (
            "Everyone: it joins the public practice record, which anyone can read, search "
            "and export."
        ),
    }[visibility]


def attribution_wording(attribution: Attribution) -> str:
    return {
        Attribution.NAMED: "With my name.",
        Attribution.ANONYMOUS: (
            "Anonymously. My name is not shown to anyone else, anywhere: not on pages, in "
            "search, exports, feeds or emails, and not to the organisers."
        ),
    }[attribution]


def consent_wording(visibility: Visibility, attribution: Attribution, programme_title: str) -> str:
    return (
        f"Who may read this reflection: {visibility_wording(visibility, programme_title)} "
        f"How it is signed: {attribution_wording(attribution)} "
        "I can change these choices, or delete the reflection, at any time."
    )
