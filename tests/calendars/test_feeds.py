"""Programme and event feeds over HTTP, in the states that matter, read by every parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from werkzeug.http import http_date, parse_date

from hls_events.extensions import db
from hls_events.models import (
    EventMode,
    EventStatus,
    ProgrammeStatus,
    SessionStatus,
    SpeakerRole,
)
from hls_events.organise.services import (
    SessionDetails,
    remove_session,
    set_event_status,
    update_session,
)
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_speaker,
    make_theme,
    make_user,
)

from .clients import vevents
from .conftest import add_events


def uid(session) -> str:
    return f"session-{session.id}@hls-events"


def details_for(session, **changes) -> SessionDetails:
    zone = session.event.programme.zone
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    values = {
        "title": session.title,
        "day": start.date(),
        "starts_at": start.time(),
        "ends_at": end.time(),
        "venue_name": session.venue_name,
        "venue_address": session.venue_address,
        "joining_url": session.joining_url,
    }
    values.update(changes)
    return SessionDetails(**values)


@pytest.fixture
def week(app):
    """A published programme: a two-session online workshop with a speaker and themes, an
    in-person event, a cancelled event, and a draft nobody outside may see."""
    programme = make_programme("week", title="HLS Week 2027", starts_on=date(2027, 10, 25))
    organisation = make_organisation("Northshire Council")
    themes = [make_theme("Learning culture"), make_theme("Systems stewardship")]
    speaker = make_speaker("Amina Rahman")
    workshop = make_event(
        programme,
        "workshop",
        title="Two-part workshop",
        summary="Learning together, in two parts.",
        organisation=organisation,
        themes=themes,
        speakers=[(speaker, SpeakerRole.HOST)],
        sessions=2,
        starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC),
    )
    for session in workshop.sessions:
        session.joining_url = f"https://meet.example.org/secret-{session.id}"
    visit = make_event(
        programme,
        "visit",
        title="Site visit",
        mode=EventMode.IN_PERSON,
        starts_at=datetime(2027, 10, 27, 13, tzinfo=UTC),
    )
    visit.sessions[0].venue_name = "Town Hall"
    visit.sessions[0].venue_address = "1 High Street, Northshire"
    cancelled = make_event(
        programme, "cancelled", title="Cancelled panel", status=EventStatus.CANCELLED
    )
    draft = make_event(programme, "draft", title="Draft idea", status=EventStatus.DRAFT)
    db.session.commit()
    return {
        "programme": programme,
        "workshop": workshop,
        "visit": visit,
        "cancelled": cancelled,
        "draft": draft,
    }


# --- What the feeds hold -------------------------------------------------------------------


def test_programme_feed_holds_each_published_and_cancelled_session_once(fetch_feed, week):
    response, parsed = fetch_feed("/p/week/calendar.ics")

    workshop, visit, cancelled = week["workshop"], week["visit"], week["cancelled"]
    expected = {uid(s): s for e in (workshop, visit, cancelled) for s in e.sessions}
    assert set(parsed) == set(expected)
    for key, session in expected.items():
        assert parsed[key].start == session.starts_at
        assert parsed[key].end == session.ends_at
    assert parsed[uid(cancelled.sessions[0])].status == "CANCELLED"
    assert parsed[uid(workshop.sessions[0])].status == "CONFIRMED"
    assert b"Draft idea" not in response.data

    events = vevents(response.data)
    first = events[uid(workshop.sessions[0])]
    assert first["SUMMARY"] == "Two-part workshop"
    assert first["LOCATION"] == "Online"
    assert first["CATEGORIES"] == "Learning culture,Systems stewardship"
    assert first["URL"] == "http://localhost/p/week/events/workshop/"
    assert "Amina Rahman (host)" in first["DESCRIPTION"]
    assert "http://localhost/p/week/events/workshop/" in first["DESCRIPTION"]
    assert first["ORGANIZER"] == "mailto:hls-events@localhost"
    assert events[uid(visit.sessions[0])]["LOCATION"] == "Town Hall\\, 1 High Street\\, Northshire"
    text = response.data.decode()
    assert "DTSTART;TZID=Europe/London:20271026T100000" in text
    assert "X-WR-CALNAME:HLS Week 2027" in text


def _vevent_blocks(body: bytes) -> dict[str, bytes]:
    """Each VEVENT's text as written, by UID."""
    blocks = {}
    for part in body.split(b"BEGIN:VEVENT\r\n")[1:]:
        block = part.split(b"END:VEVENT\r\n")[0]
        uid_line = next(line for line in block.split(b"\r\n") if line.startswith(b"UID:"))
        blocks[uid_line[4:].decode()] = block
    return blocks


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_programme_feed_and_each_events_feed_write_the_same_entries(
    calendar_app, week, language
):
    """The programme feed reads plain rows (calendars/rows.py), an event's feed its objects:
    each session's entry must come out the same, byte for byte, from either."""
    week["workshop"].sessions[1].status = SessionStatus.CANCELLED
    db.session.commit()
    headers = {"Accept-Language": language}
    programme = _vevent_blocks(calendar_app.get("/p/week/calendar.ics", headers=headers).data)
    seen = set()
    for slug in ("workshop", "visit", "cancelled"):
        response = calendar_app.get(f"/p/week/events/{slug}/calendar.ics", headers=headers)
        for key, block in _vevent_blocks(response.data).items():
            assert programme[key] == block
            seen.add(key)
    assert seen == set(programme) and len(seen) == 4
    # The event with no organisation names the site as organiser; the cancelled session says so.
    visit = programme[uid(week["visit"].sessions[0])]
    assert b'ORGANIZER;CN="HLS Events":mailto:' in visit
    assert b"STATUS:CANCELLED" in programme[uid(week["workshop"].sessions[1])]


def test_event_feed_holds_that_events_sessions(fetch_feed, week):
    response, parsed = fetch_feed("/p/week/events/workshop/calendar.ics")

    assert set(parsed) == {uid(s) for s in week["workshop"].sessions}
    assert "X-WR-CALNAME:Two-part workshop (HLS Week 2027)" in response.data.decode()


def test_dtstamp_and_last_modified_come_from_the_last_change_not_the_clock(fetch_feed, week):
    session = week["visit"].sessions[0]
    first, _ = fetch_feed("/p/week/calendar.ics")
    again, _ = fetch_feed("/p/week/calendar.ics")

    assert first.data == again.data
    stamp = max(session.updated_at, week["visit"].updated_at).strftime("%Y%m%dT%H%M%SZ")
    event = vevents(first.data)[uid(session)]
    assert event["DTSTAMP"] == event["LAST-MODIFIED"] == stamp


def test_times_are_right_on_both_sides_of_the_clocks_going_back(fetch_feed):
    programme = make_programme("autumn", starts_on=date(2027, 10, 29))
    london = programme.zone
    before = make_event(programme, "before", starts_at=datetime(2027, 10, 30, 10, tzinfo=london))
    after = make_event(programme, "after", starts_at=datetime(2027, 10, 31, 10, tzinfo=london))

    response, parsed = fetch_feed("/p/autumn/calendar.ics")

    assert parsed[uid(before.sessions[0])].start == datetime(2027, 10, 30, 9, tzinfo=UTC)
    assert parsed[uid(after.sessions[0])].start == datetime(2027, 10, 31, 10, tzinfo=UTC)
    assert b"RDATE" not in response.data


def test_a_programme_in_another_zone_gets_its_own_vtimezone(fetch_feed):
    programme = make_programme("sydney", timezone="Australia/Sydney", starts_on=date(2027, 4, 2))
    sydney = programme.zone
    event = make_event(programme, "talk", starts_at=datetime(2027, 4, 3, 10, tzinfo=sydney))
    later = make_event(programme, "later", starts_at=datetime(2027, 4, 5, 10, tzinfo=sydney))

    response, parsed = fetch_feed("/p/sydney/calendar.ics")

    assert parsed[uid(event.sessions[0])].start == datetime(2027, 4, 2, 23, tzinfo=UTC)
    assert parsed[uid(later.sessions[0])].start == datetime(2027, 4, 5, 0, tzinfo=UTC)
    assert "TZID:Australia/Sydney" in response.data.decode()


def test_non_ascii_titles_survive_every_parser(fetch_feed):
    programme = make_programme("unicode", title="Semaine d\u2019apprentissage 🌱")
    title = (
        "Café conversations: 学習システム \u2013 \u201crelational\u201d practice, Ünïcødé; 🌱 " * 2
    )
    event = make_event(programme, "cafe", title=title.strip(), summary="Grüße, ça va? 你好")

    response, parsed = fetch_feed("/p/unicode/calendar.ics")

    assert uid(event.sessions[0]) in parsed
    import icalendar

    document = icalendar.Calendar.from_ical(response.data)
    assert str(document.walk("VEVENT")[0]["SUMMARY"]) == title.strip()
    assert str(document["X-WR-CALNAME"]) == "Semaine d\u2019apprentissage 🌱"


# --- Following changes ---------------------------------------------------------------------


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(fetch_feed, week):
    session = week["visit"].sessions[0]
    response, before = fetch_feed("/p/week/calendar.ics")
    old = before[uid(session)]

    update_session(session, details_for(session, starts_at=time(15), ends_at=time(16, 30)))
    moved, after = fetch_feed("/p/week/calendar.ics")

    assert after[uid(session)].sequence > old.sequence
    assert after[uid(session)].start == datetime(2027, 10, 27, 14, tzinfo=UTC)
    assert after[uid(session)].end == datetime(2027, 10, 27, 15, 30, tzinfo=UTC)
    assert moved.headers["ETag"] != response.headers["ETag"]
    assert parse_date(moved.headers["Last-Modified"]) > parse_date(
        response.headers["Last-Modified"]
    )


def test_moving_a_session_across_the_change_of_clocks(fetch_feed, week):
    session = week["visit"].sessions[0]
    update_session(session, details_for(session, day=date(2027, 10, 31)))

    _, parsed = fetch_feed("/p/week/calendar.ics")

    # 14:00 in London: BST (13:00 UTC) on the 27th, GMT (14:00 UTC) on the 31st.
    assert parsed[uid(session)].start == datetime(2027, 10, 31, 14, tzinfo=UTC)


def test_cancelling_a_session_keeps_it_as_cancelled_with_a_higher_sequence(fetch_feed, week):
    session = week["workshop"].sessions[1]
    _, before = fetch_feed("/p/week/events/workshop/calendar.ics")

    remove_session(session)
    response, after = fetch_feed("/p/week/events/workshop/calendar.ics")

    assert after[uid(session)].status == "CANCELLED"
    assert after[uid(session)].sequence > before[uid(session)].sequence
    assert after[uid(week["workshop"].sessions[0])].status == "CONFIRMED"
    assert vevents(response.data)[uid(session)]["SUMMARY"].startswith("Cancelled: ")


def test_cancelling_an_event_cancels_all_its_sessions(fetch_feed, week):
    set_event_status(week["workshop"], EventStatus.CANCELLED)

    _, parsed = fetch_feed("/p/week/calendar.ics")

    assert {parsed[uid(s)].status for s in week["workshop"].sessions} == {"CANCELLED"}


def test_last_modified_moves_forward_when_sessions_leave_the_feed(calendar_app, fetch_feed, week):
    first, _ = fetch_feed("/p/week/calendar.ics")
    since = first.headers["Last-Modified"]
    assert (
        calendar_app.get("/p/week/calendar.ics", headers={"If-Modified-Since": since}).status_code
        == 304
    )

    # Unpublishing takes the event's sessions out of the feed altogether.
    set_event_status(week["visit"], EventStatus.DRAFT)
    response = calendar_app.get("/p/week/calendar.ics", headers={"If-Modified-Since": since})
    assert response.status_code == 200
    assert uid(week["visit"].sessions[0]) not in vevents(response.data)
    second = response.headers["Last-Modified"]
    assert parse_date(second) > parse_date(since)

    # A session deleted outright, and a speaker taken off an event, move it on again.
    db.session.delete(week["workshop"].sessions[1])
    db.session.commit()
    third = calendar_app.get("/p/week/calendar.ics", headers={"If-Modified-Since": second})
    assert third.status_code == 200
    week["workshop"].speaker_roles.clear()
    db.session.commit()
    fourth = calendar_app.get(
        "/p/week/calendar.ics", headers={"If-Modified-Since": third.headers["Last-Modified"]}
    )
    assert fourth.status_code == 200
    assert b"Amina Rahman" not in fourth.data


# --- HTTP ----------------------------------------------------------------------------------


def test_subscription_urls_are_inline_and_downloads_are_attachments(fetch_feed, week):
    feed, _ = fetch_feed("/p/week/calendar.ics")
    download, _ = fetch_feed("/p/week/calendar.ics?download=1")

    assert "Content-Disposition" not in feed.headers
    assert feed.headers["Cache-Control"] == "public, max-age=300"
    assert download.headers["Content-Disposition"] == 'attachment; filename="week.ics"'
    # The same entries; only the subscription's own properties are left out of a saved file.
    feed_only = (b"REFRESH-INTERVAL", b"X-PUBLISHED-TTL", b"SOURCE")
    feed_calendar = icalendar.Calendar.from_ical(feed.data)
    file_calendar = icalendar.Calendar.from_ical(download.data)
    for name in feed_only:
        assert name.decode() in feed_calendar
        assert name.decode() not in file_calendar
    assert [line for line in feed.data.split(b"\r\n") if not line.startswith(feed_only)] == (
        download.data.split(b"\r\n")
    )
    assert download.headers["ETag"] != feed.headers["ETag"]


def test_etag_and_last_modified_revalidate_with_304(calendar_app, fetch_feed, week):
    response, _ = fetch_feed("/p/week/calendar.ics")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]

    by_etag = calendar_app.get("/p/week/calendar.ics", headers={"If-None-Match": etag})
    by_date = calendar_app.get("/p/week/calendar.ics", headers={"If-Modified-Since": modified})
    by_old_date = calendar_app.get(
        "/p/week/calendar.ics",
        headers={"If-Modified-Since": http_date(parse_date(modified) - timedelta(seconds=1))},
    )

    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == etag
    assert by_date.status_code == 304
    assert by_old_date.status_code == 200


def test_head_answers_like_get_without_a_body(calendar_app, fetch_feed, week):
    response, _ = fetch_feed("/p/week/calendar.ics")

    head = calendar_app.head("/p/week/calendar.ics")

    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert head.headers["ETag"] == response.headers["ETag"]
    assert head.headers["Last-Modified"] == response.headers["Last-Modified"]
    assert int(head.headers["Content-Length"]) == len(response.data)


def test_drafts_have_no_feeds_even_for_their_organisers(client, sign_in, week):
    organiser = make_user(organiser=True)
    draft_programme = make_programme("secret", status=ProgrammeStatus.DRAFT, organisers=[organiser])
    make_event(draft_programme, "inside")
    week["programme"].organisers.append(organiser)
    db.session.commit()
    sign_in(organiser.email)

    assert client.get("/p/secret/calendar.ics").status_code == 404
    assert client.get("/p/secret/events/inside/calendar.ics").status_code == 404
    assert client.get("/p/week/events/draft/calendar.ics").status_code == 404
    assert client.get("/p/nowhere/calendar.ics").status_code == 404
    assert client.get("/p/week/events/nowhere/calendar.ics").status_code == 404


def test_archived_programmes_keep_their_feed(fetch_feed, week):
    week["programme"].status = ProgrammeStatus.ARCHIVED
    db.session.commit()

    _, parsed = fetch_feed("/p/week/calendar.ics")

    assert uid(week["visit"].sessions[0]) in parsed


def test_joining_links_never_appear_in_programme_or_event_feeds(fetch_feed, week):
    for url in ("/p/week/calendar.ics", "/p/week/events/workshop/calendar.ics"):
        response, _ = fetch_feed(url)
        assert b"meet.example.org" not in response.data
        assert b"secret-" not in response.data


# --- Cost ----------------------------------------------------------------------------------


def test_programme_feed_costs_the_same_queries_for_10_and_500_events(
    app, calendar_app, count_queries
):
    app.extensions["page_cache"].seconds = 0  # count what building the feed costs
    themes = [make_theme("Relational practice"), make_theme("Learning culture")]
    speaker = make_speaker("Sam Lee")
    small = make_programme("small", starts_on=date(2027, 10, 4))
    large = make_programme("large", starts_on=date(2027, 10, 4))
    add_events(small, 10, themes=themes, speaker=speaker)
    add_events(large, 500, themes=themes, speaker=speaker)
    # The first request of each records its version; count steady-state requests.
    calendar_app.get("/p/small/calendar.ics")
    calendar_app.get("/p/large/calendar.ics")
    db.session.expunge_all()

    with count_queries() as small_queries:
        small_response = calendar_app.get("/p/small/calendar.ics")
    db.session.expunge_all()
    with count_queries() as large_queries:
        large_response = calendar_app.get("/p/large/calendar.ics")

    assert small_response.status_code == large_response.status_code == 200
    assert large_response.data.count(b"BEGIN:VEVENT") == 1000
    assert len(small_queries) == len(large_queries), (small_queries, large_queries)
    assert len(large_queries) <= 10
