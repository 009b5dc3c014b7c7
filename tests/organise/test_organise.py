from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import Event, EventSession, EventStatus, Programme, ProgrammeStatus
from tests.factories import make_event, make_programme, make_theme, make_user


def _programme_data(**overrides):
    data = {
        "title": "HLS Week 2031",
        "slug": "",
        "summary": "A week of learning together.",
        "description": "",
        "timezone": "Europe/London",
        "starts_on": "2031-10-13",
        "ends_on": "2031-10-17",
        "new_themes": "Learning culture, Relational practice",
    }
    data.update(overrides)
    return data


def test_organiser_creates_and_publishes_a_programme(client, sign_in, post_form):
    make_user("org@example.org", organiser=True)
    sign_in("org@example.org")

    response = post_form("/organise/programmes/new", _programme_data())

    assert response.status_code == 302
    programme = db.session.scalar(select(Programme))
    assert programme.slug == "hls-week-2031"
    assert programme.status == ProgrammeStatus.DRAFT
    assert [t.name for t in programme.themes] == ["Learning culture", "Relational practice"]
    assert client.get("/p/hls-week-2031/").status_code == 200  # the organiser sees the draft

    post_form("/organise/p/hls-week-2031/", {}, action="/organise/p/hls-week-2031/status/published")
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == ProgrammeStatus.PUBLISHED


def test_programme_form_with_errors_rerenders_and_changes_nothing(client, sign_in, post_form):
    make_user("org@example.org", organiser=True)
    sign_in("org@example.org")

    response = post_form(
        "/organise/programmes/new",
        _programme_data(title="", timezone="Mars/Olympus", ends_on="2031-10-01", slug="Bad Slug"),
    )

    assert response.status_code == 422
    assert "Enter a title." in response.text
    assert "Enter a time zone from the list" in response.text
    assert "The last day must be on or after the first day." in response.text
    assert "Use lower-case letters" in response.text
    assert 'value="Mars/Olympus"' in response.text  # what was typed is kept
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_duplicate_programme_slug_is_a_field_error(client, sign_in, post_form):
    make_user("org@example.org", organiser=True)
    make_programme("taken")
    sign_in("org@example.org")

    response = post_form("/organise/programmes/new", _programme_data(slug="taken"))

    assert response.status_code == 422
    assert "Another programme already uses this web address name." in response.text


def test_event_and_session_forms(client, sign_in, post_form):
    organiser = make_user("org@example.org", organiser=True)
    theme = make_theme("Systems stewardship")
    make_programme("week", organisers=[organiser], starts_on=date(2031, 10, 13))
    sign_in("org@example.org")

    response = post_form(
        "/organise/p/week/events/new",
        {
            "title": "Stewardship in practice",
            "format": "workshop",
            "mode": "online",
            "organisation_id": "0",
            "new_organisation": "Northshire Council",
            "capacity": "40",
            "themes": [str(theme.id)],
        },
    )
    assert response.status_code == 302, response.text
    event = db.session.scalar(select(Event))
    assert event.slug == "stewardship-in-practice"
    assert event.organisation.name == "Northshire Council"
    assert event.status == EventStatus.DRAFT

    session_url = "/organise/p/week/events/stewardship-in-practice/sessions/new"
    bad = post_form(session_url, {"day": "2031-11-01", "starts_at": "11:00", "ends_at": "10:00"})
    assert bad.status_code == 422
    assert "Choose a day within the programme" in bad.text
    assert "The session must end after it starts." in bad.text
    assert db.session.scalar(select(func.count(EventSession.id))) == 0

    good = post_form(
        session_url,
        {
            "day": "2031-10-14",
            "starts_at": "10:00",
            "ends_at": "11:30",
            "joining_url": "https://meet.example.org/room",
        },
    )
    assert good.status_code == 302
    session = db.session.scalar(select(EventSession))
    # 10:00 BST on 14 October is 09:00 UTC.
    assert session.starts_at == datetime(2031, 10, 14, 9, 0, tzinfo=UTC)

    edit_url = f"/organise/p/week/events/stewardship-in-practice/sessions/{session.id}/edit"
    post_form(
        edit_url,
        {
            "day": "2031-10-15",
            "starts_at": "14:00",
            "ends_at": "15:00",
            "joining_url": "https://meet.example.org/room",
        },
    )
    db.session.expire_all()
    session = db.session.scalar(select(EventSession))
    assert session.starts_at == datetime(2031, 10, 15, 13, 0, tzinfo=UTC)
    assert session.sequence == 1


def test_a_session_edited_with_a_time_left_out_is_refused_and_kept(client, sign_in, post_form):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    event = make_event(programme, "e", status=EventStatus.DRAFT)
    session = event.sessions[0]
    starts_at, ends_at = session.starts_at, session.ends_at
    sign_in("org@example.org")
    edit_url = f"/organise/p/week/events/e/sessions/{session.id}/edit"
    for sent in ({"day": "2031-10-15", "ends_at": "11:00"}, {"day": "2031-10-15"}):
        response = post_form(edit_url, sent)
        assert response.status_code == 422
        assert "Enter the start time." in response.text
    response = post_form(edit_url, {"day": "2031-10-15", "starts_at": "10:00"})
    assert response.status_code == 422
    assert "Enter the end time." in response.text
    db.session.expire_all()
    kept = db.session.get(EventSession, session.id)
    assert (kept.starts_at, kept.ends_at) == (starts_at, ends_at)


def test_session_in_the_spring_forward_gap_is_refused(client, sign_in, post_form):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("spring", organisers=[organiser], starts_on=date(2031, 3, 28))
    make_event(programme, "e", status=EventStatus.DRAFT, sessions=0)
    sign_in("org@example.org")

    # Clocks go forward at 01:00 on Sunday 30 March 2031 in Europe/London.
    response = post_form(
        "/organise/p/spring/events/e/sessions/new",
        {"day": "2031-03-30", "starts_at": "01:30", "ends_at": "03:00"},
    )

    assert response.status_code == 422
    assert "does not happen on 30 March 2031" in response.text
    assert db.session.scalar(select(func.count(EventSession.id))) == 0


def test_removing_a_published_session_keeps_it_as_cancelled(client, sign_in, post_form):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    event = make_event(programme, "e")
    session_id = event.sessions[0].id
    sign_in("org@example.org")

    confirm = client.get(f"/organise/p/week/events/e/sessions/{session_id}/remove")
    assert "Cancel this session: 0 people registered" in confirm.text
    post_form(
        "/organise/p/week/events/e/",
        {"confirm": "yes"},
        action=f"/organise/p/week/events/e/sessions/{session_id}/remove",
    )

    db.session.expire_all()
    session = db.session.get(EventSession, session_id)
    assert session.is_cancelled and session.sequence == 1


def test_organise_pages_are_guarded(client, sign_in):
    organiser = make_user("org@example.org", organiser=True)
    make_programme("draft", organisers=[organiser], status=ProgrammeStatus.DRAFT)
    make_programme("live", organisers=[organiser])
    make_user("attendee@example.org")

    anonymous = client.get("/organise/p/live/")
    assert anonymous.status_code == 302 and "/account/sign-in" in anonymous.location
    assert client.get("/organise/programmes/new").status_code == 302

    sign_in("attendee@example.org")
    assert client.get("/organise/").status_code == 200
    assert client.get("/organise/programmes/new").status_code == 403
    assert client.get("/organise/p/live/").status_code == 403
    assert client.get("/organise/p/draft/").status_code == 404


def test_posts_without_csrf_token_are_refused(client, sign_in):
    make_user("org@example.org", organiser=True)
    sign_in("org@example.org")

    response = client.post("/organise/programmes/new", data=_programme_data())

    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Programme.id))) == 0
