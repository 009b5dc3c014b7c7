"""What organisers and visitors do, start to finish, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.localtime import format_day
from hls_events.models import EventSession, ProgrammeStatus
from tests.e2e.conftest import goto, sign_in, submit
from tests.factories import make_event, make_programme, make_user


def test_organiser_builds_and_publishes_a_programme_that_a_visitor_then_finds(
    open_page: Callable[..., Page],
):
    make_user("olu@example.org", organiser=True, name="Olu")
    first_day = datetime.now(UTC).date() + timedelta(days=40)
    session_day = first_day + timedelta(days=1)
    organiser = open_page()

    # The organiser signs in and creates a draft programme with a new theme.
    sign_in(organiser, "olu@example.org")
    organiser.get_by_role("link", name="Create a programme").click()
    organiser.get_by_label("Title", exact=True).fill("Learning Together Week")
    organiser.get_by_label("Summary", exact=True).fill("Five days of learning from each other.")
    organiser.get_by_label("Time zone").fill("Europe/London")
    organiser.get_by_label("First day").fill(first_day.isoformat())
    organiser.get_by_label("Last day").fill((first_day + timedelta(days=4)).isoformat())
    organiser.get_by_label("Add themes").fill("Relational practice")
    assert submit(organiser, "Create programme").status == 302
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Learning Together Week")
    expect(organiser.get_by_role("status")).to_contain_text("It is a draft until you publish it")
    programme_path = "/p/learning-together-week/"
    assert organiser.url.endswith("/organise" + programme_path)

    # Until it is published, nobody else can see it.
    visitor = open_page()
    goto(visitor, programme_path, 404)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Page not found")

    # An event with a format, a mode, a new host and a number of places.
    organiser.get_by_role("link", name="Add an event").click()
    organiser.get_by_label("Title", exact=True).fill("Listening to people who use services")
    organiser.get_by_label("Summary", exact=True).fill("A learning circle on listening well.")
    organiser.get_by_label("Format").select_option(label="Learning circle")
    organiser.get_by_label("Mode").select_option(label="In person")
    organiser.get_by_label("Or add a hosting organisation").fill("Gateshead Council")
    organiser.get_by_label("Places").fill("30")
    organiser.get_by_label("Relational practice").check()
    assert submit(organiser, "Add event").status == 302
    expect(organiser.get_by_role("heading", level=1)).to_have_text(
        "Listening to people who use services"
    )
    expect(organiser.get_by_text("Status: Draft")).to_be_visible()

    # A session on the second day of the programme, 10:00 to 11:30 London time.
    organiser.get_by_role("link", name="Add a session").click()
    expect(organiser.get_by_text("Enter times in Europe/London time.")).to_be_visible()
    organiser.get_by_label("Day").fill(session_day.isoformat())
    organiser.get_by_label("Starts").fill("10:00")
    organiser.get_by_label("Ends").fill("11:30")
    organiser.get_by_label("Venue", exact=True).fill("Gateshead Civic Centre")
    assert submit(organiser, "Add session").status == 302
    sessions = organiser.get_by_role("table", name="Sessions of Listening to people")
    expect(sessions).to_contain_text(f"{format_day(session_day)}, 10:00 to 11:30")
    expect(sessions).to_contain_text("Gateshead Civic Centre")

    # Publish the event, then the programme, then sign out.
    assert submit(organiser, "Publish event").status == 302
    expect(organiser.get_by_role("status")).to_contain_text("is now published")
    expect(organiser.get_by_text("Status: Published")).to_be_visible()
    organiser.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Learning Together Week"
    ).click()
    assert submit(organiser, "Publish programme").status == 302
    expect(organiser.get_by_role("status")).to_contain_text(
        "Learning Together Week is now published"
    )
    assert submit(organiser, "Sign out").status == 302
    expect(organiser.get_by_role("status")).to_contain_text("You have signed out")
    expect(organiser.get_by_role("link", name="Sign in")).to_be_visible()

    # A visitor finds the programme on the home page and the event on its day at 10:00.
    goto(visitor, "/")
    visitor.get_by_role("link", name="Learning Together Week").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Learning Together Week")
    expect(visitor.get_by_text("Times are in Europe/London time.")).to_be_visible()
    day = visitor.get_by_role("region", name=format_day(session_day), exact=True)
    expect(day).to_contain_text("10:00 to 11:30")
    ten_in_london = datetime.combine(session_day, time(10), ZoneInfo("Europe/London"))
    expect(day.locator("time").first).to_have_attribute("datetime", ten_in_london.isoformat())
    expect(day.get_by_role("link", name="Listening to people who use services")).to_be_visible()
    expect(visitor.get_by_role("region", name=format_day(first_day), exact=True)).to_have_count(0)

    # Filtering by mode: online hides it, in person shows it.
    visitor.get_by_label("Mode").select_option(label="Online")
    visitor.get_by_role("button", name="Show events").click()
    expect(visitor).to_have_url(re.compile(r"[?&]mode=online(&|$|#)"))
    expect(visitor.get_by_text("0 events match your filters.")).to_be_visible()
    expect(visitor.get_by_role("link", name="Listening to people who use services")).to_have_count(
        0
    )
    visitor.get_by_label("Mode").select_option(label="In person")
    visitor.get_by_role("button", name="Show events").click()
    expect(visitor.get_by_text("1 event matches your filters.")).to_be_visible()
    expect(visitor.get_by_label("Mode")).to_have_value("in_person")

    # The event's own page.
    visitor.get_by_role("link", name="Listening to people who use services").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Listening to people who use services"
    )
    expect(visitor).to_have_url(
        re.compile(re.escape(f"{programme_path}events/listening-to-people-who-use-services/") + "$")
    )
    expect(visitor.get_by_role("main")).to_contain_text(
        f"{format_day(session_day)}, 10:00 to 11:30"
    )
    expect(visitor.get_by_text("Hosted by Gateshead Council")).to_be_visible()
    expect(visitor.get_by_text("Relational practice")).to_be_visible()


def test_a_draft_programme_is_a_not_found_page_for_visitors(page: Page):
    make_programme("secret-week", title="Secret Week", status=ProgrammeStatus.DRAFT)
    make_programme("open-week", title="Open Week")

    goto(page, "/p/secret-week/", 404)

    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text("Secret Week")
    goto(page, "/")
    expect(page.get_by_role("link", name="Open Week")).to_be_visible()
    expect(page.get_by_role("link", name="Secret Week")).to_have_count(0)


def test_a_session_in_the_spring_forward_gap_is_refused_and_nothing_is_saved(page: Page):
    # Clocks in London go from 01:00 to 02:00 on Sunday 31 March 2030: 01:30 never happens.
    organiser = make_user(organiser=True)
    programme = make_programme(
        "spring-week",
        title="Spring Week",
        starts_on=date(2030, 3, 29),
        days=4,
        organisers=[organiser],
    )
    make_event(programme, "early-walk", title="Early walk", sessions=0)
    email = organiser.email
    db.session.rollback()
    sign_in(page, email)
    goto(page, "/organise/p/spring-week/events/early-walk/sessions/new")

    page.get_by_label("Day").fill("2030-03-31")
    page.get_by_label("Starts").fill("01:30")
    page.get_by_label("Ends").fill("03:00")
    assert submit(page, "Add session").status == 422

    message = "01:30 does not happen on 31 March 2030 in Europe/London: the clocks go forward."
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("Starts")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Starts")).to_have_accessible_description(
        re.compile(re.escape(message))
    )
    expect(page.get_by_label("Starts")).to_have_value("01:30")

    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EventSession)) == 0
    goto(page, "/organise/p/spring-week/events/early-walk/")
    expect(page.get_by_text("No sessions yet.")).to_be_visible()
