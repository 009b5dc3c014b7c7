"""/p/<programme>/schedule.json and .xml: the format's rules, what they hold and what they
never hold, and revalidation as the calendar feeds do it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from lxml import etree

from hls_events.extensions import db
from hls_events.models import (
    EventMode,
    EventSession,
    EventStatus,
    ProgrammeStatus,
    SessionStatus,
    SpeakerRole,
)
from hls_events.schedules import writer
from tests.factories import make_event, make_programme, make_speaker, make_theme

from .format_rules import json_problems, valid_uuid, xml_problems

SECRET = "https://meet.example.org/secret-room-123"


@pytest.fixture
def week(app):
    """A published programme in London across the change back to winter time: overlapping
    online sessions with joining links, an in-person venue, a cancelled event, a cancelled
    session and a draft event."""
    programme = make_programme("hls-week-2027", title="HLS Week 2027", starts_on=date(2027, 10, 29))
    theme = make_theme("Learning culture")
    programme.themes = [theme]
    amina = make_speaker("Amina Rahman", bio="Works on <relational> practice & learning.")
    first = datetime(2027, 10, 29, 9, 0, tzinfo=UTC)  # 10:00 in London (summer time)
    online = make_event(
        programme, "systems-workshop", title="Systems workshop", starts_at=first, sessions=2,
        themes=[theme], speakers=[(amina, SpeakerRole.SPEAKER)], summary="Short.",
    )  # fmt: skip
    overlapping = make_event(programme, "overlap", title="Overlap", starts_at=first)
    for session in [*online.sessions, *overlapping.sessions]:
        session.joining_url = SECRET
    in_person = make_event(
        programme, "site-visit", title="Site visit", mode=EventMode.IN_PERSON,
        starts_at=datetime(2027, 11, 1, 14, 0, tzinfo=UTC),
    )  # fmt: skip
    in_person.sessions[0].venue_name = "Town Hall"
    in_person.sessions[0].venue_address = "1 High Street"
    make_event(programme, "gone", title="Gone", status=EventStatus.CANCELLED, starts_at=first)
    make_event(programme, "secret-draft", title="Secret draft", status=EventStatus.DRAFT)
    online.sessions[1].status = SessionStatus.CANCELLED
    db.session.commit()
    return programme


def _event(programme, slug):
    return next(event for event in programme.events if event.slug == slug)


def get_json(client, slug="hls-week-2027"):
    response = client.get(f"/p/{slug}/schedule.json")
    assert response.status_code == 200, response.status_code
    assert response.content_type == "application/json; charset=utf-8"
    return response.get_json()


def entries(document):
    for day in document["schedule"]["conference"]["days"]:
        for room_entries in day["rooms"].values():
            yield from room_entries


def test_json_follows_the_format_rules(client, week):
    document = get_json(client)
    assert json_problems(document) == []
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "hls_week_2027"
    assert conference["daysCount"] == 5
    assert conference["time_zone_name"] == "Europe/London"
    assert [track["name"] for track in conference["tracks"]] == ["Learning culture"]


def test_xml_follows_the_format_rules(client, week):
    response = client.get("/p/hls-week-2027/schedule.xml")
    assert response.status_code == 200
    assert response.content_type == "application/xml; charset=utf-8"
    assert xml_problems(response.data) == []
    root = etree.fromstring(response.data)
    assert len(root.findall("day")) == 5
    persons = root.findall(".//event/persons/person")
    assert {person.text for person in persons} == {"Amina Rahman"}


def test_times_carry_the_offset_of_their_day(client, week):
    by_title = {entry["title"]: entry for entry in entries(get_json(client))}
    workshop = by_title["Systems workshop"]
    assert workshop["date"] == "2027-10-29T10:00:00+01:00"
    assert (workshop["start"], workshop["duration"]) == ("10:00", "01:30")
    # After the clocks go back on 31 October, London is at +00:00.
    assert by_title["Site visit"]["date"] == "2027-11-01T14:00:00+00:00"


def test_published_and_cancelled_appear_drafts_never(client, week):
    titles = sorted(entry["title"] for entry in entries(get_json(client)))
    assert titles == [
        "Cancelled: Gone",
        "Cancelled: Systems workshop",  # its second session was cancelled
        "Overlap",
        "Site visit",
        "Systems workshop",
    ]
    for path in ("schedule.json", "schedule.xml"):
        body = client.get(f"/p/hls-week-2027/{path}").data
        assert b"Secret draft" not in body and b"secret-draft" not in body


def test_joining_links_never_appear(client, week):
    for path in ("schedule.json", "schedule.xml"):
        body = client.get(f"/p/hls-week-2027/{path}").data
        assert SECRET.encode() not in body
        assert b"meet.example.org" not in body


def test_rooms_are_venues_and_online_rooms_that_never_overlap(client, week):
    document = get_json(client)
    conference = document["schedule"]["conference"]
    assert [room["name"] for room in conference["rooms"]] == [
        "Town Hall", "Online", "Online 2", "Online 3",
    ]  # fmt: skip
    first_day = conference["days"][0]["rooms"]
    starts = [
        entry["date"] for name in ("Online", "Online 2", "Online 3") for entry in first_day[name]
    ]
    assert starts == ["2027-10-29T10:00:00+01:00"] * 3
    assert conference["days"][3]["rooms"] == {
        "Town Hall": conference["days"][3]["rooms"]["Town Hall"]
    }


def test_guid_is_the_sessions_and_survives_a_move(client, week):
    session = (
        db.session.query(EventSession).join(EventSession.event).filter_by(slug="site-visit").one()
    )
    expected = writer.session_guid(f"session-{session.id}@hls-events")
    before = {entry["id"]: entry["guid"] for entry in entries(get_json(client))}
    assert before[session.id] == expected and valid_uuid(expected)
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    db.session.commit()
    after = {entry["id"]: entry for entry in entries(get_json(client))}
    assert after[session.id]["guid"] == expected
    assert after[session.id]["start"] == "16:00"


def test_speakers_and_links(client, week):
    workshop = next(e for e in entries(get_json(client)) if e["title"] == "Systems workshop")
    assert workshop["url"].endswith("/p/hls-week-2027/events/systems-workshop/")
    (person,) = workshop["persons"]
    assert person["name"] == "Amina Rahman"
    assert person["biography"] == "Works on <relational> practice & learning."
    assert workshop["track"] == "Learning culture"


def test_draft_and_unknown_programmes_have_none(client, app):
    make_programme("plans", status=ProgrammeStatus.DRAFT)
    for path in ("schedule.json", "schedule.xml"):
        assert client.get(f"/p/plans/{path}").status_code == 404
        assert client.get(f"/p/nothing/{path}").status_code == 404


def test_etag_last_modified_and_304(client, week):
    first = client.get("/p/hls-week-2027/schedule.json")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert (
        client.get("/p/hls-week-2027/schedule.json", headers={"If-None-Match": etag}).status_code
        == 304
    )
    same = client.get("/p/hls-week-2027/schedule.json", headers={"If-Modified-Since": modified})
    assert same.status_code == 304
    event = _event(week, "systems-workshop")
    event.title = "Systems workshop, renamed"
    db.session.commit()
    changed = client.get("/p/hls-week-2027/schedule.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert b"renamed" in changed.data
    assert "Set-Cookie" not in changed.headers


def test_version_moves_with_the_content(client, week):
    before = get_json(client)["schedule"]["version"]
    assert get_json(client)["schedule"]["version"] == before
    # By slug: a programme's events come in the database's order, which after earlier tests'
    # deletes need not be the order they were made in (the draft is not in the schedule).
    _event(week, "systems-workshop").summary = "Longer now."
    db.session.commit()
    assert get_json(client)["schedule"]["version"] != before


def _facts(**changes) -> writer.SessionFacts:
    values = dict(
        session_id=7, calendar_uid="session-7@x", event_slug="a-b", event_title="A\x00b\x1f",
        starts_at=datetime(2027, 3, 28, 0, 30, tzinfo=UTC), ends_at=datetime(2027, 3, 28, 2, 0, tzinfo=UTC),
        url="https://example.org/e/", format_label="Workshop", mode="in_person",
    )  # fmt: skip
    values.update(changes)
    return writer.SessionFacts(**values)


def _info(**changes) -> writer.ScheduleInfo:
    values = dict(
        slug="ab", title="T", timezone="Europe/London", starts_on=date(2027, 3, 27),
        ends_on=date(2027, 3, 28), url="https://example.org/p/ab/", uid_domain="x",
    )  # fmt: skip
    values.update(changes)
    return writer.ScheduleInfo(**values)


def test_writer_edges_short_slugs_odd_zones_control_characters():
    document = writer.build_json(_info(timezone="Etc/GMT+1"), [_facts()])
    assert json_problems(document) == []
    assert "time_zone_name" not in document["schedule"]["conference"]
    assert document["schedule"]["conference"]["acronym"] == "ab__"
    body = writer.xml_document(_info(), [_facts(), _facts(session_id=8, calendar_uid="s8")])
    assert xml_problems(body) == []
    assert b"\x00" not in body and b"\x1f" not in body
    # 00:30 UTC on 28 March 2027 is 00:30 GMT, just before the clocks go forward.
    days = json.loads(writer.json_document(_info(), [_facts()]))["schedule"]["conference"]["days"]
    assert days[1]["rooms"][writer.NO_VENUE_ROOM][0]["date"] == "2027-03-28T00:30:00+00:00"


def test_the_rule_checks_catch_broken_documents():
    document = writer.build_json(_info(), [_facts()])
    entry = document["schedule"]["conference"]["days"][1]["rooms"][writer.NO_VENUE_ROOM][0]
    entry["start"], entry["guid"], entry["extra"] = "9:00", "not-a-uuid", 1
    del entry["slug"]
    problems = " ".join(json_problems(document))
    for rule in ("start", "guid", "extra", "missing"):
        assert rule in problems
    body = writer.xml_document(_info(), [_facts()]).replace(b"<start>00:30", b"<start>0:30")
    assert any("start" in problem for problem in xml_problems(body))
