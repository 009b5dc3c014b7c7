"""What changed in a schedule, in words: the one set of sentences that the schedule log keeps and
that the emails to people registered say ("Moved from Tuesday 5 October 2027, 10:00 to 11:30 BST
to ...")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from ..domain_events import (
    DomainEvent,
    EventCancelled,
    EventDetailsChanged,
    EventPublished,
    EventUnpublished,
    ProgrammePublished,
    SessionAdded,
    SessionCancelled,
    SessionMoved,
    SessionRetitled,
)
from ..extensions import db
from ..localtime import format_clock, format_day, to_local
from ..models import Event, EventSession, EventStatus, Programme, SessionStatus
from ..translation import gettext, ngettext


def describe_time(programme: Programme, starts_at: datetime, ends_at: datetime) -> str:
    """ "Tuesday 7 October 2027, 10:00 to 11:30 BST", in the programme's time zone."""
    zone = programme.zone
    day = format_day(to_local(starts_at, zone).date())
    abbreviation = to_local(starts_at, zone).tzname() or zone.key
    return gettext(
        "%(day)s, %(start)s to %(end)s %(zone)s",
        day=day,
        start=format_clock(starts_at, zone),
        end=format_clock(ends_at, zone),
        zone=abbreviation,
    )


def _where(session: EventSession) -> str:
    return session.venue_name.strip()


def _when(session: EventSession) -> str:
    return describe_time(session.event.programme, session.starts_at, session.ends_at)


def _sessions_text(event: Event) -> str:
    sessions = [s for s in event.sessions if s.status == SessionStatus.SCHEDULED]
    if not sessions:
        return gettext("Time to be confirmed.")
    return (
        "; ".join(
            describe_time(event.programme, s.starts_at, s.ends_at)
            + (f", {_where(s)}" if _where(s) else "")
            for s in sessions
        )
        + "."
    )


def _published_events(programme: Programme) -> str:
    count = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.programme_id == programme.id, Event.status == EventStatus.PUBLISHED)
    )
    return ngettext("%(num)d event", "%(num)d events", count or 0)


def _moved(change: SessionMoved) -> str:
    session = change.session
    old_venue = change.old_venue_name.strip()
    if change.time_moved:
        old = describe_time(session.event.programme, change.old_starts_at, change.old_ends_at)
        if change.place_moved and _where(session):
            return gettext(
                "Moved from %(old)s to %(new)s, now at %(place)s.",
                old=old,
                new=_when(session),
                place=_where(session),
            )
        return gettext("Moved from %(old)s to %(new)s.", old=old, new=_when(session))
    if change.place_moved:
        if not _where(session):
            return gettext("The session on %(when)s has a new place.", when=_when(session))
        if old_venue and old_venue != _where(session):
            return gettext(
                "The session on %(when)s is now at %(place)s (was %(old)s).",
                when=_when(session),
                place=_where(session),
                old=old_venue,
            )
        return gettext(
            "The session on %(when)s is now at %(place)s.",
            when=_when(session),
            place=_where(session),
        )
    return gettext(
        "The joining details of the session on %(when)s have changed.", when=_when(session)
    )


def _mode_word(mode: str) -> str:
    """The event's mode in a sentence, in lower case ("now in person")."""
    words = {
        "online": gettext("online"),
        "in_person": gettext("in person"),
        "hybrid": gettext("hybrid"),
    }
    return words.get(mode, mode)


def _details_changed(change: EventDetailsChanged) -> str:
    sentences = []
    if change.retitled:
        sentences.append(
            gettext(
                "The event is now called “%(title)s” (was “%(old)s”).",
                title=change.event.title,
                old=change.old_title,
            )
        )
    if change.mode_changed:
        sentences.append(
            gettext(
                "The event is now %(mode)s (was %(old)s).",
                mode=_mode_word(change.event.mode.value),
                old=_mode_word(change.old_mode.value),
            )
        )
    return " ".join(sentences)


def describe(change: DomainEvent) -> str:
    """The sentence for a change to a schedule; empty for events that are not one."""
    match change:
        case ProgrammePublished(programme=programme):
            return gettext(
                "The programme was published with %(events)s.",
                events=_published_events(programme),
            )
        case EventPublished(event=event, previous=previous):
            if previous == EventStatus.CANCELLED:
                return gettext(
                    "Back on the programme: %(sessions)s", sessions=_sessions_text(event)
                )
            return gettext("Added: %(sessions)s", sessions=_sessions_text(event))
        case EventUnpublished():
            return gettext("Taken off the programme.")
        case EventCancelled():
            return gettext("The event is cancelled.")
        case SessionAdded(session=session):
            if _where(session):
                return gettext(
                    "A new session: %(when)s, %(place)s.",
                    when=_when(session),
                    place=_where(session),
                )
            return gettext("A new session: %(when)s.", when=_when(session))
        case SessionMoved():
            return _moved(change)
        case SessionCancelled(session=session):
            return gettext("The session on %(when)s is cancelled.", when=_when(session))
        case EventDetailsChanged():
            return _details_changed(change)
        case SessionRetitled(session=session, old_title=old_title):
            return _retitled(_when(session), session.title.strip(), old_title.strip())
    return ""


def _retitled(when: str, title: str, old: str) -> str:
    if title and old:
        return gettext(
            "The session on %(when)s is now called “%(title)s” (was “%(old)s”).",
            when=when,
            title=title,
            old=old,
        )
    if title:
        return gettext("The session on %(when)s is now called “%(title)s”.", when=when, title=title)
    if old:
        return gettext(
            "The session on %(when)s no longer has its own title (was “%(old)s”).",
            when=when,
            old=old,
        )
    return gettext("The session on %(when)s no longer has its own title.", when=when)
