from __future__ import annotations

from datetime import UTC, date, datetime

from hls_events.models import EventFormat, EventMode, EventStatus, ProgrammeStatus, SpeakerRole
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_speaker,
    make_theme,
    make_user,
)


def test_home_lists_published_current_and_upcoming_programmes_only(client):
    make_programme("week-2030", title="HLS Week 2030")
    make_programme("draft-week", title="Secret Draft Week", status=ProgrammeStatus.DRAFT)
    make_programme("old-week", title="Old Week", starts_on=date(2020, 10, 5))

    page = client.get("/")

    assert page.status_code == 200
    assert "HLS Week 2030" in page.text
    assert "Secret Draft Week" not in page.text
    current = page.text.split("Past programmes")[0]
    assert "Old Week" not in current
    assert "Old Week" in page.text


def test_session_on_last_saturday_of_october_shows_local_wall_clock(client):
    # 2027-10-30 is the last Saturday of October; clocks go back on Sunday 31st.
    programme = make_programme("autumn", starts_on=date(2027, 10, 25), days=7)
    # 10:00 BST is 09:00 UTC.
    make_event(programme, "saturday", starts_at=datetime(2027, 10, 30, 9, 0, tzinfo=UTC))
    make_event(programme, "monday", starts_at=datetime(2027, 10, 25, 9, 0, tzinfo=UTC))
    make_event(programme, "sunday", starts_at=datetime(2027, 10, 31, 10, 0, tzinfo=UTC))

    page = client.get("/p/autumn/")

    assert page.status_code == 200
    assert '<time datetime="2027-10-30T10:00:00+01:00">10:00</time>' in page.text
    assert '<time datetime="2027-10-25T10:00:00+01:00">10:00</time>' in page.text
    # After the change, 10:00 UTC is 10:00 GMT.
    assert '<time datetime="2027-10-31T10:00:00+00:00">10:00</time>' in page.text
    assert "Saturday 30 October 2027" in page.text


def test_schedule_filters_by_theme_format_mode_and_day(client):
    programme = make_programme("filters", starts_on=date(2027, 10, 11))
    stewardship = make_theme("Systems stewardship")
    make_event(
        programme,
        "a",
        title="Stewardship Webinar",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        themes=[stewardship],
    )
    make_event(
        programme,
        "b",
        title="Circle In Person",
        format=EventFormat.LEARNING_CIRCLE,
        mode=EventMode.IN_PERSON,
        starts_at=datetime(2027, 10, 12, 9, tzinfo=UTC),
    )

    by_theme = client.get("/p/filters/?theme=systems-stewardship")
    assert "Stewardship Webinar" in by_theme.text and "Circle In Person" not in by_theme.text
    by_mode = client.get("/p/filters/?mode=in_person")
    assert "Circle In Person" in by_mode.text and "Stewardship Webinar" not in by_mode.text
    by_format = client.get("/p/filters/?format=webinar")
    assert "Stewardship Webinar" in by_format.text and "Circle In Person" not in by_format.text
    by_day = client.get("/p/filters/?day=2027-10-12")
    assert "Circle In Person" in by_day.text and "Stewardship Webinar" not in by_day.text
    # The chosen filter stays selected in the form, so the URL and the page agree.
    assert '<option selected value="2027-10-12">' in by_day.text


def test_unknown_filter_value_is_reported_and_ignored(client):
    programme = make_programme("filters")
    make_event(programme, "a", title="Only Event")

    page = client.get("/p/filters/?mode=underwater&day=not-a-day")

    assert page.status_code == 200
    assert "“underwater” is not one of the choices" in page.text
    assert "Only Event" in page.text


def test_event_page_shows_sessions_hosts_and_speakers_but_never_the_joining_link(client):
    programme = make_programme("week")
    host_org = make_organisation("Northshire Council")
    host = make_speaker("Amina Rahman", job_title="Head of Learning")
    speaker = make_speaker("Tom Okafor")
    event = make_event(
        programme,
        "learning-together",
        title="Learning Together",
        organisation=host_org,
        speakers=[(host, SpeakerRole.HOST), (speaker, SpeakerRole.SPEAKER)],
        sessions=2,
    )
    event.sessions[0].joining_url = "https://meet.example.org/secret-room"
    from hls_events.extensions import db

    db.session.commit()

    page = client.get("/p/week/events/learning-together/")

    assert page.status_code == 200
    assert "Northshire Council" in page.text
    assert "Amina Rahman" in page.text and "host" in page.text
    assert "Tom Okafor" in page.text
    assert page.text.count('class="session-list"') == 1
    assert "secret-room" not in page.text


def test_drafts_are_404_to_the_public_and_visible_to_their_organisers(client, sign_in):
    organiser = make_user(organiser=True)
    programme = make_programme("draft", status=ProgrammeStatus.DRAFT, organisers=[organiser])
    make_event(programme, "hidden", title="Hidden Event", status=EventStatus.DRAFT)
    published = make_programme("live", organisers=[organiser])
    make_event(published, "draft-event", title="Draft Event", status=EventStatus.DRAFT)

    assert client.get("/p/draft/").status_code == 404
    assert client.get("/p/draft/events/hidden/").status_code == 404
    assert client.get("/p/live/events/draft-event/").status_code == 404
    assert "Draft Event" not in client.get("/p/live/").text

    other = make_user(organiser=True)
    sign_in(other.email)
    assert client.get("/p/draft/").status_code == 404
    assert client.post("/account/sign-out").status_code == 400  # no CSRF token: refused
    client.post("/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/").text)})
    assert client.get("/p/draft/").status_code == 404

    sign_in(organiser.email)
    assert client.get("/p/draft/").status_code == 200
    assert client.get("/p/draft/events/hidden/").status_code == 200
    assert "Draft Event" in client.get("/p/live/").text


def test_unknown_slugs_are_404_pages_in_the_site_style(client):
    page = client.get("/p/no-such-programme/")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "Skip to main content" in page.text


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_a_large_programme_shows_its_schedule_one_day_at_a_time(client):
    from hls_events.programmes.services import ONE_DAY_AT_A_TIME_ABOVE

    programme = make_programme("big", starts_on=date(2027, 10, 11), days=2)
    per_day = ONE_DAY_AT_A_TIME_ABOVE // 2 + 1
    for day in (11, 12):
        for number in range(per_day):
            make_event(
                programme,
                f"day-{day}-event-{number}",
                title=f"Day {day} event {number}",
                starts_at=datetime(2027, 10, day, 9, 0, tzinfo=UTC),
            )

    first = client.get("/p/big/")
    second = client.get("/p/big/?day=2027-10-12")

    assert "so the schedule shows one day at a time" in first.text
    assert "Day 11 event 0" in first.text and "Day 12 event 0" not in first.text
    assert "Day 12 event 0" in second.text and "Day 11 event 0" not in second.text
    assert f"{per_day} sessions" in first.text
    assert 'aria-current="page"' in second.text
    assert "Any day" not in first.text
    # A small programme keeps the whole schedule on one page.
    make_event(make_programme("small"), "only", title="The only event")
    small = client.get("/p/small/")
    assert "one day at a time" not in small.text and "Any day" in small.text
