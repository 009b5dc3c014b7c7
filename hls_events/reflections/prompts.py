"""The questions a reflection answers: the defaults from HLS practice, and a programme's own,
which its organisers set here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete

from ..extensions import db
from ..lazy_text import _l
from ..models import Principle, ReflectionPrompt
from ..translation import gettext
from .errors import ReflectionError
from .search import clean_text

MAX_PROMPTS = 8
MAX_QUESTION = 300
MAX_HINT = 500


@dataclass(frozen=True)
class Prompt:
    question: str
    hint: str = ""
    # Welsh beside the English, optional (hls_events/bilingual.py).
    question_cy: str = ""
    hint_cy: str = ""


# From HLS practice: what happened and how it felt, a small experiment, whose voice was
# missing, and a question for peers. Which principle it spoke to is asked of every reflection
# as a choice (Principle), so that the record can be filtered by it.


def N_(message: str) -> str:
    """Marks words for the catalogue; they are translated where they are shown."""
    return message


# The defaults are kept in English here (the demo's reflections answer them); a reader is
# asked them in their own language (default_prompts), and the words they answered are kept.
DEFAULT_PROMPTS = (
    Prompt(
        N_("What happened, and how did it feel?"),
        N_("A few sentences about what you saw, heard or did, and how it felt to be there."),
    ),
    Prompt(
        N_("What will you try next, as a small experiment?"),
        N_("Something small and safe to try in your own work in the next few weeks."),
    ),
    Prompt(
        N_("Whose voice was missing?"),
        N_("Who was not in the room, or not heard, whose experience matters here?"),
    ),
    Prompt(
        N_("What question will you take to your peers?"),
        N_("A question to explore with colleagues or a learning community."),
    ),
)
PRINCIPLE_QUESTION = _l("Which HLS principle did it speak to?")
PRINCIPLE_HINTS = {
    Principle.HUMAN: _l("Human: bespoke, relational work with people as they are"),
    Principle.LEARNING: _l("Learning: learning and adapting as the way to improve"),
    Principle.SYSTEMS: _l("Systems: the system as a whole, and its health"),
}


def default_prompts() -> list[Prompt]:
    """The HLS default questions in the reader's language."""
    return [Prompt(gettext(p.question), gettext(p.hint)) for p in DEFAULT_PROMPTS]


def save_prompts(programme_id: int, prompts: Sequence[Prompt]) -> None:
    """Replace the programme's prompts. Reflections already written keep their questions."""
    cleaned = [
        Prompt(
            clean_text(p.question).strip(),
            clean_text(p.hint).strip(),
            clean_text(p.question_cy).strip(),
            clean_text(p.hint_cy).strip(),
        )
        for p in prompts
        if p.question.strip()
    ]
    if not cleaned:
        raise ReflectionError(gettext("Keep at least one question."), field="question_0")
    if len(cleaned) > MAX_PROMPTS:
        raise ReflectionError(gettext("Ask at most %(count)s questions.", count=MAX_PROMPTS))
    for index, prompt in enumerate(cleaned):
        if max(len(prompt.question), len(prompt.question_cy)) > MAX_QUESTION or (
            max(len(prompt.hint), len(prompt.hint_cy)) > MAX_HINT
        ):
            raise ReflectionError(gettext("That question is too long."), field=f"question_{index}")
    db.session.execute(
        delete(ReflectionPrompt).where(ReflectionPrompt.programme_id == programme_id)
    )
    for position, prompt in enumerate(cleaned):
        db.session.add(
            ReflectionPrompt(
                programme_id=programme_id,
                position=position,
                question=prompt.question,
                hint=prompt.hint,
                question_cy=prompt.question_cy,
                hint_cy=prompt.hint_cy,
            )
        )
    db.session.commit()


def restore_default_prompts(programme_id: int) -> None:
    db.session.execute(
        delete(ReflectionPrompt).where(ReflectionPrompt.programme_id == programme_id)
    )
    db.session.commit()
