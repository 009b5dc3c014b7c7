"""Importing a schedule.json as a new draft programme: from the CLI, with every problem named
by its place in the file, and nothing written unless everything can be."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Event,
    EventMode,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Speaker,
    SpeakerRole,
    Theme,
)
from hls_events.schedules.reader import ScheduleFileError, parse_schedule
from tests.factories import make_event, make_programme, make_speaker, make_theme, make_user

from .samples import as_bytes, pretalx


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def problems_of(raw: bytes) -> list[str]:
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule(raw)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def schedule_file(tmp_path):
    def write(content: bytes | dict) -> str:
        path = tmp_path / "schedule.json"
        path.write_bytes(content if isinstance(content, bytes) else as_bytes(content))
        return str(path)

    return write


def test_a_pretalx_schedule_becomes_a_draft_programme(app, runner, schedule_file):
    organiser = make_user("organiser@example.org", organiser=True)
    result = runner.invoke(
        args=["import-schedule", schedule_file(pretalx()), "--organiser", "organiser@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert "4 events, 2 speakers, 1 themes" in result.output
    programme = db.session.scalar(select(Programme))
    assert (programme.slug, programme.title, programme.status) == (
        "democon",
        "DemoCon",
        ProgrammeStatus.DRAFT,
    )
    assert (programme.timezone, programme.starts_on, programme.ends_on) == (
        "Europe/London",
        date(2027, 10, 4),
        date(2027, 10, 5),
    )
    assert [user.id for user in programme.organisers] == [organiser.id]
    events = {event.title: event for event in programme.events}
    assert set(events) == {"Opening", "Streamed panel", "Workshop: maps", "Closing"}
    assert all(
        event.status == EventStatus.DRAFT and len(event.sessions) == 1 for event in events.values()
    )
    opening = events["Opening"]
    assert opening.sessions[0].starts_at == datetime(2027, 10, 4, 9, 0, tzinfo=UTC)
    assert opening.sessions[0].venue_name == "Hall A"
    assert opening.mode == EventMode.IN_PERSON
    assert [theme.name for theme in opening.themes] == ["Learning culture"]
    panel = events["Streamed panel"]
    assert (panel.mode, panel.sessions[0].venue_name, panel.format.value) == (
        EventMode.ONLINE,
        "",
        "panel",
    )
    assert events["Workshop: maps"].format.value == "workshop"
    speakers = db.session.scalars(select(Speaker).order_by(Speaker.name)).all()
    assert [(s.name, s.user_id) for s in speakers] == [("Amina Rahman", None), ("Bo Li", None)]
    # One profile for the person who speaks three times.
    assert (
        sum(1 for e in events.values() for r in e.speaker_roles if r.speaker.name == "Amina Rahman")
        == 3
    )


def test_our_own_export_imports_to_the_same_schedule(app, client, runner, schedule_file):
    make_user("organiser@example.org", organiser=True)
    theme = make_theme("Systems stewardship")
    programme = make_programme("source", title="Source", starts_on=date(2027, 10, 4), days=2)
    speaker = make_speaker("Amina Rahman")
    make_event(programme, "a", title="Alpha", themes=[theme], speakers=[(speaker, SpeakerRole.SPEAKER)],
               starts_at=datetime(2027, 10, 4, 9, tzinfo=UTC))  # fmt: skip
    venue = make_event(programme, "b", title="Beta", mode=EventMode.IN_PERSON, starts_at=datetime(2027, 10, 5, 13, tzinfo=UTC))  # fmt: skip
    venue.sessions[0].venue_name = "Town Hall"
    db.session.commit()
    exported = client.get("/p/source/schedule.json").data
    result = runner.invoke(args=["import-schedule", schedule_file(exported), "--organiser", "organiser@example.org"])  # fmt: skip
    assert result.exit_code == 0, result.output
    copy = db.session.scalar(select(Programme).where(Programme.slug != "source"))
    got = sorted((e.title, e.sessions[0].starts_at, e.sessions[0].ends_at, e.sessions[0].venue_name, e.mode) for e in copy.events)  # fmt: skip
    want = sorted((e.title, e.sessions[0].starts_at, e.sessions[0].ends_at, e.sessions[0].venue_name, e.mode) for e in programme.events)  # fmt: skip
    assert got == want
    assert count(Theme) == 1  # the theme is shared, not duplicated


def test_problems_name_their_place_in_the_file(app):
    document = pretalx()
    entry = document["schedule"]["conference"]["days"][1]["rooms"]["Hall A"][1]
    entry["duration"] = "forty"
    entry["title"] = ""
    document["schedule"]["conference"]["days"][0]["rooms"]["Online stage"][0]["persons"] = [
        {"code": "X"}
    ]
    problems = problems_of(as_bytes(document))
    assert any(
        p.startswith('schedule.conference.days[1].rooms["Hall A"][1].duration:') for p in problems
    ), problems
    assert any(
        p.startswith('schedule.conference.days[1].rooms["Hall A"][1].title:') for p in problems
    )
    assert any(
        p.startswith('schedule.conference.days[0].rooms["Online stage"][0].persons[0]:')
        for p in problems
    )


@pytest.mark.parametrize(
    ("date", "duration", "says"),
    [
        ("9999-12-31T23:30:00+00:00", "999:59", "years 2000 to 2200"),
        ("9999-12-31T23:30:00", "01:00", "years 2000 to 2200"),
        ("9999-12-31T23:30:00-05:00", "01:00", "out of range"),
        ("0001-01-01T00:30:00+05:00", "01:00", "out of range"),
        ("1899-06-01T10:00:00+00:00", "01:00", "years 2000 to 2200"),
        ("2027-10-04T10:00:00+01:00", "999:00", "a minute to 168 hours"),
    ],
)
def test_dates_and_lengths_beyond_any_programme_are_refused(app, date, duration, says):
    document = pretalx()
    entry = document["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]
    entry["date"], entry["duration"] = date, duration
    problems = problems_of(as_bytes(document))
    assert any(says in problem for problem in problems), problems


def test_a_programme_spanning_millennia_is_refused(app):
    document = pretalx()
    document["schedule"]["conference"]["start"] = "0001-01-01"
    document["schedule"]["conference"]["end"] = "9999-12-31"
    problems = problems_of(as_bytes(document))
    assert len(problems) == 2 and all("years 2000 to 2200" in p for p in problems), problems


def test_times_the_clocks_skip_are_refused(app):
    document = pretalx()
    entry = document["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]
    entry["date"] = "2027-03-28T01:30:00"  # no offset: London's clocks jump from 01:00 to 02:00
    (problem,) = problems_of(as_bytes(document))
    assert problem.startswith('schedule.conference.days[0].rooms["Hall A"][0].date:')
    assert "clocks go forward" in problem


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        ('{"schedule": "caf\xe9"}'.encode("latin-1"), "not UTF-8"),
        (b'{"schedule": ', "not JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"schedule": ' + b'{"a": ' * 900 + b"1" + b"}" * 901, "'conference' is a required"),
        (b" " * (6 * 1024 * 1024), "larger than 5 MB"),
        (b'{"schedule": {"conference": {"title": "x\\u0000", "days": []}}}', "NUL"),
        (b"[]", "is not of type 'object'"),
        (b'{"schedule": {"conference": {"title": "Sur\\ud800", "days": []}}}', "UTF-16"),
        (
            b'{"schedule": {"conference": {"title": "x", "days": [{"rooms": {"\\udfff": []}}]}}}',
            "UTF-16",
        ),
    ],
)
def test_bad_files_get_a_clear_message(app, raw, says):
    problems = problems_of(raw)
    assert any(says in problem for problem in problems), problems


def test_nothing_is_written_when_anything_is_wrong(app, runner, schedule_file):
    make_user("organiser@example.org", organiser=True)
    document = pretalx()
    document["schedule"]["conference"]["days"][1]["rooms"]["Hall A"][1]["date"] = "yesterday"
    result = runner.invoke(args=["import-schedule", schedule_file(document), "--organiser", "organiser@example.org"])  # fmt: skip
    assert result.exit_code != 0
    assert 'days[1].rooms["Hall A"][1].date' in result.output
    assert (count(Programme), count(Event), count(Speaker), count(Theme)) == (0, 0, 0, 0)


def test_only_organisers_may_import_from_the_cli(app, runner, schedule_file):
    make_user("someone@example.org")
    result = runner.invoke(args=["import-schedule", schedule_file(pretalx()), "--organiser", "someone@example.org"])  # fmt: skip
    assert result.exit_code != 0 and "not an organiser" in result.output
    assert count(Programme) == 0


def test_the_plan_reads_frab_persons_and_naive_times(app):
    document = pretalx()
    document["schedule"]["conference"].pop("time_zone_name")
    entry = document["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]
    entry["date"] = "2027-10-04T10:00:00"
    plan = parse_schedule(json.dumps(document).encode(), default_timezone="Europe/Berlin")
    assert plan.timezone == "Europe/Berlin" and plan.notes
    opening = next(event for event in plan.events if event.title == "Opening")
    assert opening.starts_at == datetime(2027, 10, 4, 8, 0, tzinfo=UTC)
