"""The read-only JSON API at /api/v1/. Every view reads through queries.py (which calls the
areas' own visibility rules) and answers what present.py makes of it; http.py adds caching,
CORS, limits and JSON errors to every answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from flask import abort, url_for
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException

from ..models import Principle
from ..reflections import queries as record_queries
from ..reflections import record
from ..reflections.entries import EntryKind
from ..reflections.record import RecordFilters
from ..reflections.visibility import Reader
from . import http, present, queries
from .schemas import (
    SLUG,
    ChangeOut,
    ChangePage,
    EntryOut,
    EntryPage,
    EventListArgs,
    EventOut,
    EventPage,
    IndexOut,
    PageArgs,
    PracticeArgs,
    ProgrammeOut,
    ProgrammePage,
    RegistrationOut,
    RegistrationPage,
    SizedPageArgs,
    SpeakerOut,
    SpeakerPage,
)

if TYPE_CHECKING:
    import re

blueprint = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Programmes, events, speakers, schedule changes, the practice record, and "
    "the caller's own registrations.",
)
blueprint.before_request(http.refuse_bad_token)
blueprint.after_request(http.finish)
blueprint.register_error_handler(HTTPException, http.handle_http_error)
blueprint.register_error_handler(Exception, http.handle_unexpected)
http.rate_limit(blueprint)


def _viewer() -> Any:
    return http.current_caller().user


def _slug(value: str) -> str:
    """A path's slug; anything that cannot be one is simply not found."""
    if not cast("re.Pattern[str]", SLUG.regex).match(value):
        abort(404, "There is nothing at this address.")
    return value


def _programme(programme_slug: str) -> Any:
    found = queries.programme(_viewer(), _slug(programme_slug))
    if found is None:
        abort(404, "No such programme, or not one you may see.")
    return found


@blueprint.get("/")
@blueprint.response(200, IndexOut)
def index() -> dict[str, Any]:
    """Where to start: the lists, and this API's OpenAPI document."""
    return {
        "programmes_url": url_for("api.programmes", _external=True),
        "practice_url": url_for("api.practice", _external=True),
        "registrations_url": url_for("api.registrations", _external=True),
        "openapi_url": url_for("api_docs.openapi", _external=True),
        "docs_url": url_for("api_docs.docs", _external=True),
    }


@blueprint.get("/programmes")
@blueprint.arguments(SizedPageArgs, location="query", as_kwargs=True)
@blueprint.response(200, ProgrammePage)
def programmes(page: int, per_page: int) -> dict[str, Any]:
    """Published and archived programmes (and, with a token, drafts its owner organises),
    by start date."""
    found = queries.programmes(_viewer(), page, per_page)
    return http.paged(
        [present.programme(p) for p in found.items],
        http.page_links(found.total, page, per_page, per_page=per_page),
    )


@blueprint.get("/programmes/<programme_slug>")
@blueprint.response(200, ProgrammeOut)
def programme(programme_slug: str) -> dict[str, Any]:
    """One programme."""
    return present.programme(_programme(programme_slug))


def _events_out(events: list[Any], programme: Any) -> list[dict[str, Any]]:
    ids = [event.id for event in events]
    held = queries.places_held(ids)
    confirmed = queries.confirmed_event_ids(_viewer(), ids)
    return [
        present.event(
            event, programme, held=held.get(event.id, 0), with_joining_urls=event.id in confirmed
        )
        for event in events
    ]


@blueprint.get("/programmes/<programme_slug>/events")
@blueprint.arguments(EventListArgs, location="query", as_kwargs=True)
@blueprint.response(200, EventPage)
def events(programme_slug: str, page: int, per_page: int, **filters: Any) -> dict[str, Any]:
    """The programme's events, by id, with sessions, hosts, speakers and places left.
    Joining links only for the token's owner, at events where they hold a confirmed place."""
    found_programme = _programme(programme_slug)
    found = queries.events(_viewer(), found_programme, page, per_page, **filters)
    return http.paged(
        _events_out(found.items, found_programme),
        http.page_links(found.total, page, per_page, per_page=per_page, **filters),
    )


@blueprint.get("/programmes/<programme_slug>/events/<event_slug>")
@blueprint.response(200, EventOut)
def event(programme_slug: str, event_slug: str) -> dict[str, Any]:
    """One event."""
    found_programme = _programme(programme_slug)
    found = queries.event(_viewer(), found_programme, _slug(event_slug))
    if found is None:
        abort(404, "No such event, or not one you may see.")
    return _events_out([found], found_programme)[0]


@blueprint.get("/programmes/<programme_slug>/speakers")
@blueprint.arguments(PageArgs, location="query", as_kwargs=True)
@blueprint.response(200, SpeakerPage)
def speakers(programme_slug: str, page: int) -> dict[str, Any]:
    """The programme's speakers, hosts and facilitators, by name, 48 a page."""
    found_programme = _programme(programme_slug)
    items, total, per_page = queries.speakers(_viewer(), found_programme, page)
    return http.paged(
        [present.speaker(listing, found_programme) for listing in items],
        http.page_links(total, page, per_page),
    )


@blueprint.get("/programmes/<programme_slug>/speakers/<speaker_slug>")
@blueprint.response(200, SpeakerOut)
def speaker(programme_slug: str, speaker_slug: str) -> dict[str, Any]:
    """One speaker, with their events in the programme."""
    found_programme = _programme(programme_slug)
    found = queries.speaker(_viewer(), found_programme, _slug(speaker_slug))
    if found is None:
        abort(404, "No such speaker in this programme.")
    return present.speaker(found, found_programme)


def _changes_out(items: list[Any], programme: Any) -> list[dict[str, Any]]:
    slugs = queries.public_event_slugs(_viewer(), programme, [c.event_id for c in items])
    return [present.change(c, programme, slugs.get(c.event_id)) for c in items]


@blueprint.get("/programmes/<programme_slug>/changes")
@blueprint.arguments(SizedPageArgs, location="query", as_kwargs=True)
@blueprint.response(200, ChangePage)
def changes(programme_slug: str, page: int, per_page: int) -> dict[str, Any]:
    """What changed in the published schedule, newest first."""
    found_programme = _programme(programme_slug)
    found = queries.changes(found_programme, page, per_page)
    return http.paged(
        _changes_out(found.items, found_programme),
        http.page_links(found.total, page, per_page, per_page=per_page),
    )


@blueprint.get("/programmes/<programme_slug>/changes/<int:change_id>")
@blueprint.response(200, ChangeOut)
def change(programme_slug: str, change_id: int) -> dict[str, Any]:
    """One schedule change."""
    found_programme = _programme(programme_slug)
    found = queries.change(found_programme, change_id)
    if found is None:
        abort(404, "No such change in this programme.")
    return _changes_out([found], found_programme)[0]


# --- The practice record -----------------------------------------------------------------------


def _reader() -> Reader:
    return Reader.of(_viewer())


@blueprint.get("/practice")
@blueprint.arguments(PracticeArgs, location="query", as_kwargs=True)
@blueprint.response(200, EntryPage)
def practice(page: int, **args: Any) -> dict[str, Any]:
    """Reflections and write-ups the caller may read, newest first, or best match first with
    q; filtered as on the practice record's page. 20 a page."""
    filters = RecordFilters(
        q=args.get("q") or "",
        programme=args.get("programme"),
        event=args.get("event"),
        community=args.get("community"),
        theme=args.get("theme"),
        principle=Principle(args["principle"]) if args.get("principle") else None,
        kind=EntryKind(args["kind"]) if args.get("kind") else None,
        year=args.get("year"),
    )
    found = record.record_page(_reader(), filters, page)
    items = [present.entry(e) for e in found.entries] if found.page == page else []
    return http.paged(items, http.page_links(found.total, page, record.PER_PAGE, **args))


@blueprint.get("/practice/reflections/<int:reflection_id>")
@blueprint.response(200, EntryOut)
def reflection(reflection_id: int) -> dict[str, Any]:
    """One reflection, if the caller may read it."""
    found = record_queries.reflection_entry(_reader(), reflection_id)
    if found is None:
        abort(404, "No such reflection, or not one you may read.")
    return present.entry(found)


@blueprint.get("/practice/write-ups/<int:write_up_id>")
@blueprint.response(200, EntryOut)
def write_up(write_up_id: int) -> dict[str, Any]:
    """One write-up, if the caller may read it."""
    found = record_queries.write_up_entry(_reader(), write_up_id)
    if found is None:
        abort(404, "No such write-up, or not one you may read.")
    return present.entry(found)


# --- The caller's own --------------------------------------------------------------------------


@blueprint.get("/me/registrations")
@blueprint.arguments(SizedPageArgs, location="query", as_kwargs=True)
@blueprint.response(200, RegistrationPage)
def registrations(page: int, per_page: int) -> dict[str, Any]:
    """The token owner's registrations, by id, with joining links where the place is
    confirmed. Needs a token."""
    person = http.current_person()
    found = queries.registrations(person.id, page, per_page)
    return http.paged(
        [present.registration(r) for r in found.items],
        http.page_links(found.total, page, per_page, per_page=per_page),
    )


@blueprint.get("/me/registrations/<int:registration_id>")
@blueprint.response(200, RegistrationOut)
def registration(registration_id: int) -> dict[str, Any]:
    """One of the token owner's registrations. Needs a token."""
    person = http.current_person()
    found = queries.registration(person.id, registration_id)
    if found is None:
        abort(404, "No such registration of yours.")
    return present.registration(found)
