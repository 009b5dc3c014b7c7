"""Every kind of page passes axe-core's WCAG 2.2 AA checks, with realistic data on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from hls_events.extensions import db
from hls_events.models import (
    EventFormat,
    EventMode,
    EventStatus,
    ProgrammeStatus,
    SessionStatus,
    SpeakerRole,
)
from tests.e2e.conftest import (
    assert_form_controls_labelled,
    assert_no_axe_violations,
    goto,
    sign_in,
    submit,
)
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_speaker,
    make_theme,
    make_user,
)

PROGRAMME = "/p/hls-week/"
EVENT = "/p/hls-week/events/listening-well/"
ORGANISE = "/organise/p/hls-week/"
ORGANISE_EVENT = "/organise/p/hls-week/events/listening-well/"


@dataclass(frozen=True)
class Showcase:
    organiser_email: str
    first_day: date


@pytest.fixture
def showcase(app) -> Showcase:
    """A published programme with the variety a real one has, a draft, and a past one."""
    organiser = make_user("organiser@example.org", organiser=True, name="Olu Organiser")
    stewardship = make_theme("Systems stewardship")
    relational = make_theme("Relational practice")
    council = make_organisation("Gateshead Council")
    charity = make_organisation("Plymouth Alliance")
    first_day = datetime.now(UTC).date() + timedelta(days=30)
    programme = make_programme(
        "hls-week",
        title="HLS Week",
        starts_on=first_day,
        days=5,
        organisers=[organiser],
        themes=[relational, stewardship],
        summary="A week of conversations about Human Learning Systems.",
        description="Many small events.\n\nHosted by partners across the country.",
    )

    def at(day: int, hour: int) -> datetime:
        # Hours in UTC; the programme is in Europe/London.
        return datetime.combine(first_day + timedelta(days=day), datetime.min.time(), UTC).replace(
            hour=hour
        )

    listening = make_event(
        programme,
        "listening-well",
        title="Listening well",
        summary="A learning circle on listening to people who use services.",
        description="We meet twice.\n\nThe second meeting was cancelled.",
        format=EventFormat.LEARNING_CIRCLE,
        mode=EventMode.IN_PERSON,
        organisation=council,
        access_arrangements="Step-free access and a quiet room.",
        starts_at=at(0, 9),
        sessions=2,
        themes=[relational],
        speakers=[
            (
                make_speaker(
                    "Amira Patel",
                    pronouns="she/her",
                    job_title="Learning lead",
                    organisation=council,
                ),
                SpeakerRole.HOST,
            ),
            (make_speaker("Tom Reyes", job_title="Researcher"), SpeakerRole.SPEAKER),
        ],
    )
    listening.sessions[1].status = SessionStatus.CANCELLED
    listening.sessions[1].venue_name = "Civic Centre"
    db.session.commit()
    make_event(
        programme,
        "funding-webinar",
        title="Funding for learning",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation=charity,
        is_recorded=True,
        starts_at=at(1, 13),
        themes=[stewardship],
    )
    make_event(
        programme,
        "story-session",
        title="Stories from the front line",
        format=EventFormat.STORY_SESSION,
        mode=EventMode.HYBRID,
        status=EventStatus.CANCELLED,
        starts_at=at(2, 15),
    )
    make_event(programme, "draft-panel", title="Draft panel", status=EventStatus.DRAFT)
    make_event(programme, "time-to-come", title="Time to come", sessions=0)
    make_programme(
        "draft-week", title="Draft Week", status=ProgrammeStatus.DRAFT, organisers=[organiser]
    )
    make_programme("hls-week-2020", title="HLS Week 2020", starts_on=date(2020, 10, 5))
    return Showcase(organiser_email=organiser.email, first_day=first_day)


# --- Public pages ------------------------------------------------------------------------

PUBLIC_PAGES = [
    pytest.param("/", 200, "Current and upcoming programmes", None, id="home"),
    pytest.param(PROGRAMME, 200, "HLS Week", "Listening well", id="programme"),
    pytest.param(PROGRAMME + "?mode=online", 200, "HLS Week", "match your filters", id="filtered"),
    pytest.param(
        PROGRAMME + "?mode=underwater&day=someday",
        200,
        "HLS Week",
        "“underwater” is not one of the choices, so it was ignored.",
        id="invalid-filter",
    ),
    pytest.param(EVENT, 200, "Listening well", "Hosts and speakers", id="event"),
    pytest.param(
        "/p/hls-week/events/story-session/",
        200,
        "Stories from the front line",
        "This event has been cancelled.",
        id="cancelled-event",
    ),
    pytest.param("/p/no-such-programme/", 404, "Page not found", None, id="not-found"),
    pytest.param("/account/sign-in", 200, "Sign in", None, id="sign-in"),
]


@pytest.mark.parametrize(("path", "status", "heading", "text"), PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page: Page, showcase, path, status, heading, text):
    goto(page, path, status)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if text:
        expect(page.get_by_text(text).first).to_be_visible()
    assert_form_controls_labelled(page)
    assert_no_axe_violations(page)


def test_sign_in_with_a_wrong_password_shows_errors_accessibly(page: Page, showcase):
    goto(page, "/account/sign-in")
    page.get_by_label("Email address").fill(showcase.organiser_email)
    page.get_by_label("Password", exact=True).fill("not the password")

    assert submit(page, "Sign in").status == 422

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("do not match an account").first).to_be_visible()
    assert_no_axe_violations(page)


# --- Organiser pages ---------------------------------------------------------------------


def _open(path: str, heading: str) -> Callable[[Page], None]:
    def step(page: Page) -> None:
        goto(page, path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    return step


def _submit_with_errors(path: str, button: str, fill: dict[str, str] | None = None):
    def step(page: Page) -> None:
        goto(page, path)
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        assert submit(page, button).status == 422
        expect(page.get_by_role("alert")).to_contain_text("There is a problem")
        expect(page.locator("[aria-invalid=true]").first).to_be_visible()

    return step


ORGANISER_PAGES = [
    pytest.param(_open("/organise/", "Organise"), id="dashboard"),
    pytest.param(_open(ORGANISE, "HLS Week"), id="programme"),
    pytest.param(_open("/organise/programmes/new", "Create a programme"), id="new-programme"),
    pytest.param(
        _submit_with_errors(
            "/organise/programmes/new", "Create programme", {"Time zone": "Mars/Olympus"}
        ),
        id="new-programme-errors",
    ),
    pytest.param(_open(ORGANISE + "edit", "Edit HLS Week"), id="edit-programme"),
    pytest.param(_open(ORGANISE + "events/new", "Add an event to HLS Week"), id="new-event"),
    pytest.param(
        _submit_with_errors(ORGANISE + "events/new", "Add event", {"Places": "-3"}),
        id="new-event-errors",
    ),
    pytest.param(_open(ORGANISE_EVENT, "Listening well"), id="event"),
    pytest.param(_open(ORGANISE_EVENT + "edit", "Edit Listening well"), id="edit-event"),
    pytest.param(
        _open(ORGANISE_EVENT + "sessions/new", "Add a session to Listening well"), id="new-session"
    ),
    pytest.param(
        _submit_with_errors(
            ORGANISE_EVENT + "sessions/new", "Add session", {"Joining link": "not a link"}
        ),
        id="new-session-errors",
    ),
    pytest.param(_open(PROGRAMME, "HLS Week"), id="public-programme-as-organiser"),
    pytest.param(_open("/p/draft-week/", "Draft Week"), id="draft-programme-as-organiser"),
]


@pytest.mark.parametrize("step", ORGANISER_PAGES)
def test_organiser_page_has_no_axe_violations(page: Page, showcase, step):
    sign_in(page, showcase.organiser_email)
    step(page)
    assert_form_controls_labelled(page)
    assert_no_axe_violations(page)


# --- Small screens and keyboards ---------------------------------------------------------


@pytest.mark.parametrize("path", [PROGRAMME, EVENT, "/"])
def test_page_fits_a_phone_without_scrolling_sideways(open_page, showcase, path):
    page = open_page(viewport={"width": 375, "height": 812})
    goto(page, path)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == 375
    assert widths["scroll"] <= widths["client"], f"{path} scrolls sideways at 375px: {widths}"
    assert_no_axe_violations(page)


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, showcase):
    goto(page, PROGRAMME)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_organiser_pages_fit_a_phone_without_scrolling_sideways(open_page, showcase):
    page = open_page(viewport={"width": 375, "height": 812})
    sign_in(page, showcase.organiser_email)
    for path in ("/organise/", ORGANISE, ORGANISE_EVENT, ORGANISE + "events/new"):
        goto(page, path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path} scrolls sideways at 375px: {widths}"
