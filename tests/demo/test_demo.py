"""The demo command: a realistic HLS Week, loaded once, and a large deterministic one."""

from __future__ import annotations

import re
from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from hls_events.demo.builder import demo_slug
from hls_events.demo.common import ORGANISER_EMAIL, ORGANISER_PASSWORD, programme_start
from hls_events.demo.large import LARGE_SLUG
from hls_events.extensions import db
from hls_events.localtime import to_local
from hls_events.models import (
    Event,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Organisation,
    Programme,
    ProgrammeStatus,
    Speaker,
    SpeakerRole,
    Theme,
    User,
    event_themes,
    utcnow,
)
from tests.conftest import empty_database
from tests.factories import make_theme

LONDON = ZoneInfo("Europe/London")
SIGN_IN_LINE = (
    "Demo organiser sign-in (development only): "
    "organiser@demo.hls-events.example / demo-organiser-password"
)


def _load(runner, *args: str) -> str:
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _demo_programme() -> Programme:
    return db.session.scalar(select(Programme).where(Programme.slug == demo_slug(utcnow().date())))


def _counts() -> dict[str, int]:
    tables = (Programme, Event, EventSession, EventSpeaker, Speaker, Organisation, Theme, User)
    counts = {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in tables
    }
    counts["event_themes"] = db.session.scalar(select(func.count()).select_from(event_themes))
    return counts


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (date(2026, 11, 22), date(2027, 10, 11)),
        (date(2027, 1, 1), date(2027, 10, 11)),
        (date(2027, 9, 30), date(2027, 10, 11)),
        (date(2027, 10, 1), date(2028, 10, 9)),
        (date(2028, 12, 31), date(2029, 10, 8)),
    ],
)
def test_the_demo_week_is_the_second_monday_of_the_next_october_not_yet_started(today, monday):
    assert programme_start(today) == monday
    assert demo_slug(today) == f"hls-week-{monday.year}"


def test_demo_loads_a_week_shaped_like_hls_week(app, runner):
    output = _load(runner)

    programme = _demo_programme()
    assert programme.title == f"HLS Week {programme.starts_on.year}"
    assert programme.status == ProgrammeStatus.PUBLISHED
    assert programme.timezone == "Europe/London"
    assert "Human Learning Systems" in programme.description
    assert programme.starts_on > utcnow().date()
    # Five weekdays in October, Monday to Friday.
    assert programme.starts_on.month == programme.ends_on.month == 10
    assert programme.starts_on.weekday() == 0
    assert (programme.ends_on - programme.starts_on).days == 4

    events = list(
        db.session.scalars(
            select(Event).where(Event.programme_id == programme.id, _not_community_meetings())
        )
    )
    assert len(events) == 26
    assert all(event.status == EventStatus.PUBLISHED for event in events)
    sessions = [session for event in events for session in event.sessions]
    minutes = sum(session.duration_minutes for session in sessions)
    assert 30 * 60 <= minutes <= 34 * 60
    assert sum(1 for event in events if len(event.sessions) == 2) >= 2

    local_days = {to_local(session.starts_at, LONDON).date() for session in sessions}
    assert local_days == {
        date.fromordinal(programme.starts_on.toordinal() + offset) for offset in range(5)
    }
    early = [s for s in sessions if to_local(s.starts_at, LONDON).time() < time(9, 0)]
    assert len(early) >= 2
    assert all("Australasia" in session.event.summary for session in early)
    for session in sessions:
        if session not in early:
            assert time(9, 30) <= to_local(session.starts_at, LONDON).time()
            assert to_local(session.ends_at, LONDON).time() <= time(17, 0)

    modes = [event.mode for event in events]
    assert modes.count(EventMode.ONLINE) > len(events) / 2
    assert EventMode.HYBRID in modes and EventMode.IN_PERSON in modes
    for session in sessions:
        if session.event.mode == EventMode.ONLINE:
            assert session.joining_url.startswith(f"https://meet.example.org/{programme.slug}/")
            assert not session.venue_name
        if session.event.mode != EventMode.ONLINE:
            assert session.venue_name and session.venue_address
        if session.event.mode == EventMode.IN_PERSON:
            assert not session.joining_url

    not_recorded = [event for event in events if not event.is_recorded]
    assert 0 < len(not_recorded) < len(events) / 2
    assert len({event.format for event in events}) >= 7
    for event in events:
        assert 1 <= len(event.themes) <= 3
        assert event.summary
        assert 2 <= len(event.description.split("\n\n")) <= 3
        assert event.capacity is None or 20 <= event.capacity <= 150
        hosts = [role for role in event.speaker_roles if role.role == SpeakerRole.HOST]
        assert len(hosts) == 1, event.slug
        assert hosts[0].speaker.organisation_id == event.organisation_id, event.slug
        assert len(event.speaker_roles) >= 2
    assert sum(1 for event in events if event.access_arrangements) >= len(events) * 3 // 4
    assert {theme.name for theme in programme.themes} == {
        theme.name for event in events for theme in event.themes
    }
    assert {"Systems stewardship", "Learning culture", "Relational practice"} <= {
        theme.name for theme in programme.themes
    }

    organisations = list(db.session.scalars(select(Organisation)))
    assert len(organisations) == 15
    assert [o.country for o in organisations if o.country != "United Kingdom"] != []
    assert len([o for o in organisations if o.country != "United Kingdom"]) == 1
    assert {event.organisation_id for event in events} == {o.id for o in organisations}

    speakers = list(db.session.scalars(select(Speaker)))
    assert len(speakers) == 53
    assert all(s.job_title and s.bio and s.organisation_id for s in speakers)
    assert any(s.pronouns for s in speakers)
    used = set(db.session.scalars(select(EventSpeaker.speaker_id)))
    assert used == {s.id for s in speakers}

    organiser = db.session.scalar(select(User).where(User.email == ORGANISER_EMAIL))
    assert organiser.is_organiser and organiser.name == "Demo Organiser"
    assert organiser in programme.organisers

    assert "26 events, 28 sessions" in output
    assert "15 organisations, 53 speakers" in output
    assert SIGN_IN_LINE in output


def test_running_the_demo_again_adds_nothing(app, runner):
    make_theme("Systems stewardship")  # shared rows already there are reused
    _load(runner)
    before = _counts()

    output = _load(runner)

    assert "already loaded" in output
    assert SIGN_IN_LINE in output
    assert _counts() == before
    assert before["Theme"] == 8


def test_demo_organiser_signs_in_and_the_programme_page_lists_every_event(
    app, runner, client, sign_in
):
    _load(runner)
    programme = _demo_programme()
    titles = list(
        db.session.scalars(
            select(Event.title).where(Event.programme_id == programme.id, _not_community_meetings())
        )
    )

    page = client.get(f"/p/{programme.slug}/")

    assert page.status_code == 200
    assert all(str(escape(title)) in page.text for title in titles)
    assert "meet.example.org" not in page.text

    response = sign_in(ORGANISER_EMAIL, ORGANISER_PASSWORD)
    assert response.status_code == 302
    dashboard = client.get("/organise/")
    assert dashboard.status_code == 200
    assert programme.title in dashboard.text


def test_demo_refuses_to_run_in_production(app, runner):
    app.config["ENV_NAME"] = "production"

    result = runner.invoke(args=["demo"])

    assert result.exit_code != 0
    assert "development" in result.output
    assert db.session.scalar(select(func.count()).select_from(Programme)) == 0


def _large_programme_digest() -> list[tuple[str, str, list[str], list[str]]]:
    programme = db.session.scalar(select(Programme).where(Programme.slug == LARGE_SLUG))
    events = db.session.scalars(
        select(Event).where(Event.programme_id == programme.id).order_by(Event.slug)
    )
    return [
        (
            event.slug,
            event.title,
            [session.starts_at.isoformat() for session in event.sessions],
            [f"{role.role.value}:{role.speaker.name}" for role in event.speaker_roles],
        )
        for event in events
    ]


def test_large_demo_is_deterministic_and_loads_once(app, runner):
    output = _load(runner, "--events", "60")
    first = _large_programme_digest()

    assert len(first) == 60
    assert "60 events" in output and SIGN_IN_LINE in output
    sessions = sum(len(starts) for _, _, starts, _ in first)
    assert 60 * 1.2 <= sessions <= 60 * 1.8
    programme = db.session.scalar(select(Programme).where(Programme.slug == LARGE_SLUG))
    assert programme.title == "HLS Week (large demo)"
    assert 5 <= (programme.ends_on - programme.starts_on).days + 1 <= 30
    events = list(db.session.scalars(select(Event).where(Event.programme_id == programme.id)))
    for event in events:
        hosts = [role for role in event.speaker_roles if role.role == SpeakerRole.HOST]
        assert len(hosts) == 1 and hosts[0].speaker.organisation_id == event.organisation_id
        assert event.themes
        for session in event.sessions:
            local = to_local(session.starts_at, LONDON).date()
            assert programme.starts_on <= local <= programme.ends_on

    before = _counts()
    again = _load(runner, "--events", "60")
    assert "already loaded" in again
    assert _counts() == before

    db.session.remove()
    empty_database()
    _load(runner, "--events", "60")

    assert _large_programme_digest() == first


def test_the_large_demo_has_people_registrations_and_a_practice_record(runner, client):
    from hls_events.demo.large import LARGE_PAST_SLUG
    from hls_events.models import (
        PLACE_HOLDING_STATUSES,
        Reflection,
        Registration,
        RegistrationStatus,
        Visibility,
        WriteUp,
    )

    output = _load(runner, "--events", "40")

    large = db.session.scalar(select(Programme).where(Programme.slug == LARGE_SLUG))
    past = db.session.scalar(select(Programme).where(Programme.slug == LARGE_PAST_SLUG))
    assert past.ends_on < large.starts_on
    people = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like("%@large.demo%"))
    )
    upcoming = db.session.scalar(
        select(func.count()).select_from(Registration).join(Event).where(Event.programme == large)
    )
    reflections = db.session.scalar(select(func.count()).select_from(Reflection))
    assert people == 40 * 25
    assert 40 * 75 <= upcoming <= 40 * 125  # about 100 an event
    assert reflections == 40 * 25
    assert db.session.scalar(select(func.count()).select_from(WriteUp)) == 2
    assert f"{people} people with {upcoming + reflections} registrations" in output
    # The same rules as real registrations: places never exceeded, waiting lists 1..N.
    for event in db.session.scalars(select(Event).where(Event.programme == large)):
        rows = db.session.scalars(select(Registration).where(Registration.event_id == event.id))
        rows = list(rows)
        held = sum(1 for row in rows if row.status in PLACE_HOLDING_STATUSES)
        waiting = sorted(
            row.waitlist_position for row in rows if row.status == RegistrationStatus.WAITLISTED
        )
        assert event.capacity is None or held <= event.capacity
        assert waiting == list(range(1, len(waiting) + 1))
    # Its practice record is searchable, and holds only what its authors chose to share.
    public = db.session.scalar(
        select(func.count())
        .select_from(Reflection)
        .where(Reflection.visibility == Visibility.PUBLIC)
    )
    assert 0 < public < reflections
    found = re.search(r"(\d+) entries match", client.get("/practice/?q=families").text)
    assert found and 0 < int(found.group(1)) <= public + 2


def _not_community_meetings():
    """The week's own events, not those holding its learning communities' meetings (members-
    only series events, and tasters), which tests/communities/test_demo.py checks."""
    from hls_events.models import CommunityMeeting, EventSession

    return Event.id.not_in(
        select(EventSession.event_id).join(
            CommunityMeeting, CommunityMeeting.session_id == EventSession.id
        )
    )
