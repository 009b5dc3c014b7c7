"""The organiser's desk with its charts, in a real browser: axe-core clean with every table of
numbers open, the charts styled by the served stylesheet, and the same for a host."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_axe_violations, goto, sign_in
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
