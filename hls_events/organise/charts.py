"""The desk's charts, drawn on the server as SVG by pygal: no JavaScript, and each chart comes
with a sentence saying what it shows and the table of its numbers (templates/organise/_charts.html).

pygal puts a <style> inside each SVG; the site's Content-Security-Policy allows no inline
styles, so that block is taken out and the same rules are served from static/css/charts.css
(``chart_stylesheet()`` writes it; tests/organise/test_charts.py checks the two agree).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from ..localtime import format_day, format_short_day
from ..models.registration import Sector
from ..translation import gettext, ngettext
from .desk_figures import TOP_ORGANISATIONS, DeskFigures
from .pygal_loader import Style, pygal

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#4a4a4a",
    opacity="1",
    opacity_hover="1",
    transition="0ms",
    font_family='system-ui, -apple-system, "Segoe UI", Arial, sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
    title_font_size=16,
    # Dark, distinct colours: each has at least 3:1 contrast against white.
    colors=("#0b4f6c", "#b35c00", "#00703c", "#5b2c83", "#b00020", "#4a4a4a"),
)

_DEFS = re.compile(r"<defs>.*?</defs>", re.S)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_CHART_ID = re.compile(r'id="(chart-[0-9a-f-]+)"')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MAX_LABEL = 40
# Registration open longer than this is drawn a week to a point.
LONG_RUN_DAYS = 120


@dataclass(frozen=True)
class Chart:
    """One chart as the page shows it: a figure, its caption and the table of its numbers."""

    key: str
    title: str
    summary: str
    svg: Markup | None
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


def _config(**options: Any) -> dict[str, Any]:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": CHART_STYLE,
        "width": 720,
        "height": 360,
        "show_legend": False,
        "truncate_label": _MAX_LABEL,
        "print_values": False,
        "margin": 16,
        **options,
    }


def _inline(chart: Any, key: str) -> Markup:
    """The chart's SVG for the page: no style block, no comments, a fixed id, and marked as one
    image named by its figure's caption (the table beside it carries the numbers)."""
    svg = str(chart.render(is_unicode=True))
    # The style block and pygal's script setup go (the CSP allows neither), and so does the
    # one style attribute pygal writes, on the tooltip that needs JavaScript anyway.
    svg = _DEFS.sub("", svg)
    svg = _COMMENT.sub("", svg).replace(' style="opacity: 0"', "")
    svg = _CHART_ID.sub(f'id="chart-{key}"', svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="chart-{key}-caption" focusable="false" ',
        1,
    )
    # pygal escapes every label and value it writes.
    return Markup(svg)


def chart_stylesheet() -> str:
    """The CSS pygal would have put inside each chart, for every chart on the page."""
    rules: list[str] = []
    for kind in (pygal.Line, pygal.HorizontalBar, pygal.Bar):
        chart = kind(**_config())
        for colour in CHART_STYLE.colors:
            chart.add(colour, [1, 2])
        svg = str(chart.render(is_unicode=True))
        chart_id = _CHART_ID.search(svg)
        if chart_id is None:
            continue
        css = "".join(html.unescape(found) for found in _STYLE.findall(svg))
        css = css.replace(f"#{chart_id.group(1)}", ".pygal-chart")
        for rule in css.split("}"):
            rule = rule.strip()
            if rule and rule + "}" not in rules:
                rules.append(rule + "}")
    rules.append(".pygal-chart .tooltip{display:none}")
    return "/* Made by hls_events.organise.charts.chart_stylesheet(): do not edit. */\n" + (
        "\n".join(rules) + "\n"
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(part * 100 / whole)}%" if whole else "\N{EN DASH}"


def registrations_over_time(figures: DeskFigures) -> Chart:
    days = figures.registered_on
    columns = (gettext("Day"), gettext("New registrations"), gettext("Total"), gettext("Marked"))
    title = gettext("Registrations over time")
    if not days:
        return Chart("registrations", title, gettext("No registrations yet."), None, columns, [])
    first = min(days)
    last = max([*days, *figures.reminders_on])
    if figures.published_on is not None:
        first = min(first, figures.published_on)
        last = max(last, figures.published_on)
    marks: dict[date, list[str]] = {}
    if figures.published_on is not None:
        marks.setdefault(figures.published_on, []).append(gettext("published"))
    for day in figures.reminders_on:
        marks.setdefault(day, []).append(gettext("reminders sent"))
    # A point a day; a point a week (from its first day) when registration runs for months.
    width = 7 if (last - first).days > LONG_RUN_DAYS else 1
    labels, totals, rows = [], [], []
    total = 0
    day = first
    while day <= last:
        span = [day + timedelta(days=offset) for offset in range(width)]
        new = sum(days.get(one, 0) for one in span)
        total += new
        mark = ", ".join(dict.fromkeys(word for one in span for word in marks.get(one, [])))
        label = format_short_day(day) + (f" ({mark})" if mark else "")
        labels.append(label)
        totals.append(total)
        if new or mark:
            rows.append((format_day(day), str(new), str(total), mark))
        day += timedelta(days=width)
    step = max(len(labels) // 8, 1)
    major = [label for index, label in enumerate(labels) if index % step == 0 or "(" in label]
    chart = pygal.Line(
        **_config(
            x_label_rotation=30,
            x_labels_major=major,
            show_minor_x_labels=False,
            show_dots=len(labels) <= 40,
            fill=True,
            truncate_label=60,
        )
    )
    chart.x_labels = labels
    chart.add(gettext("Registrations so far"), totals)
    summary = ngettext(
        "%(num)d registration from %(first)s to %(last)s.",
        "%(num)d registrations from %(first)s to %(last)s.",
        total,
        first=format_day(first),
        last=format_day(last),
    )
    if figures.published_on is not None:
        summary += " " + gettext("Published on %(day)s.", day=format_day(figures.published_on))
    if figures.reminders_on:
        summary += " " + ngettext(
            "Reminders went out on %(num)d day.",
            "Reminders went out on %(num)d days.",
            len(figures.reminders_on),
        )
    return Chart("registrations", title, summary, _inline(chart, "registrations"), columns, rows)


def fill_by_event(figures: DeskFigures) -> Chart:
    limited = [
        row for row in figures.desk.rows if row.fill is not None and row.state.value != "unlimited"
    ]
    columns = (gettext("Event"), gettext("Places taken"), gettext("Places"), gettext("Fill"))
    title = gettext("Fill by event")
    if not limited:
        return Chart("fill", title, gettext("No event has a limit on places."), None, columns, [])
    chart = pygal.HorizontalBar(**_config(range=(0, 100), height=max(200, 40 + 32 * len(limited))))
    # pygal draws a horizontal bar chart's first bar at the bottom: reversed, it reads down.
    chart.x_labels = [row.event.title for row in reversed(limited)]
    chart.add(gettext("Fill (%)"), [row.fill_percent or 0 for row in reversed(limited)])
    rows = [
        (row.event.title, str(row.registrations), str(row.capacity), f"{row.fill_percent}%")
        for row in limited
    ]
    fullest = max(limited, key=lambda row: row.fill or 0)
    emptiest = min(limited, key=lambda row: row.fill or 0)
    summary = gettext(
        "Fullest: %(full)s at %(full_percent)s%%. Emptiest: %(empty)s at %(empty_percent)s%%.",
        full=fullest.event.title,
        full_percent=fullest.fill_percent,
        empty=emptiest.event.title,
        empty_percent=emptiest.fill_percent,
    )
    return Chart("fill", title, summary, _inline(chart, "fill"), columns, rows)


def _mix_chart(
    key: str, title: str, items: Sequence[tuple[str, int]], whole: int, empty: str
) -> Chart:
    columns = (gettext("Who"), gettext("Places"), gettext("Share"))
    if not items or not whole:
        return Chart(key, title, empty, None, columns, [])
    chart = pygal.HorizontalBar(**_config(height=max(200, 40 + 32 * len(items))))
    chart.x_labels = [label for label, _ in reversed(items)]
    chart.add(gettext("Places"), [number for _, number in reversed(items)])
    rows = [(label, str(number), _percent(number, whole)) for label, number in items]
    top, number = items[0]
    summary = gettext(
        "Largest group: %(name)s, %(share)s of %(whole)d places.",
        name=top,
        share=_percent(number, whole),
        whole=whole,
    )
    return Chart(key, title, summary, _inline(chart, key), columns, rows)


def sector_mix(figures: DeskFigures) -> Chart:
    order = {sector: index for index, sector in enumerate(Sector)}
    items = sorted(
        figures.sectors.items(),
        key=lambda item: (-item[1], order.get(item[0], len(order)) if item[0] else len(order)),
    )
    named = [(sector.label if sector else gettext("Not given"), number) for sector, number in items]
    return _mix_chart(
        "sectors",
        gettext("Sector mix"),
        named,
        sum(figures.sectors.values()),
        gettext("No places taken yet."),
    )


def organisation_mix(figures: DeskFigures) -> Chart:
    named = list(figures.organisations[:TOP_ORGANISATIONS])
    rest = figures.organisations_counted - sum(number for _, number in named)
    if rest:
        named.append((gettext("Other or not given"), rest))
    return _mix_chart(
        "organisations",
        gettext("Organisation mix"),
        named,
        figures.organisations_counted,
        gettext("No places taken yet.")
        if figures.desk.is_organiser
        else gettext("No one registered has agreed to share their details with hosts yet."),
    )


def attendance(figures: DeskFigures) -> Chart:
    done = figures.finished()
    columns = (gettext("Event"), gettext("Registered"), gettext("Attended"), gettext("Rate"))
    title = gettext("Attendance after each event")
    if not done:
        return Chart("attendance", title, gettext("No event has finished yet."), None, columns, [])
    chart = pygal.Bar(**_config(show_legend=True, legend_at_bottom=True, x_label_rotation=20))
    chart.x_labels = [row.event.title for row in done]
    chart.add(gettext("Registered"), [row.registrations for row in done])
    chart.add(gettext("Attended"), [figures.attended.get(row.event.id, 0) for row in done])
    rows = []
    for row in done:
        came = figures.attended.get(row.event.id, 0)
        rows.append(
            (row.event.title, str(row.registrations), str(came), _percent(came, row.registrations))
        )
    registered = sum(row.registrations for row in done)
    came = sum(figures.attended.get(row.event.id, 0) for row in done)
    summary = ngettext(
        "%(num)d finished event: %(came)d of %(registered)d registered people came (%(rate)s).",
        "%(num)d finished events: %(came)d of %(registered)d registered people came (%(rate)s).",
        len(done),
        came=came,
        registered=registered,
        rate=_percent(came, registered),
    )
    return Chart("attendance", title, summary, _inline(chart, "attendance"), columns, rows)


def reflection_rate(figures: DeskFigures) -> Chart:
    done = figures.finished()
    columns = (gettext("Event"), gettext("Attended"), gettext("Reflections"), gettext("Rate"))
    title = gettext("Reflection rate")
    if not done:
        return Chart("reflections", title, gettext("No event has finished yet."), None, columns, [])
    rates, rows = [], []
    for row in done:
        came = figures.attended.get(row.event.id, 0)
        wrote = figures.reflections.get(row.event.id, 0)
        rates.append(round(wrote * 100 / came) if came else 0)
        rows.append((row.event.title, str(came), str(wrote), _percent(wrote, came)))
    chart = pygal.Bar(**_config(range=(0, 100), x_label_rotation=20))
    chart.x_labels = [row.event.title for row in done]
    chart.add(gettext("Reflections per 100 attendees"), rates)
    came = sum(figures.attended.get(row.event.id, 0) for row in done)
    wrote = sum(figures.reflections.get(row.event.id, 0) for row in done)
    summary = ngettext(
        "%(num)d reflection from %(came)d people who attended (%(rate)s).",
        "%(num)d reflections from %(came)d people who attended (%(rate)s).",
        wrote,
        came=came,
        rate=_percent(wrote, came),
    )
    return Chart("reflections", title, summary, _inline(chart, "reflections"), columns, rows)


def desk_charts(figures: DeskFigures) -> list[Chart]:
    """Every chart of the desk, in the order the page shows them."""
    return [
        registrations_over_time(figures),
        fill_by_event(figures),
        sector_mix(figures),
        organisation_mix(figures),
        attendance(figures),
        reflection_rate(figures),
    ]
