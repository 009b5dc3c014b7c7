"""What the page's few lines of script do for people, on a phone and after a mistake; and that
the pages people stumbled on fit a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, goto, sign_in, submit
from tests.e2e.test_pages_accessible import EVENT, ORGANISE_EVENT, PROGRAMME, showcase
from tests.factories import make_user

__all__ = ["showcase"]  # the published programme these pages show

PHONE = {"viewport": {"width": 390, "height": 844}}


def test_the_signed_in_header_folds_into_a_menu_on_a_phone(open_page, showcase):
    make_user("ada@example.org", name="Ada Attendee")
    page = open_page(**PHONE)
    sign_in(page, "ada@example.org")
    goto(page, PROGRAMME)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="My events")).to_be_hidden()
    # An attendee who neither speaks nor organises is not offered either.
    assert page.locator("a[href='/organise/']").count() == 0
    assert page.locator("a[href='/speaker/']").count() == 0
    assert_no_axe_violations(page)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="My events")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_no_axe_violations(page)


def test_on_a_wide_screen_the_links_show_without_a_menu(page, showcase):
    sign_in(page, showcase.organiser_email)
    goto(page, PROGRAMME)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Organise", exact=True)).to_be_visible()


def test_a_refused_registration_takes_focus_to_the_problems(page, showcase):
    goto(page, EVENT)
    answer = submit(page, "Register")
    assert answer.status == 422
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_be_visible()
    assert_no_axe_violations(page)


def test_filtering_the_programme_lands_on_the_count_of_results(page, showcase):
    goto(page, PROGRAMME)
    page.get_by_role("button", name="Show events").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#results")
    expect(page.locator("#results")).to_be_focused()
    expect(page.locator("#results")).to_contain_text("event")


def test_the_pages_people_stumbled_on_fit_a_phone(open_page, showcase):
    page = open_page(**PHONE)
    sign_in(page, showcase.organiser_email)
    for path in (
        ORGANISE_EVENT + "registrations/",
        "/organise/p/hls-week/people",
        "/p/hls-week/speakers/",
    ):
        goto(page, path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path} scrolls sideways at 390px: {widths}"
