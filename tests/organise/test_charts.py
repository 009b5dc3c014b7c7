"""The desk's charts: drawn on the server as SVG with no script or inline style, each with a
summary and a table of its numbers; hosts see their own events' figures only; the page costs
the same number of queries for a small programme as for a large one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hls_events.extensions import db
from hls_events.models import (
    Activity,
    OutboxMessage,
    OutboxStatus,
    ProgrammeHost,
    Registration,
    RegistrationStatus,
    Sector,
    User,
)
from hls_events.organise.charts import chart_stylesheet, registrations_over_time
from hls_events.organise.desk_figures import DeskFigures
from hls_events.registrations.notices import reminder_key
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_reflection,
    make_user,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}


def _people(event, count: int, prefix: str, **fields: Any) -> list[User]:
    people = [
        User(email=f"{prefix}{event.id}-{n}@example.org", name=f"P {n}") for n in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    now = datetime.now(UTC)
    for person in people:
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=fields.get("status", RegistrationStatus.CONFIRMED),
                confirmed_at=now,
                created_at=fields.get("created_at", now),
                organisation=fields.get("organisation", ""),
                sector=fields.get("sector"),
                share_with_host=fields.get("share_with_host", False),
            )
        )
    db.session.commit()
    return people


def _world(
    slug: str = "week",
    size: int = 1,
    per_event: int = 4,
    organiser: User | None = None,
    host: User | None = None,
) -> Any:
    """A past event with attendance and reflections (ours), a future one (theirs), a published
    programme and a day of reminders; ``size`` more future events of ``per_event`` people."""
    organiser = organiser or make_user("org@example.org", organiser=True)
    host = host or make_user("host@example.org")
    programme = make_programme(slug, organisers=[organiser])
    ours = make_organisation(f"Northshire Council {slug}")
    theirs = make_organisation(f"Southshire Trust {slug}")
    now = datetime.now(UTC)
    past = make_event(
        programme,
        f"past-{slug}",
        title="Looking back <together>",
        capacity=10,
        starts_at=now - timedelta(days=3),
        organisation=ours,
    )
    came = _people(
        past,
        3,
        "a",
        status=RegistrationStatus.ATTENDED,
        created_at=now - timedelta(days=9),
        organisation="Northshire Council",
        sector=Sector.LOCAL_GOVERNMENT,
        share_with_host=True,
    )
    _people(past, 1, f"n{slug}", status=RegistrationStatus.NO_SHOW, organisation="Secret Agency")
    make_reflection(past, came[0])
    future = make_event(
        programme,
        f"future-{slug}",
        title="Looking forward",
        capacity=20,
        starts_at=now + timedelta(days=5),
        organisation=theirs,
    )
    _people(future, 2, f"f{slug}", organisation="Southshire NHS Trust", sector=Sector.HEALTH)
    for number in range(size):
        extra = make_event(
            programme,
            f"extra-{number}",
            capacity=per_event * 2,
            starts_at=now + timedelta(days=6),
            organisation=ours if number % 2 else theirs,
            sessions=2,
        )
        _people(
            extra,
            per_event,
            f"x{slug}{number}-",
            sector=Sector.CHARITY,
            organisation=f"Org {number}",
        )
    db.session.add(
        Activity(
            programme_id=programme.id,
            action="published",
            summary="Published.",
            created_at=now - timedelta(days=10),
        )
    )
    db.session.add(
        OutboxMessage(
            to_address="a@example.org",
            subject="Reminder",
            body_text="Soon",
            status=OutboxStatus.SENT,
            key=reminder_key(past.sessions[0].id, 1, "day"),
            sent_at=now - timedelta(days=4),
            message_id=f"<reminder-{slug}@example.org>",
        )
    )
    db.session.add(
        ProgrammeHost(programme_id=programme.id, user_id=host.id, organisation_id=ours.id)
    )
    db.session.commit()
    return programme


def _figure(page: str, key: str) -> str:
    found = re.search(rf'<figure class="chart" id="{key}-chart">(.*?)</figure>', page, re.S)
    assert found, f"no {key} chart"
    return found.group(1)


def test_the_desk_draws_every_chart_as_inline_svg_with_a_summary_and_a_table(client, sign_in):
    _world()
    sign_in("org@example.org")

    page = client.get("/organise/p/week/").text

    for key in ("registrations", "fill", "sectors", "organisations", "attendance", "reflections"):
        figure = _figure(page, key)
        assert f'<svg role="img" aria-labelledby="chart-{key}-caption"' in figure
        assert f'id="chart-{key}-caption"' in figure and "<figcaption" in figure
        assert "<details>" in figure and "<table" in figure and '<th scope="row">' in figure
        assert "<script" not in figure and "<style" not in figure and "style=" not in figure
    assert "<together>" not in page and "Looking back &lt;together&gt;" in page
    assert "4 of 4 registered people came" not in page
    attendance = _figure(page, "attendance")
    assert "1 finished event: 3 of 4 registered people came (75%)." in attendance
    assert "<td>4</td><td>3</td><td>75%</td>" in attendance
    reflections = _figure(page, "reflections")
    assert "1 reflection from 3 people who attended (33%)." in reflections
    registrations = _figure(page, "registrations")
    assert "10 registrations from" in registrations
    assert "Published on" in registrations and "Reminders went out on 1 day." in registrations
    assert "(published)" in registrations and "(reminders sent)" in registrations
    sectors = _figure(page, "sectors")
    assert (
        "Largest group: Charity, community or voluntary organisation, 40% of 10 places." in sectors
    )
    assert "Secret Agency" in _figure(page, "organisations")
    assert 'href="/static/css/charts.css"' in page


def test_a_host_sees_charts_of_their_organisations_events_and_shared_details_only(client, sign_in):
    _world()
    sign_in("host@example.org")

    page = client.get("/organise/p/week/").text

    organisations = _figure(page, "organisations")
    assert "Northshire Council" in organisations
    assert "Secret Agency" not in page  # the no-show did not agree to share with hosts
    assert "Southshire NHS Trust" not in page and "Looking forward" not in page
    assert "1 finished event: 3 of 4 registered people came (75%)." in page


def test_a_programme_with_no_registrations_says_so_instead_of_drawing(client, sign_in):
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    make_event(programme, "only", starts_at=datetime.now(UTC) + timedelta(days=3))
    sign_in("org@example.org")

    page = client.get("/organise/p/week/").text

    assert "No registrations yet." in _figure(page, "registrations")
    assert "No event has a limit on places." in _figure(page, "fill")
    assert "No event has finished yet." in _figure(page, "attendance")
    assert "<svg" not in page.split('class="desk-charts"')[1]


def test_the_served_chart_stylesheet_is_the_one_pygal_would_inline():
    assert (ROOT / "static/css/charts.css").read_text() == chart_stylesheet()


@pytest.mark.parametrize("who", ["org@example.org", "host@example.org"])
def test_the_desk_costs_the_same_at_two_sizes_with_charts(client, sign_in, count_queries, who):
    organiser = make_user("org@example.org", organiser=True)
    host = make_user("host@example.org")
    _world("small", size=1, per_event=5, organiser=organiser, host=host)
    _world("large", size=12, per_event=40, organiser=organiser, host=host)
    sign_in(who)

    def count(url: str) -> int:
        assert client.get(url).status_code == 200
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200 and response.text.count("<svg role=") == 6
        return len(statements)

    assert count("/organise/p/small/") == count("/organise/p/large/")


def test_the_charts_speak_welsh_to_a_welsh_reader(client, sign_in):
    _world()
    sign_in("org@example.org")

    page = client.get("/organise/p/week/", headers={"Accept-Language": "cy"}).text

    assert "Cofrestriadau dros amser" in page and "Cymysgedd sectorau" in page
    assert "1 digwyddiad wedi gorffen: daeth 3 o&#39;r 4 a gofrestrodd (75%)." in page
    assert "Y ffigurau y tu ôl i'r siart hwn" in page


def test_registration_over_many_months_is_drawn_a_week_to_a_point(app):
    start = date(2027, 1, 4)
    figures = DeskFigures(
        desk=None,  # type: ignore[arg-type]  # this chart reads the days only
        registered_on={start: 2, start + timedelta(days=3): 1, start + timedelta(days=200): 4},
        published_on=start,
        reminders_on={start + timedelta(days=199): 9},
        sectors={},
        organisations=[],
        organisations_counted=0,
        attended={},
        reflections={},
    )
    with app.test_request_context():
        chart = registrations_over_time(figures)

    assert [row[1:] for row in chart.rows] == [
        ("3", "3", "published"),
        ("4", "7", "reminders sent"),
    ]
    assert chart.svg is not None and chart.svg.count('<g class="dots">') <= 31
