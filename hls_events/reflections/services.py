"""Writing, changing and deleting a reflection. Each use case takes plain values, works in one
transaction and commits once.

Who may write is decided in eligibility.py, who may read in visibility.py; write-ups, curation
and the invitations to reflect have modules of their own.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    Attribution,
    Principle,
    Reflection,
    ReflectionConsent,
    Theme,
    Visibility,
    utcnow,
)
from ..programmes.themes import themes_offered
from ..service_errors import Reason
from ..translation import gettext
from .consent import consent_wording
from .eligibility import check_may_reflect, check_may_reflect_on_meeting, load_event
from .errors import ReflectionError
from .queries import own_reflection, questions_for
from .search import clean_text

MAX_ANSWER = 5000


@dataclass(frozen=True)
class ReflectionDraft:
    """What the form sends, as plain values."""

    answers: Sequence[str]
    theme_ids: Sequence[int] = ()
    principles: Sequence[str] = ()
    visibility: str = ""
    attribution: str = ""


def _choice(enum_class: type[enum.StrEnum], value: str, message: str, field: str) -> Any:
    try:
        return enum_class(value)
    except ValueError:
        raise ReflectionError(message, field=field) from None


def save_reflection(
    event_id: int,
    user_id: int,
    draft: ReflectionDraft,
    *,
    session_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Write the person's reflection on the event, or on one meeting of a community (a
    session of the event, ``session_id``), or change the one they wrote.

    A new reflection needs a place at the event (or a part in it) and the event over, or, on a
    meeting, membership of the community and the meeting over; a reflection already written
    may be changed at any time. Nothing is saved unless all is well. Returns its id.
    """
    now = now or utcnow()
    event = load_event(event_id)
    reflection = own_reflection(event_id, user_id, session_id)
    role = None
    if session_id is not None:
        if reflection is None:
            session, role = check_may_reflect_on_meeting(session_id, user_id, now)
            if session.event_id != event.id:
                raise ReflectionError(gettext("There is no such meeting."), reason=Reason.NOT_FOUND)
    elif reflection is None:
        role = check_may_reflect(event, user_id, now)
    questions = questions_for(event, reflection)
    if len(draft.answers) != len(questions):
        raise ReflectionError(
            gettext("The questions have changed since you opened this page. Please try again."),
        )
    answers = []
    for index, (prompt, typed) in enumerate(zip(questions, draft.answers, strict=True)):
        text = clean_text(typed or "").strip()
        if len(text) > MAX_ANSWER:
            raise ReflectionError(
                gettext(
                    "Keep each answer to %(most)s characters or fewer (this one has %(count)s).",
                    most=f"{MAX_ANSWER:,}",
                    count=f"{len(text):,}",
                ),
                field=f"answer_{index}",
            )
        answers.append({"question": prompt.question, "hint": prompt.hint, "answer": text})
    if not any(item["answer"] for item in answers):
        raise ReflectionError(
            gettext("Write an answer to at least one question."), field="answer_0"
        )
    principles = []
    for value in draft.principles:
        principles.append(
            _choice(Principle, value, gettext("Choose from the three principles."), "principles")
        )
    visibility = _choice(
        Visibility, draft.visibility, gettext("Choose who may read your reflection."), "visibility"
    )
    if visibility == Visibility.COMMUNITY and session_id is None:
        # "Members of this community" means something only on a community's meeting.
        raise ReflectionError(gettext("Choose who may read your reflection."), field="visibility")
    attribution = _choice(
        Attribution,
        draft.attribution,
        gettext("Choose how your reflection is signed."),
        "attribution",
    )
    themes = (
        list(db.session.scalars(select(Theme).where(Theme.id.in_(set(draft.theme_ids)))))
        if draft.theme_ids
        else []
    )
    offered = {theme.id for theme in themes_offered(event.programme)}
    if len(themes) != len(set(draft.theme_ids)) or any(t.id not in offered for t in themes):
        raise ReflectionError(gettext("Choose themes from the list."), field="themes")

    if reflection is None:
        assert role is not None
        reflection = Reflection(
            programme_id=event.programme_id,
            event_id=event.id,
            session_id=session_id,
            author_id=user_id,
            author_role=role,
            featured=False,
            hidden_reason="",
            created_at=now,
        )
        db.session.add(reflection)
        choices_changed = True
    else:
        choices_changed = (reflection.visibility, reflection.attribution) != (
            visibility,
            attribution,
        )
    reflection.answers = answers
    reflection.body = "\n\n".join(item["answer"] for item in answers if item["answer"])
    reflection.principles = " ".join(p.value for p in Principle if p in principles)
    reflection.visibility = visibility
    reflection.attribution = attribution
    reflection.themes = sorted(themes, key=lambda theme: theme.name)
    reflection.updated_at = now
    if choices_changed:
        reflection.consents.append(
            ReflectionConsent(
                visibility=visibility,
                attribution=attribution,
                wording=consent_wording(visibility, attribution, event.programme.title),
                recorded_at=now,
            )
        )
    try:
        db.session.commit()
    except IntegrityError:
        # The same person saving twice at once: the first one stands.
        db.session.rollback()
        raise ReflectionError(
            gettext(
                "Your reflection was saved from another window at the same moment. "
                "Open it again to make your changes."
            ),
        ) from None
    return reflection.id


def delete_reflection(event_id: int, user_id: int, session_id: int | None = None) -> None:
    """Delete the person's reflection on the event (or one of its meetings), its consent
    records with it."""
    reflection = own_reflection(event_id, user_id, session_id)
    if reflection is None:
        raise ReflectionError(
            gettext("You have no reflection on this event."), reason=Reason.NOT_FOUND
        )
    db.session.delete(reflection)
    db.session.commit()
