"""The organiser's desk with its charts, in a real browser: axe-core clean with every table of
numbers open, the charts styled by the served stylesheet, and the same for a host."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_axe_violations, goto, sign_in, submit
from tests.factories import make_organisation
from tests.organise.test_charts import _world

CHARTS = 6


def test_the_desk_with_its_charts_is_accessible_to_organisers_and_hosts(
    open_page: Callable[..., Page],
):
    _world(size=3, per_event=5)
    for email in ("org@example.org", "host@example.org"):
        page = open_page(viewport={"width": 1280, "height": 900})
        sign_in(page, email)
        goto(page, "/organise/p/week/")

        charts = page.locator("figure.chart svg[role=img]")
        expect(charts).to_have_count(CHARTS)
        # The served stylesheet, not the inline one the CSP forbids, colours the first series.
        colour = page.evaluate(
            "() => getComputedStyle(document.querySelector('#fill-chart .color-0 rect')).fill"
        )
        assert colour == "rgb(11, 79, 108)"
        expect(page.get_by_role("img", name="Fill by event")).to_be_visible()
        assert_no_axe_violations(page)

        for summary in page.locator("figure.chart summary").all():
            summary.click()
        expect(page.locator("figure.chart details[open] table").first).to_be_visible()
        assert_no_axe_violations(page)
        page.screenshot(path=f"/tmp/desk-charts-{email.split('@')[0]}.png", full_page=True)


def test_copying_and_merging_pages_are_accessible_and_work_without_script(
    open_page: Callable[..., Page],
):
    _world(size=1, per_event=2)
    make_organisation("Northshire County Council week")
    page = open_page()
    sign_in(page, "org@example.org")

    # Copy: the form, then the preview that says who will be emailed, then the draft copy.
    goto(page, "/organise/p/week/")
    page.get_by_role("link", name="Copy this programme").click()
    assert_no_axe_violations(page)
    page.get_by_label("Title of the copy").fill("Next week")
    page.get_by_label("Move the dates by this many weeks").fill("52")
    assert submit(page, "Preview the copy").status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the copy")
    expect(page.get_by_role("table")).to_be_visible()
    assert_no_axe_violations(page)
    assert submit(page, "Make the copy").status == 302
    expect(page.get_by_role("heading", level=1)).to_have_text("Next week")

    # Organisations: the look-alike pair, and the confirmation before merging.
    goto(page, "/organise/organisations/")
    expect(
        page.get_by_text("Northshire Council week and Northshire County Council week")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Merge this organisation").select_option(label="Northshire Council week")
    page.get_by_label("Into this one").select_option(label="Northshire County Council week")
    assert submit(page, "Check what will move").status == 302
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merge Northshire Council week")
    assert_no_axe_violations(page)
    assert submit(page, "Merge them").status == 302
    expect(page.get_by_role("status")).to_contain_text("Merged Northshire Council week")
