"""Where each event stands, in the programme's schedule and on its page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from hls_events.extensions import db
from hls_events.models import EventStatus, RegistrationStatus, SessionStatus
from tests.factories import make_event, make_programme, make_registration, make_user

STARTS = date(2030, 10, 7)


def _events(text: str) -> dict[str, str]:
    """Each schedule entry's text, by its event's heading."""
    entries = re.findall(
        r'<li class="session[^"]*">(.*?)</li>\s*(?=<li class="session|</ol>)', text, re.S
    )
    by_title = {}
    for entry in entries:
        title = re.search(r"<h4><a [^>]*>([^<]*)</a>", entry).group(1)
        by_title.setdefault(title, "")
        by_title[title] += re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", entry))
    return by_title


def _choices(text: str) -> list[str]:
    return re.findall(r'name="events" value="([^"]+)"', text)


def test_each_event_says_where_it_stands_and_only_open_ones_are_offered(client, sign_in):
    programme = make_programme("week", starts_on=STARTS)
    at = datetime(2030, 10, 7, 9, tzinfo=UTC)
    roomy = make_event(programme, "roomy", title="Roomy", starts_at=at, capacity=10, sessions=2)
    full = make_event(programme, "full", title="Full up", starts_at=at, capacity=1)
    mine = make_event(programme, "mine", title="Mine", starts_at=at, capacity=5)
    waiting = make_event(programme, "waiting", title="Waiting", starts_at=at, capacity=1)
    later = make_event(
        programme,
        "later",
        title="Later",
        starts_at=at,
        registration_opens_at=datetime.now(UTC) + timedelta(days=3),
    )
    make_event(programme, "off", title="Called off", starts_at=at, status=EventStatus.CANCELLED)
    gone = make_event(programme, "gone", title="All gone", starts_at=at)
    gone.sessions[0].status = SessionStatus.CANCELLED
    db.session.commit()
    ada = make_user("ada@example.org")
    make_registration(full)
    make_registration(mine, ada)
    make_registration(waiting)
    for position in (1, 2, 3):
        make_registration(waiting, status=RegistrationStatus.WAITLISTED, waitlist_position=position)
    make_registration(waiting, ada, status=RegistrationStatus.WAITLISTED, waitlist_position=4)

    anonymous = _events(client.get("/p/week/").text)
    assert "10 places left" in anonymous["Roomy"]
    assert "Full: join the waiting list" in anonymous["Full up"]
    assert "Registration opens on" in anonymous["Later"]
    assert "Cancelled" in anonymous["Called off"]
    assert "Cancelled" in anonymous["All gone"]

    sign_in("ada@example.org")
    page = client.get("/p/week/")
    signed_in = _events(page.text)
    assert "You have a place" in signed_in["Mine"]
    assert "You are number 4 on the waiting list" in signed_in["Waiting"]
    # Open with places, and not already held; a two-session event is offered once.
    assert _choices(page.text) == ["roomy"]
    assert later.id and roomy.id  # made, and shown above


def test_an_event_whose_sessions_are_all_cancelled_takes_no_registrations(client):
    programme = make_programme("week", starts_on=STARTS)
    event = make_event(programme, "gone", title="All gone", sessions=2)
    for session in event.sessions:
        session.status = SessionStatus.CANCELLED
    db.session.commit()

    page = client.get("/p/week/events/gone/")

    assert "cancelled, so it is not taking registrations" in page.text
    assert 'name="email"' not in page.text


def test_a_past_event_offers_no_add_to_calendar(client):
    programme = make_programme("past", starts_on=date(2021, 10, 4))
    make_event(programme, "done", title="Done")
    upcoming = make_programme("soon", starts_on=STARTS)
    make_event(upcoming, "soon", title="Soon")

    past = client.get("/p/past/events/done/").text
    soon = client.get("/p/soon/events/soon/").text

    assert "calendar.google.com" in soon and "calendar.ics" in soon
    assert "calendar.google.com" not in past
    assert "/events/done/calendar.ics" not in past


def test_the_schedule_comes_first_with_one_calendar_control_and_markdown(client):
    programme = make_programme(
        "week", starts_on=STARTS, description="A week of **learning**.\n\n<script>x()</script>"
    )
    make_event(programme, "circle", title="Circle", description="Bring *questions*.")

    text = client.get("/p/week/?mode=online").text
    event = client.get("/p/week/events/circle/").text

    assert text.index('id="schedule"') < text.index('id="about"')
    assert text.count("<details") >= 1 and "<summary>Add to your calendar</summary>" in text
    assert 'action="/p/week/#results"' in text
    assert re.search(r'id="results"[^>]*>\s*1 event matches your filters', text)
    assert "<strong>learning</strong>" in text and "**" not in text
    assert "<script>x()" not in text
    assert "<em>questions</em>" in event
