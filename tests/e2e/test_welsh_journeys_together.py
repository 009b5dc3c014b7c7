"""The main journeys done in Welsh, in a real browser: choosing Cymraeg with the language link,
registering, reflecting, and an organiser publishing a programme.

Every page on the way says lang="cy" and passes axe-core. The pages of the registration and the
programme itself are translated elsewhere: here they are checked for the language and
accessibility only, and found by what does not change with the language (ids, addresses).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from hls_events.models import ProgrammeStatus, RegistrationStatus, utcnow
from tests.e2e.conftest import assert_no_axe_violations, goto
from tests.factories import PASSWORD, make_event, make_programme, make_registration, make_user

PAST_EVENT = "/p/hls-wythnos/events/cylch-dysgu/"
NEXT_EVENT = "/p/hls-wythnos/events/sesiwn-straeon/"


@pytest.fixture
def scene(app):
    now = utcnow()
    organiser = make_user("olwen@example.org", organiser=True, name="Olwen Trefnydd")
    programme = make_programme(
        "hls-wythnos",
        title="HLS Week Cymru",
        organisers=[organiser],
        starts_on=(now - timedelta(days=5)).date(),
        days=20,
    )
    past = make_event(
        programme, "cylch-dysgu", title="Learning Circle", starts_at=now - timedelta(days=2)
    )
    make_event(
        programme, "sesiwn-straeon", title="Story Session", starts_at=now + timedelta(days=3)
    )
    ada = make_user("ada@example.org", name="Ada Attendee")
    make_registration(past, ada, status=RegistrationStatus.ATTENDED)
    make_programme(
        "rhaglen-ddrafft",
        title="Draft Programme",
        organisers=[organiser],
        status=ProgrammeStatus.DRAFT,
    )
    return {"programme": programme}


def _welsh(page: Page, heading: str | re.Pattern[str] | None = None) -> None:
    """The page is in Welsh (and says so), and accessible."""
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    if heading is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_no_axe_violations(page)


def _choose_cymraeg(page: Page) -> None:
    goto(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    with page.expect_event("load"):
        page.locator('a[hreflang="cy"]').click()
    _welsh(page)


def _sign_in(page: Page, email: str) -> None:
    goto(page, "/account/sign-in")
    _welsh(page, "Mewngofnodi")
    expect(page.get_by_text("Forgotten your password?")).to_have_count(0)
    page.get_by_label("Cyfeiriad e-bost").fill(email)
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    with page.expect_event("load"):
        page.get_by_role("button", name="Mewngofnodi", exact=True).click()
    # Signing in starts a new session, and the visit's language goes with it.
    expect(page.get_by_text(f"Wedi mewngofnodi fel {email}.")).to_be_visible()
    _welsh(page)


def _post(page: Page, button) -> int:
    with (
        page.expect_event("load"),
        page.expect_response(lambda r: r.request.method == "POST") as answer,
    ):
        button.click()
    return answer.value.status


def test_an_attendee_registers_and_reflects_in_welsh(open_page, scene):
    page = open_page()
    _choose_cymraeg(page)
    _sign_in(page, "ada@example.org")

    # Registering for the next event.
    goto(page, NEXT_EVENT)
    _welsh(page, "Story Session")
    form = page.locator("form.form:has(#sector)")
    form.locator("#sector").select_option(index=1)
    assert _post(page, form.locator("button[type=submit]")) == 302
    _welsh(page)

    # Reflecting on the last one.
    goto(page, PAST_EVENT)
    _welsh(page, "Learning Circle")
    expect(page.get_by_role("heading", name="Myfyrdodau ac adroddiadau")).to_be_visible()
    with page.expect_event("load"):
        page.get_by_role("link", name="Myfyrio ar y digwyddiad hwn").click()
    _welsh(page, "Myfyrio ar Learning Circle")
    expect(page.get_by_text("Cymerwch ychydig funudau i edrych yn ôl.")).to_be_visible()
    expect(page.get_by_text("Take a few minutes")).to_have_count(0)
    expect(page.get_by_text("Who reads it, and how it is signed")).to_have_count(0)

    # Nothing answered: a clear message in Welsh, nothing saved.
    page.get_by_role("radio", name=re.compile(r"^Pawb:")).check()
    page.get_by_role("radio", name=re.compile(r"^Gyda fy enw")).check()
    assert _post(page, page.get_by_role("button", name="Cadw eich myfyrdod")) == 422
    expect(page.get_by_role("alert")).to_contain_text("Ysgrifennwch ateb i o leiaf un cwestiwn.")
    _welsh(page, "Myfyrio ar Learning Circle")

    page.get_by_label("Beth ddigwyddodd, a sut roedd yn teimlo?").fill(
        "Fe wnaethon ni wrando ar stori teulu."
    )
    page.get_by_role("checkbox", name=re.compile(r"^Dynol")).check()
    assert _post(page, page.get_by_role("button", name="Cadw eich myfyrdod")) == 302
    expect(page.get_by_text("Mae eich myfyrdod wedi'i gadw.")).to_be_visible()
    _welsh(page, "Myfyrdod ar Learning Circle")

    goto(page, "/reflections/")
    _welsh(page, "Eich myfyrdodau a'ch adroddiadau")
    expect(page.get_by_text("Pwy all ei ddarllen:").first).to_contain_text("Pawb")
    expect(page.get_by_text("Wedi'i lofnodi gyda'ch enw.")).to_be_visible()
    expect(page.get_by_text("Your reflections")).to_have_count(0)


def test_an_organiser_publishes_a_programme_in_welsh(open_page, scene):
    page = open_page()
    _choose_cymraeg(page)
    _sign_in(page, "olwen@example.org")

    goto(page, "/organise/")
    _welsh(page, "Trefnu")
    expect(page.get_by_role("heading", name="Eich rhaglenni")).to_be_visible()
    expect(page.get_by_text("Your programmes")).to_have_count(0)
    with page.expect_event("load"):
        page.get_by_role("link", name="Draft Programme").click()
    _welsh(page, "Draft Programme")
    expect(page.get_by_text("Statws: Drafft.")).to_be_visible()
    expect(
        page.get_by_text("Dim ond ei threfnwyr a'i gwesteiwyr sy'n gallu ei gweld.")
    ).to_be_visible()

    assert _post(page, page.get_by_role("button", name="Cyhoeddi'r rhaglen")) == 302
    expect(page.get_by_text("Mae Draft Programme bellach wedi'i gyhoeddi.")).to_be_visible()
    expect(page.get_by_text("Statws: Cyhoeddwyd.")).to_be_visible()
    expect(page.get_by_role("link", name="Dad-gyhoeddi")).to_be_visible()
    _welsh(page, "Draft Programme")

    # Unpublishing asks first, in Welsh, saying what will happen.
    with page.expect_event("load"):
        page.get_by_role("link", name="Dad-gyhoeddi").click()
    _welsh(page, "Dad-gyhoeddi Draft Programme")
    expect(page.get_by_role("heading", name="Beth fydd yn digwydd")).to_be_visible()
    expect(page.get_by_role("link", name="Mynd yn ôl heb newid dim")).to_be_visible()
