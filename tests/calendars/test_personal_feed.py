"""The private feed: what a person has a place at or speaks at, with their joining details, at
an address only they know."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from hls_events.calendars import services
from hls_events.extensions import db
from hls_events.models import (
    EventSpeaker,
    EventStatus,
    ProgrammeStatus,
    RegistrationStatus,
    SpeakerRole,
    User,
)
from hls_events.organise.services import remove_session
from tests.factories import (
    make_event,
    make_programme,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
)

from .clients import vevents
from .conftest import add_events


def uid(session) -> str:
    return f"session-{session.id}@hls-events"


def feed_url(user: User) -> str:
    return f"/calendar/{user.calendar_token}.ics"


@pytest.fixture
def person(app):
    return make_user("ada@example.org", name="Ada")


@pytest.fixture
def two_programmes(app):
    autumn = make_programme("autumn", starts_on=date(2027, 10, 25))
    spring = make_programme(
        "spring", starts_on=date(2028, 3, 20), timezone="Europe/Berlin", title="Frühling 2028"
    )

    def event(programme, slug, when, **fields):
        made = make_event(programme, slug, title=slug.title(), starts_at=when, **fields)
        for session in made.sessions:
            session.joining_url = f"https://meet.example.org/{slug}-{session.id}"
        db.session.commit()
        return made

    return {
        "confirmed": event(autumn, "confirmed", datetime(2027, 10, 26, 9, tzinfo=UTC), sessions=2),
        "waiting": event(autumn, "waiting", datetime(2027, 10, 27, 9, tzinfo=UTC)),
        "given-up": event(autumn, "given-up", datetime(2027, 10, 28, 9, tzinfo=UTC)),
        "spoken": event(spring, "spoken", datetime(2028, 3, 21, 9, tzinfo=UTC)),
        "other": event(spring, "other", datetime(2028, 3, 22, 9, tzinfo=UTC)),
    }


def test_the_token_is_random_long_and_not_the_id_or_email(person):
    other = make_user()

    # 24 random bytes (192 bits), URL-safe base64.
    assert len(base64.urlsafe_b64decode(person.calendar_token)) == 24
    assert person.calendar_token != other.calendar_token
    assert person.calendar_token not in (str(person.id), person.email)
    assert "ada" not in person.calendar_token.lower()


def test_personal_feed_holds_confirmed_and_spoken_sessions_with_joining_links(
    fetch_feed, person, two_programmes
):
    events = two_programmes
    make_registration(events["confirmed"], person)
    make_registration(
        events["waiting"], person, status=RegistrationStatus.WAITLISTED, waitlist_position=1
    )
    make_registration(events["given-up"], person, status=RegistrationStatus.CANCELLED)
    speaker = make_speaker("Ada", user_id=person.id)
    events["spoken"].speaker_roles.append(EventSpeaker(speaker=speaker, role=SpeakerRole.SPEAKER))
    db.session.commit()

    response, parsed = fetch_feed(feed_url(person))

    expected = [*events["confirmed"].sessions, *events["spoken"].sessions]
    assert set(parsed) == {uid(s) for s in expected}
    for session in expected:
        assert parsed[uid(session)].start == session.starts_at
        assert parsed[uid(session)].status == "CONFIRMED"
        assert session.joining_url.encode() in response.data
    entry = vevents(response.data)[uid(events["confirmed"].sessions[0])]
    assert entry["LOCATION"] == events["confirmed"].sessions[0].joining_url
    assert f"Join online: {events['confirmed'].sessions[0].joining_url}" in entry[
        "DESCRIPTION"
    ].replace("\\n", "\n")
    # Two programmes, two zones, each with its own VTIMEZONE.
    assert "TZID:Europe/London" in response.data.decode()
    assert "TZID:Europe/Berlin" in response.data.decode()
    assert b"waiting-" not in response.data and b"given-up" not in response.data
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert "Content-Disposition" not in response.headers


def test_waitlisted_events_show_as_tentative_only_when_asked_for(
    fetch_feed, person, two_programmes
):
    waiting = two_programmes["waiting"]
    make_registration(waiting, person, status=RegistrationStatus.WAITLISTED, waitlist_position=1)

    _, without = fetch_feed(feed_url(person))
    services.set_calendar_includes_waitlisted(person.id, True)
    response, with_waitlist = fetch_feed(feed_url(person))

    assert without == {}
    assert with_waitlist[uid(waiting.sessions[0])].status == "TENTATIVE"
    # No joining details until there is a place.
    assert waiting.sessions[0].joining_url.encode() not in response.data
    assert vevents(response.data)[uid(waiting.sessions[0])]["SUMMARY"].startswith("Waiting list")


def test_joining_links_never_reach_another_persons_feed(fetch_feed, person, two_programmes):
    other = make_user()
    make_registration(two_programmes["confirmed"], person)
    make_registration(two_programmes["other"], other)

    mine, _ = fetch_feed(feed_url(person))
    theirs, parsed = fetch_feed(feed_url(other))

    assert set(parsed) == {uid(two_programmes["other"].sessions[0])}
    for session in two_programmes["confirmed"].sessions:
        assert session.joining_url.encode() in mine.data
        assert session.joining_url.encode() not in theirs.data


def test_cancelled_sessions_stay_in_the_personal_feed_as_cancelled(
    fetch_feed, person, two_programmes
):
    confirmed = two_programmes["confirmed"]
    make_registration(confirmed, person)
    remove_session(confirmed.sessions[1])
    response, parsed = fetch_feed(feed_url(person))

    assert parsed[uid(confirmed.sessions[1])].status == "CANCELLED"
    assert confirmed.sessions[1].joining_url.encode() not in response.data
    assert parsed[uid(confirmed.sessions[0])].status == "CONFIRMED"


def test_drafts_and_draft_programmes_stay_out(fetch_feed, person, two_programmes):
    make_registration(two_programmes["confirmed"], person)
    make_registration(two_programmes["other"], person)
    two_programmes["confirmed"].status = EventStatus.DRAFT
    two_programmes["other"].programme.status = ProgrammeStatus.DRAFT
    db.session.commit()

    _, parsed = fetch_feed(feed_url(person))

    assert parsed == {}


def test_the_feed_starts_a_year_ago(fetch_feed, person):
    programme = make_programme("old", starts_on=date(2020, 1, 6))
    now = datetime.now(UTC)
    long_ago = make_event(programme, "long-ago", starts_at=now - timedelta(days=400))
    last_month = make_event(programme, "last-month", starts_at=now - timedelta(days=30))
    make_registration(long_ago, person)
    make_registration(last_month, person)

    _, parsed = fetch_feed(feed_url(person))

    assert set(parsed) == {uid(last_month.sessions[0])}


def test_an_empty_personal_feed_is_a_valid_calendar(fetch_feed, person):
    response, parsed = fetch_feed(feed_url(person))

    assert parsed == {}
    assert b"BEGIN:VCALENDAR" in response.data
    assert b"X-WR-CALNAME:HLS Events: my events" in response.data


def test_a_new_token_kills_the_old_address_at_once(calendar_app, fetch_feed, person):
    old = feed_url(person)
    fetch_feed(old)

    services.regenerate_calendar_token(person.id)
    db.session.refresh(person)

    assert calendar_app.get(old).status_code == 404
    fetch_feed(feed_url(person))


def test_unknown_tokens_are_404(calendar_app):
    assert calendar_app.get("/calendar/not-a-token.ics").status_code == 404
    assert calendar_app.get("/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_the_feed_follows_a_registration_and_moves_last_modified(
    calendar_app, fetch_feed, person, two_programmes
):
    first, _ = fetch_feed(feed_url(person))
    registration = make_registration(two_programmes["confirmed"], person)
    second = calendar_app.get(
        feed_url(person), headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert second.status_code == 200

    registration.status = RegistrationStatus.CANCELLED
    db.session.commit()
    third = calendar_app.get(
        feed_url(person), headers={"If-Modified-Since": second.headers["Last-Modified"]}
    )

    assert third.status_code == 200
    assert b"BEGIN:VEVENT" not in third.data


def test_personal_feed_costs_the_same_queries_for_few_and_many_events(
    app, calendar_app, count_queries, person
):
    app.extensions["page_cache"].seconds = 0  # count what building the feed costs
    themes = [make_theme("Relational practice")]
    speaker = make_speaker("Ada", user_id=person.id)
    few_person = make_user()
    programme = make_programme("many", starts_on=date(2027, 10, 4))
    events = add_events(programme, 60, themes=themes, speaker=make_speaker("Someone else"))
    for event in events[:2]:
        make_registration(event, few_person)
    for event in events:
        make_registration(event, person)
    add_events(make_programme("spoken"), 5, themes=themes, speaker=speaker)
    few_speaker = make_speaker("Few", user_id=few_person.id)
    add_events(make_programme("spoken-once"), 1, themes=themes, speaker=few_speaker)
    few_url, many_url = feed_url(few_person), feed_url(person)
    for url in (few_url, many_url):
        calendar_app.get(url)
    db.session.expunge_all()

    with count_queries() as few:
        calendar_app.get(few_url)
    db.session.expunge_all()
    with count_queries() as many:
        response = calendar_app.get(many_url)

    assert response.data.count(b"BEGIN:VEVENT") == 130
    assert len(few) == len(many), (few, many)
    assert len(many) <= 12


def test_a_place_given_up_shows_as_cancelled_for_30_days(fetch_feed, person, two_programmes):
    confirmed = two_programmes["confirmed"]
    waiting = two_programmes["waiting"]
    given_up = make_registration(confirmed, person)
    left_queue = make_registration(
        waiting, person, status=RegistrationStatus.WAITLISTED, waitlist_position=1
    )
    for registration in (given_up, left_queue):
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = datetime.now(UTC)
    db.session.commit()

    response, parsed = fetch_feed(feed_url(person))

    # The waiting-list place was never in the feed, so there is nothing to cancel.
    assert set(parsed) == {uid(s) for s in confirmed.sessions}
    assert {parsed[uid(s)].status for s in confirmed.sessions} == {"CANCELLED"}
    assert b"meet.example.org" not in response.data

    given_up.cancelled_at = datetime.now(UTC) - timedelta(days=31)
    db.session.commit()
    _, later = fetch_feed(feed_url(person))
    assert later == {}
