"""The questions a reflection answers: the defaults from HLS practice, and a programme's own,
which its organisers set here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete

from ..extensions import db
from ..models import Principle, ReflectionPrompt
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
DEFAULT_PROMPTS = (
    Prompt(
        "What happened, and how did it feel?",
        "A few sentences about what you saw, heard or did, and how it felt to be there.",
    ),
    Prompt(
        "What will you try next, as a small experiment?",
        "Something small and safe to try in your own work in the next few weeks.",
    ),
    Prompt(
        "Whose voice was missing?",
        "Who was not in the room, or not heard, whose experience matters here?",
    ),
    Prompt(
        "What question will you take to your peers?",
        "A question to explore with colleagues or a learning community.",
    ),
)
PRINCIPLE_QUESTION = "Which HLS principle did it speak to?"
PRINCIPLE_HINTS = {
    Principle.HUMAN: "Human: bespoke, relational work with people as they are",
    Principle.LEARNING: "Learning: learning and adapting as the way to improve",
    Principle.SYSTEMS: "Systems: the system as a whole, and its health",
}


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
        raise ReflectionError("Keep at least one question.", field="question_0")
    if len(cleaned) > MAX_PROMPTS:
        raise ReflectionError(f"Ask at most {MAX_PROMPTS} questions.")
    for index, prompt in enumerate(cleaned):
        if max(len(prompt.question), len(prompt.question_cy)) > MAX_QUESTION or (
            max(len(prompt.hint), len(prompt.hint_cy)) > MAX_HINT
        ):
            raise ReflectionError("That question is too long.", field=f"question_{index}")
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
