"""The words a reflection's author is shown beside each choice of readers and signature, and
recorded with the choice, so that what they agreed to can be shown later word for word."""

from __future__ import annotations

from ..models import Attribution, Visibility
from ..translation import gettext

# The words are those of the reader's language: a Welsh reader agrees to, and has recorded,
# the Welsh words they were shown.


def visibility_wording(visibility: Visibility, programme_title: str) -> str:
    """Each choice of readers, in the words shown beside it and recorded with the choice."""
    if visibility == Visibility.PRIVATE:
        return gettext("Only me. Nobody else can read it, not even the organisers.")
    if visibility == Visibility.ORGANISERS:
        return gettext(
            "The organisers and hosts: the organisers of %(programme)s, and the hosts and "
            "speakers of this event.",
            programme=programme_title,
        )
    if visibility == Visibility.COMMUNITY:
        return gettext(
            "Members of this community: its members and facilitators, and the organisers of "
            "%(programme)s.",
            programme=programme_title,
        )
    if visibility == Visibility.PARTICIPANTS:
        return gettext(
            "People taking part in the programme: everyone with a place at an event of "
            "%(programme)s, and its speakers, hosts and organisers.",
            programme=programme_title,
        )
    return gettext(
        "Everyone: it joins the public practice record, which anyone can read, search and export."
    )


def attribution_wording(attribution: Attribution) -> str:
    if attribution == Attribution.NAMED:
        return gettext("With my name.")
    return gettext(
        "Anonymously. My name is not shown to anyone else, anywhere: not on pages, in "
        "search, exports, feeds or emails, and not to the organisers."
    )


def consent_wording(visibility: Visibility, attribution: Attribution, programme_title: str) -> str:
    return gettext(
        "Who may read this reflection: %(readers)s How it is signed: %(signature)s "
        "I can change these choices, or delete the reflection, at any time.",
        readers=visibility_wording(visibility, programme_title),
        signature=attribution_wording(attribution),
    )
