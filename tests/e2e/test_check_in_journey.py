"""Check-in at the door on a phone: a host finds people, ticks them arrived, undoes a tick and
adds a walk-in, on a 390px screen without sideways scrolling, every page passing axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, Response, expect
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import Registration, RegistrationStatus, User
from tests.e2e.conftest import assert_no_axe_violations, goto, sign_in, submit
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_user,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px screen"


def _press(page: Page, name: str) -> Response:
    """Press a button whose name the screen reader hears (with hidden words), and return the
    answer to the POST."""
    with (
        page.expect_event("load"),
        page.expect_response(lambda r: r.request.method == "POST") as answer,
    ):
        page.get_by_role("button", name=re.compile(name)).click()
    return answer.value


def _status(email: str) -> RegistrationStatus:
    db.session.expire_all()
    return db.session.scalar(
        select(Registration.status)
        .join(User, User.id == Registration.user_id)
        .where(User.email == email)
    )


def test_a_host_checks_people_in_on_a_phone(open_page: Callable[..., Page]):
    programme = make_programme(
        "week",
        organisers=[make_user("org@example.org", organiser=True)],
        starts_on=datetime.now(UTC).date(),
    )
    council = make_organisation("Northshire Council")
    event = make_event(
        programme,
        "circle",
        title="Learning circle about listening to people who use services",
        organisation=council,
        starts_at=datetime.now(UTC) - timedelta(minutes=5),
    )
    for name in ("Ada Lovelace", "Grace Hopper", "Katherine Johnson"):
        email = name.split()[0].lower() + "@example.org"
        make_registration(event, make_user(email, name=name), share_with_host=True)
    make_host(programme, make_user("hal@example.org", name="Hal Host"), council)

    phone = open_page(**PHONE)
    sign_in(phone, "hal@example.org")
    goto(phone, "/organise/p/week/events/circle/registrations/check-in")
    expect(phone.get_by_text("0 of 3 arrived.")).to_be_visible()
    _no_sideways_scroll(phone)
    assert_no_axe_violations(phone)

    # Find Grace by part of her email and tick her arrived.
    phone.get_by_label("Find someone by name or email").fill("grace@")
    phone.get_by_role("button", name="Find", exact=True).click()
    expect(phone.get_by_text("Ada Lovelace")).to_have_count(0)
    assert _press(phone, r"^Arrived\W+Grace Hopper$").status == 302
    expect(phone.get_by_text("Checked in Grace Hopper.")).to_be_visible()
    expect(phone.get_by_text("1 of 3 arrived.")).to_be_visible()
    assert _status("grace@example.org") == RegistrationStatus.ATTENDED

    # A tick by mistake is undone.
    assert _press(phone, r"^Undo\W+the check-in of Grace Hopper$").status == 302
    expect(phone.get_by_text("0 of 3 arrived.")).to_be_visible()
    assert _status("grace@example.org") == RegistrationStatus.CONFIRMED

    # Someone who came without registering: added and checked in, the event having started.
    phone.get_by_label("Their name").fill("Wil Walker")
    phone.get_by_label("Their email address").fill("wil@example.org")
    assert submit(phone, "Add and check in").status == 302
    expect(phone.get_by_text("Added Wil Walker and checked them in.")).to_be_visible()
    expect(phone.get_by_text("1 of 4 arrived.")).to_be_visible()
    assert _status("wil@example.org") == RegistrationStatus.ATTENDED
    _no_sideways_scroll(phone)
    assert_no_axe_violations(phone)

    # A walk-in with no name is refused, saying why, and changes nothing.
    phone.get_by_label("Their email address").fill("zed@example.org")
    assert submit(phone, "Add and check in").status == 422
    expect(phone.get_by_role("alert")).to_contain_text("Enter their name.")
    assert _status("zed@example.org") is None
    assert_no_axe_violations(phone)


def test_an_organiser_emails_everyone_with_a_place_after_a_preview_and_a_test(
    open_page: Callable[..., Page],
):
    programme = make_programme(
        "week", title="HLS Week", organisers=[make_user("org@example.org", organiser=True)]
    )
    event = make_event(programme, "circle", title="Learning circle")
    make_registration(event, make_user("ada@example.org", name="Ada Lovelace"))
    organiser = open_page()
    sign_in(organiser, "org@example.org")
    goto(organiser, "/organise/p/week/")
    organiser.get_by_role("link", name="Email people").click()
    assert_no_axe_violations(organiser)

    organiser.get_by_label("Subject").fill("Welcome")
    organiser.get_by_label("Message").fill("Hello all,\n\nSee you on Monday.\nBring a cup.")
    assert submit(organiser, "Preview").status == 200
    expect(organiser.get_by_text("Hello Sam Example,")).to_be_visible()
    assert_no_axe_violations(organiser)
    assert submit(organiser, "Send a test to yourself").status == 200
    expect(organiser.get_by_text("Sent a test to you at org@example.org.")).to_be_visible()
    assert submit(organiser, "Continue to send").status == 200
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Send this email to 1 person?")
    assert_no_axe_violations(organiser)
    assert submit(organiser, "Send to 1 person").status == 302
    expect(organiser.get_by_text("Sent your message to 1 person.")).to_be_visible()
    # The message keeps its lines through every step.
    expect(organiser.locator("pre")).to_have_text("See you on Monday.\nBring a cup.")
    assert_no_axe_violations(organiser)
