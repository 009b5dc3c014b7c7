"""What a person can agree to, each on its own, in the words they are shown.

The wording is recorded with every giving and withdrawing. Changing the words of a purpose
means adding a new purpose, so that past records still say what people agreed to.
"""

from __future__ import annotations

CONSENT_PURPOSES: dict[str, str] = {
    "programme_news": "Email me news about future HLS programmes.",
    "research_contact": (
        "Contact me by email to ask whether I would take part in research about how "
        "HLS programmes help people learn."
    ),
}
