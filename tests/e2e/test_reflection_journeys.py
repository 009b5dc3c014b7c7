"""Reflecting, changing who may read it, searching the practice record and writing up a
session, in a real browser. Every page on the way is checked with axe-core."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from hls_events.models import RegistrationStatus, SpeakerRole, Visibility, utcnow
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
    make_reflection,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
)

EVENT = "/p/hls-week-2025/events/learning-circle/"


@pytest.fixture
def scene(app):
    now = utcnow()
    organiser = make_user("organiser@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme(
        "hls-week-2025",
        title="HLS Week 2025",
        organisers=[organiser],
        starts_on=(now - timedelta(days=10)).date(),
        days=20,
    )
    theme = make_theme("Learning culture")
    make_theme("Relational practice")
    speaker_user = make_user("sam@example.org", name="Sam Speaker")
    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    event = make_event(
        programme,
        "learning-circle",
        title="Learning Circle",
        organisation=make_organisation("Gateshead Council"),
        starts_at=now - timedelta(days=2),
        themes=[theme],
        speakers=[(speaker, SpeakerRole.HOST)],
    )
    attendee = make_user("ada@example.org", name="Ada Attendee")
    make_registration(event, attendee, status=RegistrationStatus.ATTENDED)
    other = make_user("bo@example.org", name="Bo Other")
    make_registration(event, other)
    make_reflection(
        event,
        other,
        "The circle held <b>silence</b> well; we trusted each other.",
        themes=[theme],
        principles="human",
    )
    make_reflection(
        event, make_user(), "A private note about trust.", visibility=Visibility.PRIVATE
    )
    return {"organiser": organiser, "attendee": attendee, "speaker": speaker_user}


def _search(page: Page) -> None:
    """Submit the record's search form (a GET, so no POST to wait for)."""
    with page.expect_event("load"):
        page.get_by_role("button", name="Search", exact=True).click()


def _check(page: Page, heading: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_form_controls_labelled(page)
    assert_no_axe_violations(page)


def test_an_attendee_reflects_then_makes_it_private(open_page, scene):
    ada = open_page()
    sign_in(ada, "ada@example.org")
    goto(ada, EVENT)
    _check(ada, "Learning Circle")
    ada.get_by_role("link", name="Reflect on this event").click()
    _check(ada, "Reflect on Learning Circle")

    # Nothing answered: a clear message, nothing saved.
    ada.get_by_role("radio", name=re.compile(r"^Everyone:")).check()
    ada.get_by_role("radio", name=re.compile(r"^With my name")).check()
    assert submit(ada, "Save your reflection").status == 422
    expect(ada.get_by_role("alert")).to_contain_text("Write an answer to at least one question.")
    _check(ada, "Reflect on Learning Circle")

    ada.get_by_label("What happened, and how did it feel?").fill(
        "We listened to a family's story and it changed how I see our front door."
    )
    ada.get_by_label("What will you try next, as a small experiment?").fill(
        "Open our huddle with a story."
    )
    ada.get_by_role("checkbox", name=re.compile(r"^Human")).check()
    ada.get_by_role("checkbox", name="Learning culture").check()
    assert submit(ada, "Save your reflection").status == 302
    _check(ada, "Reflection on Learning Circle")
    expect(ada.get_by_text("Your reflection is saved.")).to_be_visible()
    expect(ada.get_by_text("Ada Attendee (yours)")).to_be_visible()
    reflection_url = ada.url

    visitor = open_page()
    goto(visitor, "/practice/")
    expect(visitor.get_by_text("front door").first).to_be_visible()

    # Ada changes her mind: only her, and anonymous.
    ada.get_by_role("link", name="Change your reflection or these choices").click()
    _check(ada, "Your reflection on Learning Circle")
    expect(ada.get_by_label("What happened, and how did it feel?")).to_have_value(
        re.compile("front door")
    )
    ada.get_by_role("radio", name=re.compile(r"^Only me")).check()
    ada.get_by_role("radio", name=re.compile(r"^Anonymously")).check()
    assert submit(ada, "Save your changes").status == 302
    expect(ada.get_by_text("Who can read it:")).to_contain_text("Only me")

    goto(visitor, "/practice/")
    expect(visitor.get_by_text("front door")).to_have_count(0)
    visitor.goto(reflection_url)
    expect(visitor).to_have_url(re.compile("/account/sign-in"))

    goto(ada, "/reflections/")
    _check(ada, "Your reflections and write-ups")
    expect(ada.get_by_text("Who can read it:").first).to_contain_text("Only me")


def test_a_visitor_searches_the_record(open_page, scene):
    page = open_page()
    goto(page, "/")
    page.get_by_role("link", name="Practice record").click()
    _check(page, "The practice record")
    page.get_by_label("Search", exact=True).fill("trusting")
    _search(page)
    _check(page, "The practice record")
    expect(page.get_by_role("heading", name=re.compile("1 entry matches"))).to_be_visible()
    result = page.locator("li.entry").first
    expect(result.locator("mark")).to_have_text("trusted")
    # The entry's own markup is never markup here: the snippet quotes it as text.
    expect(result).to_contain_text("silence")
    expect(result.locator("b")).to_have_count(0)
    expect(page.get_by_text("A private note")).to_have_count(0)

    page.get_by_label("Principle").select_option(label="Systems")
    _search(page)
    expect(page.get_by_role("heading", name=re.compile("0 entries match"))).to_be_visible()
    _check(page, "The practice record")

    goto(page, "/practice/?programme=hls-week-2025")
    page.get_by_role("link", name="Learning report").click()
    _check(page, "Learning report: HLS Week 2025")
    expect(page.get_by_role("heading", name="Learning culture (1)")).to_be_visible()


def test_a_speaker_writes_up_their_session(open_page, scene):
    sam = open_page()
    sign_in(sam, "sam@example.org")
    goto(sam, EVENT)
    sam.get_by_role("link", name="Write up your session").click()
    _check(sam, "Write up Learning Circle")
    sam.get_by_label("Title").fill("Holding a learning circle")
    sam.get_by_label("Your write-up").fill(
        "## What we did\n\n- listened\n- asked\n\n<script>alert(1)</script>\n\n"
        "[Guide](https://example.org/guide)"
    )
    sam.get_by_label("Link to your slides (optional)").fill("not a link")
    assert submit(sam, "Publish").status == 422
    _check(sam, "Write up Learning Circle")
    sam.get_by_label("Link to your slides (optional)").fill("https://example.org/slides")
    assert submit(sam, "Publish").status == 302
    _check(sam, "Holding a learning circle")
    expect(sam.get_by_role("heading", name="What we did")).to_be_visible()
    expect(sam.get_by_role("link", name="Guide")).to_have_attribute(
        "href", "https://example.org/guide"
    )
    assert sam.locator("article script").count() == 0

    visitor = open_page()
    goto(visitor, EVENT)
    expect(
        visitor.get_by_role("link", name="Holding a learning circle", exact=True)
    ).to_be_visible()
    expect(visitor.get_by_text("Write-up by Sam Speaker")).to_be_visible()


def test_an_organiser_curates_and_edits_the_prompts(open_page, scene):
    olive = open_page()
    sign_in(olive, "organiser@example.org")
    goto(olive, "/practice/?programme=hls-week-2025")
    olive.get_by_role("link", name="Reflection on Learning Circle").first.click()
    _check(olive, "Reflection on Learning Circle")
    olive.get_by_role("link", name="Hide it, with a reason").click()
    _check(olive, re.compile("^Curate:"))
    assert submit(olive, "Hide it").status == 422
    _check(olive, re.compile("^Curate:"))
    olive.get_by_label("Why hide it?").fill("It names a colleague; could you edit it?")
    assert submit(olive, "Hide it").status == 302
    expect(olive.get_by_text("Hidden by the organisers").first).to_be_visible()

    goto(olive, "/p/hls-week-2025/practice/prompts")
    _check(olive, "The questions reflections ask")
    olive.get_by_label("Question 1", exact=True).fill("What surprised you?")
    assert submit(olive, "Save the questions").status == 302
    _check(olive, "The questions reflections ask")
