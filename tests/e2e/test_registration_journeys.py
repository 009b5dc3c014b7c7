"""Registering, waiting, cancelling and being promoted, in a real browser with real email.

Every page on the way is checked with axe-core. The outbox worker delivers over SMTP to
aiosmtpd on loopback, and the browser opens the links exactly as they arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hls_events.extensions import db
from tests.e2e.conftest import (
    assert_form_controls_labelled,
    assert_no_axe_violations,
    goto,
    sign_in,
    submit,
)
from tests.factories import make_event, make_programme, make_user
from tests.smtp import ReceivedMail

EVENT = "/p/hls-week/events/learning-circle/"
JOINING_URL = "https://meet.example.org/hls-week/learning-circle-secret"


@pytest.fixture
def app_config(app_config: dict[str, Any], mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **mail_app_config}


@pytest.fixture
def organiser(app):
    return make_user("organiser@example.org", organiser=True, name="Olive Organiser")


@pytest.fixture
def small_event(organiser):
    programme = make_programme("hls-week", title="HLS Week", organisers=[organiser])
    event = make_event(programme, "learning-circle", title="Learning Circle", capacity=1)
    event.sessions[0].joining_url = JOINING_URL
    make_event(programme, "story-session", title="Story Session", capacity=20)
    db.session.commit()
    return event


@pytest.fixture
def mail_to(deliver_outbox: Callable[..., list[ReceivedMail]]) -> Callable[[str], ReceivedMail]:
    """Deliver the outbox and return the one new email to ``address``."""

    def _mail(address: str) -> ReceivedMail:
        mails = [mail for mail in deliver_outbox() if address in mail.envelope_to]
        assert len(mails) == 1, f"expected one email to {address}: {mails}"
        return mails[0]

    return _mail


def _check(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_form_controls_labelled(page)
    assert_no_axe_violations(page)


def _register(page: Page, name: str, email: str, button: str) -> None:
    goto(page, EVENT)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Sector", exact=True).select_option(label="Local government")
    page.get_by_label("Organisation", exact=True).fill("Somewhere Council")
    assert submit(page, button).status == 302


def test_register_wait_cancel_and_be_promoted(open_page, small_event, mail_to):
    ada = open_page()
    goto(ada, EVENT)
    _check(ada, "Learning Circle")
    expect(ada.get_by_text("1 place left.")).to_be_visible()

    # A mistake is explained beside its field, and nothing is saved.
    ada.get_by_label("Your name").fill("Ada Lovelace")
    ada.get_by_label("Email address", exact=True).fill("ada@")
    assert submit(ada, "Register").status == 422
    expect(ada.get_by_role("alert").first).to_contain_text("There is a problem")
    expect(ada.get_by_label("Email address", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(ada)

    # Ada registers and has the place, with the joining details on her page and in her email.
    _register(ada, "Ada Lovelace", "ada@example.org", "Register")
    _check(ada, "Your registration")
    expect(ada.get_by_role("status").filter(has_text="You have a place")).to_be_visible()
    expect(ada.get_by_role("link", name=JOINING_URL)).to_be_visible()
    confirmation = mail_to("ada@example.org")
    assert confirmation.subject == "You have a place at Learning Circle"
    assert JOINING_URL in confirmation.text
    assert confirmation.attachment("learning-circle.ics")

    # The event is now full: Grace joins the waiting list and sees where she is.
    grace = open_page()
    goto(grace, EVENT)
    expect(grace.get_by_text("This event is full.")).to_be_visible()
    assert_no_axe_violations(grace)
    _register(grace, "Grace Hopper", "grace@example.org", "Join the waiting list")
    _check(grace, "Your registration")
    expect(grace.get_by_text("you are number 1 on the waiting list")).to_be_visible()
    expect(grace.get_by_text(JOINING_URL)).to_have_count(0)
    assert mail_to("grace@example.org").subject == "You are on the waiting list for Learning Circle"

    # Ada cancels from her email: the link opens a page with one button.
    goto(ada, confirmation.link("/cancel"))
    _check(ada, "Cancel your place")
    assert submit(ada, "Cancel my place").status == 302
    expect(ada.get_by_text("Your registration is cancelled.")).to_be_visible()
    assert_no_axe_violations(ada)

    # Grace is promoted at once and told by email; her page shows the place and the link.
    promotion = mail_to("grace@example.org")
    assert promotion.subject == "A place is yours: Learning Circle"
    assert JOINING_URL in promotion.text
    [manage] = [
        link for link in promotion.links if "/registrations/" in link and "/cancel" not in link
    ]
    goto(grace, manage)
    _check(grace, "Your registration")
    expect(grace.get_by_role("status").filter(has_text="You have a place")).to_be_visible()
    expect(grace.get_by_role("link", name=JOINING_URL)).to_be_visible()


def test_my_events_and_registering_for_several(open_page, small_event, mail_to):
    make_user("grace@example.org", name="Grace Hopper")
    page = open_page()
    sign_in(page, "grace@example.org")

    goto(page, "/p/hls-week/")
    assert_no_axe_violations(page)
    page.get_by_label("Choose to register: Learning Circle").check()
    page.get_by_label("Choose to register: Story Session").check()
    page.get_by_role("button", name="Register for the chosen events").click()
    _check(page, "Register for several events")
    expect(page.get_by_text("You are registering as")).to_be_visible()
    page.get_by_label("Sector", exact=True).select_option(
        label="Charity, community or voluntary organisation"
    )
    assert submit(page, "Register for the chosen events").status == 200
    _check(page, "Your registrations")
    expect(page.get_by_text("You have a place.")).to_have_count(2)

    page.get_by_role("link", name="My events").click()
    _check(page, "My events")
    expect(page.get_by_role("heading", name="Learning Circle")).to_be_visible()
    expect(page.get_by_role("heading", name="Story Session")).to_be_visible()
    # Cancelling asks first, on a page of its own.
    page.get_by_role("link", name="Cancel Story Session").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Cancel my place").click()
    page.wait_for_load_state("load")
    _check(page, "Your registration")
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()


def test_the_organiser_sees_who_is_coming(open_page, small_event, organiser, mail_to):
    attendee = open_page()
    _register(attendee, "Ada Lovelace", "ada@example.org", "Register")
    page = open_page()
    sign_in(page, organiser.email)
    goto(page, EVENT)
    page.get_by_role("link", name="See who has registered").click()
    _check(page, "Registrations: Learning Circle")
    expect(page.get_by_role("cell", name="Ada Lovelace ada@example.org")).to_be_visible()
    base = "/organise/p/hls-week/events/learning-circle/registrations/"
    for path, heading in (
        ("add", "Add a registration to Learning Circle"),
        ("email", "Email the people registered for Learning Circle"),
        ("settings", "Places and registration dates"),
        ("1/move", "Move Ada Lovelace to another event"),
    ):
        goto(page, base + path)
        _check(page, heading)
    goto(page, base)
    page.get_by_role("link", name="Questions").click()
    _check(page, "Questions for people registering")
    page.get_by_label("Question", exact=True).fill("What do you hope to learn?")
    assert submit(page, "Add question").status == 302
    goto(page, EVENT)
    expect(page.get_by_text("You are registering as")).to_be_visible()
    expect(page.get_by_label("What do you hope to learn?")).to_be_visible()
    assert_no_axe_violations(page)
