"""Choosing Cymraeg with the link on the page and registering in Welsh, in a real browser,
with real email.

Every page on the way is checked with axe-core (in Welsh, `lang="cy"` on the page and
`lang="en-GB"` on the link back to English).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    assert_form_controls_labelled,
    assert_no_axe_violations,
    goto,
    submit,
)
from tests.factories import make_event, make_programme, make_user
from tests.smtp import ReceivedMail

PROGRAMME = "/p/wythnos/"
EVENT = PROGRAMME + "events/cylch/"


@pytest.fixture
def app_config(app_config: dict[str, Any], mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **mail_app_config}


@pytest.fixture
def event(app):
    organiser = make_user("trefnydd@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("wythnos", title="HLS Week", organisers=[organiser])
    return make_event(programme, "cylch", title="Learning Circle", capacity=2)


def _check(page: Page, heading: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_form_controls_labelled(page)
    assert_no_axe_violations(page)


def test_a_welsh_reader_registers_in_welsh(
    open_page: Callable[..., Page], event, deliver_outbox: Callable[..., list[ReceivedMail]]
):
    elin = open_page()
    goto(elin, PROGRAMME)
    with elin.expect_event("load"):
        elin.get_by_role("link", name="Cymraeg").click()
    _check(elin, "HLS Week")
    expect(elin.get_by_role("heading", name="Hidlo'r amserlen")).to_be_visible()
    expect(elin.get_by_role("link", name="English")).to_have_attribute("lang", "en-GB")

    goto(elin, EVENT)
    _check(elin, "Learning Circle")
    expect(elin.get_by_text("2 le ar ôl.")).to_be_visible()  # "dau le": soft mutation
    elin.get_by_label("Eich enw").fill("Elin Jones")
    elin.get_by_label("Cyfeiriad e-bost", exact=True).fill("elin@example.org")
    elin.get_by_label("Sector", exact=True).select_option(label="Llywodraeth leol")
    assert submit(elin, "Cofrestru").status == 302

    _check(elin, "Eich cofrestriad")
    expect(elin.get_by_text("Mae gennych chi le yn y digwyddiad hwn.")).to_be_visible()

    [mail] = [m for m in deliver_outbox() if "elin@example.org" in m.envelope_to]
    assert mail.subject == "Mae gennych chi le yn Learning Circle"
    assert "Helo Elin Jones," in mail.text

    # A wrong answer comes back in Welsh too, and changes nothing.
    other = open_page()
    goto(other, "/language/cy?next=" + EVENT)
    other.get_by_label("Eich enw").fill("Rhys")
    other.get_by_label("Cyfeiriad e-bost", exact=True).fill("nid-cyfeiriad")
    other.get_by_label("Sector", exact=True).select_option(label="Llywodraeth leol")
    assert submit(other, "Cofrestru").status == 422
    expect(other.get_by_text("Mae problem")).to_be_visible()
    assert_no_axe_violations(other)
