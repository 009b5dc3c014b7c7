"""Who may see a programme or an event (hls_events/visibility.py), as a table.

Every kind of viewer x every programme status x every event status: for each rule, the SQL
condition (run in a query) and the Python predicate (on the loaded object) must agree with each
other and with the table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pytest
from sqlalchemy import ColumnElement, select, text, update
from sqlalchemy.exc import IntegrityError, StatementError

from hls_events.extensions import db
from hls_events.models import Event, EventStatus, Programme, ProgrammeStatus, SpeakerRole, User
from hls_events.visibility import (
    ANONYMOUS,
    Viewer,
    event_is_public,
    may_see_event,
    may_see_programme,
    on_public_event,
    programme_is_public,
    public_event_clause,
    public_programme_clause,
    shown_events_clause,
    shown_programmes_clause,
    shows_event,
    shows_programme,
    visible_events_clause,
    visible_programmes_clause,
)
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_speaker,
    make_user,
)


@dataclass(frozen=True)
class Sees:
    """Beyond what is public, what a viewer sees of the programmes and events in the world below."""

    drafts_on_public_pages: bool  # a draft programme, and draft events, on the public pages
    programme_anywhere: bool  # a draft programme in the organiser area
    event_anywhere: bool  # a draft event (of organisation A) in the organiser area


NOTHING = Sees(False, False, False)

# fmt: off
EXPECTED: dict[str, Sees] = {
    "anonymous":        NOTHING,
    "stranger":         NOTHING,
    "attendee":         NOTHING,   # has a place at every event
    "speaker":          NOTHING,   # speaks at every event
    "host":             Sees(drafts_on_public_pages=False, programme_anywhere=True, event_anywhere=True),
    "host_other":       Sees(drafts_on_public_pages=False, programme_anywhere=True, event_anywhere=False),
    "organiser":        Sees(drafts_on_public_pages=True, programme_anywhere=True, event_anywhere=True),
    "organiser_other":  NOTHING,   # organises another programme
    "admin":            Sees(drafts_on_public_pages=True, programme_anywhere=True, event_anywhere=True),
}
# fmt: on

PROGRAMME_STATUSES = list(ProgrammeStatus)
EVENT_STATUSES = list(EventStatus)


@dataclass
class World:
    viewers: dict[str, Viewer]
    programmes: dict[ProgrammeStatus, int]
    events: dict[tuple[ProgrammeStatus, EventStatus], int]


def _build_world() -> World:
    """One programme per status, each with one event of organisation A per status."""
    organiser = make_user("organiser@example.org", organiser=True)
    organiser_other = make_user("organiser.other@example.org", organiser=True)
    host = make_user("host@example.org")
    host_other = make_user("host.other@example.org")
    attendee = make_user("attendee@example.org")
    speaker_user = make_user("speaker@example.org")
    stranger = make_user("stranger@example.org")
    admin = make_user("admin@example.org", is_admin=True)
    a = make_organisation("Organisation A")
    b = make_organisation("Organisation B")
    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    make_programme("elsewhere", organisers=[organiser_other])

    programmes: dict[ProgrammeStatus, int] = {}
    events: dict[tuple[ProgrammeStatus, EventStatus], int] = {}
    for programme_status in PROGRAMME_STATUSES:
        programme = make_programme(
            f"programme-{programme_status.value}", status=programme_status, organisers=[organiser]
        )
        make_host(programme, host, a)
        make_host(programme, host_other, b)
        programmes[programme_status] = programme.id
        for event_status in EVENT_STATUSES:
            event = make_event(
                programme,
                f"event-{event_status.value}",
                status=event_status,
                organisation=a,
                speakers=[(speaker, SpeakerRole.SPEAKER)],
            )
            make_registration(event, attendee)
            events[programme_status, event_status] = event.id

    people: dict[str, User | None] = {
        "anonymous": None,
        "stranger": stranger,
        "attendee": attendee,
        "speaker": speaker_user,
        "host": host,
        "host_other": host_other,
        "organiser": organiser,
        "organiser_other": organiser_other,
        "admin": admin,
    }
    viewers = {name: Viewer.of(person) for name, person in people.items()}
    db.session.expire_all()
    return World(viewers, programmes, events)


def _programme_ids(condition: ColumnElement[bool]) -> set[int]:
    return set(db.session.scalars(select(Programme.id).where(condition)))


def _event_ids(condition: ColumnElement[bool]) -> set[int]:
    return set(db.session.scalars(select(Event.id).where(condition)))


def test_the_table_names_every_kind_of_viewer() -> None:
    assert set(EXPECTED) == {
        "anonymous",
        "stranger",
        "attendee",
        "speaker",
        "host",
        "host_other",
        "organiser",
        "organiser_other",
        "admin",
    }


@pytest.mark.parametrize("viewer_name", list(EXPECTED))
def test_sql_and_python_agree_with_the_table(app: object, viewer_name: str) -> None:
    world = _build_world()
    viewer = world.viewers[viewer_name]
    sees = EXPECTED[viewer_name]

    shown_programmes = _programme_ids(shown_programmes_clause(viewer))
    visible_programmes = _programme_ids(visible_programmes_clause(viewer))
    public_programmes = _programme_ids(public_programme_clause())
    for status, programme_id in world.programmes.items():
        programme = db.session.get(Programme, programme_id)
        assert programme is not None
        public = status in (ProgrammeStatus.PUBLISHED, ProgrammeStatus.ARCHIVED)
        expected_shown = public or sees.drafts_on_public_pages
        expected_visible = public or sees.programme_anywhere
        where = f"{viewer_name}, programme {status.value}"
        assert programme_is_public(programme) is public, where
        assert (programme_id in public_programmes) is public, where
        assert shows_programme(viewer, programme) is expected_shown, where
        assert (programme_id in shown_programmes) is expected_shown, where
        assert may_see_programme(viewer, programme) is expected_visible, where
        assert (programme_id in visible_programmes) is expected_visible, where

    shown_events = _event_ids(shown_events_clause(viewer))
    visible_events = _event_ids(visible_events_clause(viewer))
    public_events = _event_ids(public_event_clause())
    on_public_events = _event_ids(on_public_event(Event.id))
    for programme_status, event_status in product(PROGRAMME_STATUSES, EVENT_STATUSES):
        event_id = world.events[programme_status, event_status]
        event = db.session.get(Event, event_id)
        assert event is not None
        public = programme_status in (
            ProgrammeStatus.PUBLISHED,
            ProgrammeStatus.ARCHIVED,
        ) and event_status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)
        expected_shown = public or sees.drafts_on_public_pages
        expected_visible = public or sees.event_anywhere
        where = f"{viewer_name}, programme {programme_status.value}, event {event_status.value}"
        assert event_is_public(event) is public, where
        assert (event_id in public_events) is public, where
        assert (event_id in on_public_events) is public, where
        assert shows_event(viewer, event) is expected_shown, where
        assert (event_id in shown_events) is expected_shown, where
        assert may_see_event(viewer, event) is expected_visible, where
        assert (event_id in visible_events) is expected_visible, where


def test_a_viewer_is_made_from_whoever_flask_login_says_is_here(app: object) -> None:
    person = make_user("someone@example.org")
    admin = make_user("admin@example.org", is_admin=True)
    assert Viewer.of(None) == ANONYMOUS
    assert Viewer.of(person) == Viewer(user_id=person.id, is_admin=False)
    assert Viewer.of(admin) == Viewer(user_id=admin.id, is_admin=True)
    assert Viewer.of(Viewer.of(admin)) == Viewer.of(admin)
    assert not ANONYMOUS.signed_in


@pytest.mark.parametrize(
    ("table", "statuses"), [("events", EventStatus), ("programmes", ProgrammeStatus)]
)
def test_the_database_holds_no_status_outside_its_list(app: object, table, statuses) -> None:
    """``on_public_event`` names the statuses that are not public, so a status outside the
    list would be taken for public: the database refuses one (migration 0022), whoever writes
    it, and takes every status the application knows."""
    world = _build_world()
    row_id = (
        next(iter(world.events.values()))
        if table == "events"
        else world.programmes[ProgrammeStatus.PUBLISHED]
    )
    change = text(f"UPDATE {table} SET status = :status WHERE id = :id")
    for status in statuses:
        db.session.execute(change, {"status": status.value, "id": row_id})
    db.session.commit()
    for unknown in ("secret", "Published", "published ", ""):
        with pytest.raises(IntegrityError):
            db.session.execute(change, {"status": unknown, "id": row_id})
        db.session.rollback()
    # Nor through the application's own types, before the statement reaches the database.
    model = Event if table == "events" else Programme
    with pytest.raises(StatementError, match="is not among the defined enum values"):
        db.session.execute(update(model).where(model.id == row_id).values(status="secret"))
    db.session.rollback()
    # And a new row: a copy of this one under another id and slug, with an unknown status.
    columns = [c.name for c in model.__table__.columns if c.name not in ("id", "slug", "status")]
    listed = ", ".join(columns)
    copy = text(
        f"INSERT INTO {table} ({listed}, slug, status) "
        f"SELECT {listed}, 'a-copy', :status FROM {table} WHERE id = :id"
    )
    db.session.execute(copy, {"status": "draft", "id": row_id})
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(copy, {"status": "secret", "id": row_id})
    db.session.rollback()
