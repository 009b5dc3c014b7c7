"""Reflection and write-up use cases. Each takes plain values, works in one transaction and
commits once (except where it says it works in the caller's transaction).

Who may read what is not decided here but in visibility.py; this module decides who may
write: people with a place at an event (confirmed or attended) and its speakers reflect, once
its last session has ended; an event's speakers write it up; organisers curate.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..mail.services import queue_email
from ..models import (
    Attribution,
    AuthorRole,
    Community,
    CommunityMember,
    CommunityStatus,
    Event,
    EventSession,
    EventSpeaker,
    EventStatus,
    MemberStatus,
    Principle,
    Programme,
    ProgrammeStatus,
    Reflection,
    ReflectionConsent,
    ReflectionInvitation,
    ReflectionPrompt,
    Registration,
    Speaker,
    Theme,
    User,
    Visibility,
    WriteUp,
    WriteUpStatus,
    utcnow,
)
from .search import clean_text
from .visibility import TAKING_PART, Reader, may_curate

MAX_ANSWER = 5000
MAX_PROMPTS = 8
MAX_QUESTION = 300
MAX_HINT = 500
MAX_TITLE = 200
MAX_WRITE_UP = 30_000
MAX_URL = 500
MAX_REASON = 500
# Invitations go out for events that ended this recently, so a new install (or a worker that
# was down) never emails people about events long past.
INVITE_WITHIN = timedelta(days=30)


class ReflectionError(ValueError):
    """A change that cannot be made, with a message for the person.

    ``reason`` is one of "not_found", "forbidden", "too_early", "invalid", for the route to
    choose a status code; ``field`` names the form field at fault, if one is.
    """

    def __init__(self, message: str, reason: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.field = field


# --- Prompts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    question: str
    hint: str = ""


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


def prompts_for(programme_id: int) -> list[Prompt]:
    """The programme's prompts, or the defaults if its organisers have not set any."""
    rows = db.session.scalars(
        select(ReflectionPrompt)
        .where(ReflectionPrompt.programme_id == programme_id)
        .order_by(ReflectionPrompt.position, ReflectionPrompt.id)
    ).all()
    if not rows:
        return list(DEFAULT_PROMPTS)
    return [Prompt(row.question, row.hint) for row in rows]


def has_own_prompts(programme_id: int) -> bool:
    return (
        db.session.scalar(
            select(ReflectionPrompt.id).where(ReflectionPrompt.programme_id == programme_id)
        )
        is not None
    )


def save_prompts(programme_id: int, prompts: Sequence[Prompt]) -> None:
    """Replace the programme's prompts. Reflections already written keep their questions."""
    cleaned = [
        Prompt(clean_text(p.question).strip(), clean_text(p.hint).strip())
        for p in prompts
        if p.question.strip()
    ]
    if not cleaned:
        raise ReflectionError("Keep at least one question.", "invalid", field="question_0")
    if len(cleaned) > MAX_PROMPTS:
        raise ReflectionError(f"Ask at most {MAX_PROMPTS} questions.", "invalid")
    for index, prompt in enumerate(cleaned):
        if len(prompt.question) > MAX_QUESTION or len(prompt.hint) > MAX_HINT:
            raise ReflectionError(
                "That question is too long.", "invalid", field=f"question_{index}"
            )
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
            )
        )
    db.session.commit()


def restore_default_prompts(programme_id: int) -> None:
    db.session.execute(
        delete(ReflectionPrompt).where(ReflectionPrompt.programme_id == programme_id)
    )
    db.session.commit()


# --- Consent wording ---------------------------------------------------------------------------


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


# --- Who may reflect, and when -----------------------------------------------------------------


def last_session_end(event: Event) -> datetime | None:
    """When the event's last session still going ahead ends; None if it has none."""
    return max((s.ends_at for s in event.sessions if not s.is_cancelled), default=None)


def has_ended(event: Event, now: datetime) -> bool:
    end = last_session_end(event)
    return end is not None and end <= now


def speaker_profile(event_id: int, user_id: int) -> Speaker | None:
    """The person's speaker profile, if it is on this event."""
    return db.session.scalar(
        select(Speaker)
        .join(EventSpeaker, EventSpeaker.speaker_id == Speaker.id)
        .where(EventSpeaker.event_id == event_id, Speaker.user_id == user_id)
    )


def role_at(event_id: int, user_id: int) -> AuthorRole | None:
    """How the person took part in the event, if they did: speaking, or with a place."""
    if speaker_profile(event_id, user_id) is not None:
        return AuthorRole.SPEAKER
    taking_part = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event_id,
            Registration.user_id == user_id,
            Registration.status.in_(TAKING_PART),
        )
    )
    if taking_part is None:
        taking_part = _community_member_of(event_id, user_id)
    return AuthorRole.ATTENDEE if taking_part is not None else None


def _community_member_of(event_id: int, user_id: int) -> int | None:
    """A learning community's members take part in its series event's meetings."""
    return db.session.scalar(
        select(CommunityMember.id)
        .join(Community, Community.id == CommunityMember.community_id)
        .where(
            Community.event_id == event_id,
            CommunityMember.user_id == user_id,
            CommunityMember.status == MemberStatus.MEMBER,
        )
    )


def is_community_series(event_id: int) -> bool:
    """The event holding a public community's meetings: a draft, since they are members-only."""
    return (
        db.session.scalar(
            select(Community.id).where(
                Community.event_id == event_id, Community.status != CommunityStatus.DRAFT
            )
        )
        is not None
    )


def _reflectable(event: Event) -> bool:
    return (
        (event.status != EventStatus.DRAFT or is_community_series(event.id))
        and event.programme.status != ProgrammeStatus.DRAFT
        and event.status != EventStatus.CANCELLED
    )


def check_may_reflect(event: Event, user_id: int, now: datetime) -> AuthorRole:
    """The person's role if they may write a new reflection on the event now; else why not."""
    if not _reflectable(event):
        raise ReflectionError(
            "This event was cancelled, so there is nothing to reflect on."
            if event.status == EventStatus.CANCELLED
            else "This event is not open for reflections.",
            "forbidden",
        )
    role = role_at(event.id, user_id)
    if role is None:
        raise ReflectionError(
            "Only people who had a place at this event, and its speakers, can reflect on it.",
            "forbidden",
        )
    end = last_session_end(event)
    if is_community_series(event.id):
        # A community meets all year: its members reflect once its first meeting is over.
        end = min((s.ends_at for s in event.sessions if not s.is_cancelled), default=None)
    if end is None or end > now:
        if end is None:
            message = "You can reflect once this event has taken place."
        else:
            zone = event.programme.zone
            message = (
                "You can reflect once this event has ended: after "
                f"{format_clock(end, zone)} on {format_day(to_local(end, zone).date())}."
            )
        raise ReflectionError(message, "too_early")
    return role


def own_reflection(event_id: int, user_id: int) -> Reflection | None:
    return db.session.scalar(
        select(Reflection)
        .where(Reflection.event_id == event_id, Reflection.author_id == user_id)
        .options(selectinload(Reflection.themes))
    )


def questions_for(event: Event, reflection: Reflection | None) -> list[Prompt]:
    """The questions a reflection answers: as first asked, or the programme's prompts now."""
    if reflection is not None:
        return [Prompt(item["question"], item.get("hint", "")) for item in reflection.answers]
    return prompts_for(event.programme_id)


# --- Writing, changing and deleting a reflection -----------------------------------------------


@dataclass(frozen=True)
class ReflectionDraft:
    """What the form sends, as plain values."""

    answers: Sequence[str]
    theme_ids: Sequence[int] = ()
    principles: Sequence[str] = ()
    visibility: str = ""
    attribution: str = ""


def _load_event(event_id: int) -> Event:
    event = db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.sessions), selectinload(Event.programme))
    )
    if event is None:
        raise ReflectionError("There is no such event.", "not_found")
    return event


def _choice(enum_class: type[enum.StrEnum], value: str, message: str, field: str) -> Any:
    try:
        return enum_class(value)
    except ValueError:
        raise ReflectionError(message, "invalid", field=field) from None


def save_reflection(
    event_id: int, user_id: int, draft: ReflectionDraft, *, now: datetime | None = None
) -> int:
    """Write the person's reflection on the event, or change the one they wrote.

    A new reflection needs a place at the event (or a part in it) and the event over; a
    reflection already written may be changed at any time. Nothing is saved unless all is well.
    Returns the reflection's id.
    """
    now = now or utcnow()
    event = _load_event(event_id)
    reflection = own_reflection(event_id, user_id)
    role = check_may_reflect(event, user_id, now) if reflection is None else None
    questions = questions_for(event, reflection)
    if len(draft.answers) != len(questions):
        raise ReflectionError(
            "The questions have changed since you opened this page. Please try again.",
            "invalid",
        )
    answers = []
    for index, (prompt, typed) in enumerate(zip(questions, draft.answers, strict=True)):
        text = clean_text(typed or "").strip()
        if len(text) > MAX_ANSWER:
            raise ReflectionError(
                f"Keep each answer to {MAX_ANSWER:,} characters or fewer "
                f"(this one has {len(text):,}).",
                "invalid",
                field=f"answer_{index}",
            )
        answers.append({"question": prompt.question, "hint": prompt.hint, "answer": text})
    if not any(item["answer"] for item in answers):
        raise ReflectionError(
            "Write an answer to at least one question.", "invalid", field="answer_0"
        )
    principles = []
    for value in draft.principles:
        principles.append(
            _choice(Principle, value, "Choose from the three principles.", "principles")
        )
    visibility = _choice(
        Visibility, draft.visibility, "Choose who may read your reflection.", "visibility"
    )
    attribution = _choice(
        Attribution, draft.attribution, "Choose how your reflection is signed.", "attribution"
    )
    themes = (
        list(db.session.scalars(select(Theme).where(Theme.id.in_(set(draft.theme_ids)))))
        if draft.theme_ids
        else []
    )
    if len(themes) != len(set(draft.theme_ids)):
        raise ReflectionError("Choose themes from the list.", "invalid", field="themes")

    if reflection is None:
        assert role is not None
        reflection = Reflection(
            programme_id=event.programme_id,
            event_id=event.id,
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
            "Your reflection was saved from another window at the same moment. "
            "Open it again to make your changes.",
            "invalid",
        ) from None
    return reflection.id


def delete_reflection(event_id: int, user_id: int) -> None:
    """Delete the person's reflection on the event, its consent records with it."""
    reflection = own_reflection(event_id, user_id)
    if reflection is None:
        raise ReflectionError("You have no reflection on this event.", "not_found")
    db.session.delete(reflection)
    db.session.commit()


# --- Write-ups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteUpDraft:
    title: str
    body: str
    slides_url: str = ""
    recording_url: str = ""


class WriteUpAction(enum.StrEnum):
    SAVE = "save"  # keep it as it is: a draft stays a draft, a published one stays published
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


def own_write_up(event_id: int, user_id: int) -> WriteUp | None:
    return db.session.scalar(
        select(WriteUp)
        .join(Speaker, Speaker.id == WriteUp.speaker_id)
        .where(WriteUp.event_id == event_id, Speaker.user_id == user_id)
    )


def check_may_write_up(event: Event, user_id: int) -> Speaker:
    speaker = speaker_profile(event.id, user_id)
    if speaker is None:
        raise ReflectionError("Only the speakers of this event can write it up.", "forbidden")
    if not _reflectable(event):
        raise ReflectionError("This event is not open for write-ups.", "forbidden")
    return speaker


def _web_link(value: str, field: str) -> str:
    value = clean_text(value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReflectionError(
            "Enter a web address starting with https:// (or http://).", "invalid", field=field
        )
    if len(value) > MAX_URL:
        raise ReflectionError(
            f"Keep the address to {MAX_URL} characters or fewer.", "invalid", field=field
        )
    return value


def save_write_up(
    event_id: int,
    user_id: int,
    draft: WriteUpDraft,
    action: WriteUpAction = WriteUpAction.SAVE,
    *,
    now: datetime | None = None,
) -> int:
    """Write, change, publish or unpublish the person's write-up of the event."""
    now = now or utcnow()
    event = _load_event(event_id)
    speaker = check_may_write_up(event, user_id)
    title = clean_text(draft.title or "").strip()
    body = clean_text(draft.body or "").strip()
    if not title:
        raise ReflectionError("Give your write-up a title.", "invalid", field="title")
    if len(title) > MAX_TITLE:
        raise ReflectionError(
            f"Keep the title to {MAX_TITLE} characters or fewer.", "invalid", field="title"
        )
    if not body:
        raise ReflectionError("Write something about your session.", "invalid", field="body")
    if len(body) > MAX_WRITE_UP:
        raise ReflectionError(
            f"Keep the write-up to {MAX_WRITE_UP:,} characters or fewer (it has {len(body):,}).",
            "invalid",
            field="body",
        )
    slides_url = _web_link(draft.slides_url, "slides_url")
    recording_url = _web_link(draft.recording_url, "recording_url")

    write_up = db.session.scalar(
        select(WriteUp).where(WriteUp.event_id == event.id, WriteUp.speaker_id == speaker.id)
    )
    if write_up is None:
        write_up = WriteUp(
            programme_id=event.programme_id,
            event_id=event.id,
            speaker_id=speaker.id,
            status=WriteUpStatus.DRAFT,
            featured=False,
            hidden_reason="",
            created_at=now,
        )
        db.session.add(write_up)
    write_up.title = title
    write_up.body = body
    write_up.slides_url = slides_url
    write_up.recording_url = recording_url
    write_up.updated_at = now
    if action == WriteUpAction.PUBLISH:
        if write_up.status != WriteUpStatus.PUBLISHED:
            write_up.published_at = now
        write_up.status = WriteUpStatus.PUBLISHED
    elif action == WriteUpAction.UNPUBLISH:
        write_up.status = WriteUpStatus.DRAFT
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ReflectionError(
            "Your write-up was saved from another window at the same moment. "
            "Open it again to make your changes.",
            "invalid",
        ) from None
    return write_up.id


def delete_write_up(event_id: int, user_id: int) -> None:
    write_up = own_write_up(event_id, user_id)
    if write_up is None:
        raise ReflectionError("You have no write-up of this event.", "not_found")
    db.session.delete(write_up)
    db.session.commit()


# --- Curating the record -----------------------------------------------------------------------


class CurateAction(enum.StrEnum):
    FEATURE = "feature"
    UNFEATURE = "unfeature"
    HIDE = "hide"
    SHOW = "show"


class EntryKind(enum.StrEnum):
    REFLECTION = "reflection"
    WRITE_UP = "write_up"

    @property
    def label(self) -> str:
        return {"reflection": "Reflection", "write_up": "Write-up"}[self.value]


def curate(
    kind: EntryKind,
    entry_id: int,
    reader: Reader,
    action: CurateAction,
    reason: str = "",
    *,
    now: datetime | None = None,
) -> None:
    """Feature an entry, or hide it with a reason its author is shown, or undo either.

    For the organisers of the entry's programme (the route checks too; this is the guard)."""
    model = Reflection if kind == EntryKind.REFLECTION else WriteUp
    entry = db.session.get(model, entry_id)
    if entry is None:
        raise ReflectionError("There is no such entry.", "not_found")
    if not may_curate(reader, entry.programme_id):
        raise ReflectionError("Only the programme's organisers can do that.", "forbidden")
    now = now or utcnow()
    if action == CurateAction.FEATURE:
        entry.featured = True
    elif action == CurateAction.UNFEATURE:
        entry.featured = False
    elif action == CurateAction.HIDE:
        reason = clean_text(reason or "").strip()
        if not reason:
            raise ReflectionError(
                "Say why it is hidden: its author is shown the reason.", "invalid", field="reason"
            )
        if len(reason) > MAX_REASON:
            raise ReflectionError(
                f"Keep the reason to {MAX_REASON} characters or fewer.", "invalid", field="reason"
            )
        entry.hidden_at = now
        entry.hidden_reason = reason
        entry.hidden_by_id = reader.user_id
        entry.featured = False
    elif action == CurateAction.SHOW:
        entry.hidden_at = None
        entry.hidden_reason = ""
        entry.hidden_by_id = None
    db.session.commit()


# --- Inviting people to reflect ----------------------------------------------------------------


@dataclass(frozen=True)
class InvitationReport:
    events: int
    queued: int


def _people_to_invite(event: Event) -> list[User]:
    """Everyone who may reflect on the event and has not been invited or reflected yet."""
    registrants = select(Registration.user_id).where(
        Registration.event_id == event.id, Registration.status.in_(TAKING_PART)
    )
    speakers = (
        select(Speaker.user_id)
        .join(EventSpeaker, EventSpeaker.speaker_id == Speaker.id)
        .where(EventSpeaker.event_id == event.id, Speaker.user_id.is_not(None))
    )
    invited = select(ReflectionInvitation.user_id).where(ReflectionInvitation.event_id == event.id)
    reflected = select(Reflection.author_id).where(
        Reflection.event_id == event.id, Reflection.author_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(registrants.union(speakers)),
                User.id.not_in(invited),
                User.id.not_in(reflected),
            )
            .order_by(User.id)
        )
    )


def _ended_events(now: datetime, within: timedelta) -> list[Event]:
    candidates = db.session.scalars(
        select(Event)
        .join(Programme, Programme.id == Event.programme_id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Programme.status.in_([ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED]),
            # Only events with a session that ended in the window; the last one decides.
            Event.id.in_(
                select(EventSession.event_id).where(
                    EventSession.ends_at > now - within, EventSession.ends_at <= now
                )
            ),
        )
        .options(selectinload(Event.sessions), selectinload(Event.programme))
        .order_by(Event.id)
    )
    events = []
    for event in candidates:
        end = last_session_end(event)
        if end is not None and now - within <= end <= now:
            events.append(event)
    return events


def invite_to_reflect(
    *, now: datetime | None = None, within: timedelta = INVITE_WITHIN
) -> InvitationReport:
    """Email everyone who may reflect on an event that has just ended: once per person and
    event, ever. One transaction per event; safe to run again, or from several workers at
    once (the invitation's primary key lets only one of them record it)."""
    now = now or utcnow()
    events = 0
    queued = 0
    for event_id in [event.id for event in _ended_events(now, within)]:
        event = _load_event(event_id)
        people = _people_to_invite(event)
        if not people:
            db.session.rollback()
            continue
        for person in people:
            db.session.add(ReflectionInvitation(event_id=event.id, user_id=person.id, sent_at=now))
            queue_email(
                person.email,
                "reflection_invitation",
                _invitation_context(event, person),
                key=f"reflection-invitation:event:{event.id}:user:{person.id}",
            )
        try:
            db.session.commit()
        except IntegrityError:
            # Another worker invited someone here at the same moment: it sends them, not us.
            db.session.rollback()
            continue
        events += 1
        queued += len(people)
    return InvitationReport(events=events, queued=queued)


def _invitation_context(event: Event, person: User) -> dict[str, Any]:
    programme = event.programme
    return {
        "person": person,
        "event": event,
        "programme": programme,
        "reflect_url": url_for(
            "reflections.reflect",
            programme_slug=programme.slug,
            event_slug=event.slug,
            _external=True,
        ),
        "practice_url": url_for("reflections.practice", _external=True),
        "prompts": prompts_for(programme.id),
    }


# --- When an account is deleted ----------------------------------------------------------------


def settle_reflections_of(user_id: int, *, keep_anonymously: bool) -> None:
    """Before a person's account is deleted, in the caller's transaction (no commit).

    Keeping: what they shared stays in the record, unsigned and no longer theirs; what only
    they could read is deleted. Otherwise everything they wrote is deleted. Write-ups belong to
    the speaker profile, which the organisers keep, so they stay (the author may delete them
    first).
    """
    reflections = db.session.scalars(select(Reflection).where(Reflection.author_id == user_id))
    for reflection in reflections:
        if keep_anonymously and reflection.visibility != Visibility.PRIVATE:
            reflection.author_id = None
            reflection.attribution = Attribution.ANONYMOUS
        else:
            db.session.delete(reflection)


def personal_data(user_id: int) -> list[dict[str, Any]]:
    """The person's reflections, with the choices they made and when, for their data export."""
    reflections = db.session.scalars(
        select(Reflection)
        .where(Reflection.author_id == user_id)
        .options(
            selectinload(Reflection.event),
            selectinload(Reflection.programme),
            selectinload(Reflection.themes),
            selectinload(Reflection.consents),
        )
        .order_by(Reflection.created_at)
    )
    return [
        {
            "programme": r.programme.title,
            "event": r.event.title,
            "written_at": r.created_at.isoformat(),
            "answers": [{"question": a["question"], "answer": a["answer"]} for a in r.answers],
            "themes": [theme.name for theme in r.themes],
            "principles": [p.value for p in r.principle_list],
            "visibility": r.visibility.value,
            "attribution": r.attribution.value,
            "consents": [
                {
                    "wording": c.wording,
                    "visibility": c.visibility.value,
                    "attribution": c.attribution.value,
                    "recorded_at": c.recorded_at.isoformat(),
                }
                for c in r.consents
            ],
        }
        for r in reflections
    ]


def theme_choices() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.name)))
