"""What the programme page and the event page show, built before rendering.

Each page gathers from the areas (registrations, schedule changes, calls for events, calendars,
the practice record) what its template needs, so that templates query nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ..bilingual import Localised, localised, localised_markdown
from ..calendars import services as calendars
from ..calendars.entries import read_people
from ..calendars.links import AddToCalendarLinks, FeedLinks
from ..discovery.services import event_meta
from ..localtime import format_distance
from ..models import CallForEvents, Event, EventSession, Programme, ScheduleChange, utcnow
from ..organise.permissions import is_organiser_of, is_public_programme
from ..proposals.queries import open_call_of
from ..reflections.event_practice import EventPractice, event_practice
from ..reflections.visibility import Reader
from ..registrations.forms import RegistrationForm
from ..registrations.pages import RegisterBox, Standing, register_box, schedule_standings
from ..schedule import services as schedule
from ..translation import gettext as _
from .forms import ScheduleFilterForm
from .fragments import event_facts, session_times
from .services import (
    EventPerson,
    Schedule,
    ScheduleFilters,
    build_schedule,
    event_people_and_themes,
    is_one_day_at_a_time,
    schedule_day_counts,
    schedule_themes,
    with_default_day,
)

if TYPE_CHECKING:
    from ..discovery.jsonld import PageMeta


@dataclass(frozen=True)
class ProgrammePage:
    """The programme's schedule by day, with its filters and the ways to take part."""

    programme: Programme
    form: ScheduleFilterForm
    filters: ScheduleFilters
    schedule: Schedule
    # Title, summary and (rendered) description in the reader's language where written in it.
    title: Localised
    summary: Localised
    description: Localised
    # Only when the programme is too big for one page: sessions on each day, for the day links.
    day_counts: dict[date, int]
    is_organiser: bool
    # Schedule changes in the last two weeks: what a returning visitor may have missed.
    recent_changes: int
    open_call: CallForEvents | None
    feed_links: FeedLinks | None
    # The programme's description, from Markdown, cleaned.
    # Where each event stands for this visitor ("3 places left", "You have a place"...).
    standings: dict[int, Standing]
    # The one session of each event offered as "Choose to register" (its first shown): only
    # events taking registrations, with places left, that the visitor does not hold.
    choice_session_ids: frozenset[int]
    # Written once per distinct value (programmes/fragments.py), not for each session: the
    # sessions' times by session id, the events' facts by event id, and the start of every
    # event's address, to which its slug and "/" are added (a slug needs no quoting).
    session_times: dict[int, Markup]
    event_facts: dict[int, Markup]
    events_url: str


def programme_page(programme: Programme, args: MultiDict[str, str]) -> ProgrammePage:
    """The programme page for the current visitor, filtered by the query string ``args``."""
    day_counts = schedule_day_counts(programme, current_user)
    one_day_at_a_time = is_one_day_at_a_time(day_counts)
    form = ScheduleFilterForm(args)
    form.set_choices(
        list(day_counts),
        schedule_themes(programme, current_user),
        any_day=not one_day_at_a_time,
    )
    filters = with_default_day(programme, form.filters(), day_counts, utcnow())
    if filters.day is not None:
        form.day.data = filters.day.isoformat()
    built = build_schedule(programme, filters, current_user)
    shown_sessions = [session for day in built.days for session in day.sessions]
    events = {session.event.id: session.event for session in shown_sessions}
    events.update({event.id: event for event in built.unscheduled})
    standings = schedule_standings(programme, list(events.values()))
    choices: dict[int, int] = {}
    for session in shown_sessions:
        if standings.get(session.event_id, Standing("")).choosable:
            choices.setdefault(session.event_id, session.id)
    return ProgrammePage(
        programme=programme,
        form=form,
        filters=filters,
        schedule=built,
        day_counts=day_counts if one_day_at_a_time else {},
        is_organiser=is_organiser_of(current_user, programme),
        recent_changes=(
            schedule.recent_change_count(programme) if is_public_programme(programme) else 0
        ),
        open_call=open_call_of(programme, utcnow()),
        feed_links=calendars.public_feed_links(programme),
        title=localised(programme, "title"),
        summary=localised(programme, "summary"),
        description=localised_markdown(programme, "description"),
        standings=standings,
        choice_session_ids=frozenset(choices.values()),
        session_times=session_times(shown_sessions, programme.zone),
        event_facts=event_facts(session.event for session in shown_sessions),
        events_url=events_url(programme),
    )


def events_url(programme: Programme) -> str:
    """The start of the address of each of the programme's events: "/p/<programme>/events/"."""
    return url_for("programmes.event", programme_slug=programme.slug, event_slug="-")[:-2]


@dataclass(frozen=True)
class EventPage:
    """One event: its sessions, what changed, the register block, calendar links, practice."""

    programme: Programme
    event: Event
    is_organiser: bool
    register: RegisterBox
    # Why a registration sent from this page was refused, if it was.
    registration_problem: str
    changes: list[ScheduleChange]
    feed_links: FeedLinks | None
    # "Add to Google Calendar" and the like, for each session still going ahead.
    session_links: list[tuple[EventSession, AddToCalendarLinks]]
    practice: EventPractice
    # Its hosts, speakers and facilitators in order, and its themes' names, as plain rows.
    people: list[EventPerson]
    themes: list[str]
    # The event's description, from Markdown, cleaned.
    # What search engines and link previews read: JSON-LD, Open Graph, description.
    meta: PageMeta | None
    # Title, summary and (rendered) description in the reader's language where written in it.
    title: Localised
    summary: Localised
    description: Localised
    programme_title: Localised
    # How far away each session still going ahead is, by id: "in 3 days", "2 hours ago".
    distances: dict[int, str]


def event_page(
    programme: Programme,
    event: Event,
    registration_form: RegistrationForm | None = None,
    registration_problem: str = "",
) -> EventPage:
    """The event page for the current visitor; ``event`` loaded with its details.

    ``registration_form`` and ``registration_problem`` are a refused registration's, sent back
    to the page."""
    public = is_public_programme(programme)
    people, themes = event_people_and_themes(event.id)
    # The same words for the calendar entries' descriptions, without loading them again.
    calendar_people = read_people(
        [(event.id, person.name, person.role) for person in people],
        [(event.id, theme) for theme in themes],
    )
    session_links = []
    for session in event.sessions:
        links = calendars.session_links(session, programme, calendar_people)
        if links is not None:
            session_links.append((session, links))
    register = register_box(event, registration_form)
    return EventPage(
        programme=programme,
        event=event,
        is_organiser=is_organiser_of(current_user, programme),
        register=register,
        registration_problem=registration_problem,
        changes=schedule.changes_of_event(event.id) if public else [],
        # A past event offers nothing to add to a calendar.
        feed_links=(
            calendars.public_feed_links(programme, event)
            if not event.sessions or any(session.ends_at > utcnow() for session in event.sessions)
            else None
        ),
        session_links=session_links,
        practice=event_practice(Reader.of(current_user), event, utcnow()),
        people=people,
        themes=themes,
        meta=event_meta(
            programme,
            event,
            held=register.availability.held,
            performers=[person.name for person in people],
            themes=themes,
        ),
        title=localised(event, "title"),
        summary=localised(event, "summary"),
        description=localised_markdown(event, "description"),
        programme_title=localised(programme, "title"),
        distances=session_distances(event.sessions, utcnow()),
    )


def session_distances(sessions: list[EventSession], now: datetime) -> dict[int, str]:
    """How far away each session not cancelled is, from ``now``, in words: "Starts in 3 days",
    "Started 2 hours ago" (while it runs), "Ended 5 days ago"."""
    distances = {}
    for session in sessions:
        if session.is_cancelled:
            continue
        if session.starts_at > now:
            distance = format_distance(session.starts_at - now)
            distances[session.id] = _("Starts %(distance)s", distance=distance)
        elif session.ends_at > now:
            distance = format_distance(session.starts_at - now)
            distances[session.id] = _("Started %(distance)s", distance=distance)
        else:
            distance = format_distance(session.ends_at - now)
            distances[session.id] = _("Ended %(distance)s", distance=distance)
    return distances


def render_event_page(page: EventPage) -> str:
    """The event page; also what a refused registration sends back."""
    return render_template(
        "programmes/event.html",
        page=page,
        programme=page.programme,
        event=page.event,
        page_meta=page.meta,
    )
