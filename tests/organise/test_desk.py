"""The organiser's programme page leads with the numbers, by event, sortable; hosts see their
own events' numbers only; the page costs the same for 5 events as for 60."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hls_events.extensions import db
from hls_events.models import ProgrammeHost, Registration, RegistrationStatus, User
from tests.factories import make_event, make_organisation, make_programme, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}


def _register(event, count: int, status=RegistrationStatus.CONFIRMED, prefix: str = "p") -> None:
    now = datetime.now(UTC)
    people = [
        User(email=f"{prefix}{event.id}-{n}@example.org", name=f"P {n}") for n in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    for position, person in enumerate(people, start=1):
        waiting = status == RegistrationStatus.WAITLISTED
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=status,
                confirmed_at=None if waiting else now,
                waitlist_position=position if waiting else None,
            )
        )
    db.session.commit()


def _world():
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    base = datetime.now(UTC) + timedelta(days=31)
    ours = make_organisation("Northshire Council")
    theirs = make_organisation("Southshire Trust")
    full = make_event(
        programme,
        "full-one",
        title="Zebra crossing",
        capacity=10,
        starts_at=base + timedelta(days=2),
        organisation=ours,
    )
    nearly = make_event(
        programme,
        "nearly",
        title="Almost there",
        capacity=10,
        starts_at=base + timedelta(days=1),
        organisation=theirs,
    )
    low = make_event(
        programme, "low", title="Middle of nowhere", capacity=40, starts_at=base, organisation=ours
    )
    _register(full, 10)
    _register(full, 3, RegistrationStatus.WAITLISTED, prefix="w")
    _register(nearly, 9)
    _register(low, 2)
    host = make_user("host@example.org")
    db.session.add(
        ProgrammeHost(programme_id=programme.id, user_id=host.id, organisation_id=ours.id)
    )
    db.session.commit()
    return programme


def test_the_programme_page_leads_with_the_numbers_in_date_order(client, sign_in):
    _world()
    sign_in("org@example.org")

    page = client.get("/organise/p/week/").text

    assert "<dt>Registrations</dt><dd>21</dd>" in page
    assert "<dt>People</dt><dd>24</dd>" in page
    assert "<dt>Places left</dt><dd>39</dd>" in page
    assert "<dt>Waiting</dt><dd>3</dd>" in page
    assert "<dt>Fill</dt><dd>35%</dd>" in page
    assert page.index("Middle of nowhere") < page.index("Almost there") < page.index("Zebra")
    assert "1 event is full." in page
    assert "1 event is nearly full (90% or more)." in page
    assert "1 event is under a quarter full." in page
    assert ">Full</strong>" in page and ">Nearly full</strong>" in page
    assert ">Under a quarter full</strong>" in page


def test_the_events_sort_by_any_number(client, sign_in):
    _world()
    sign_in("org@example.org")

    by_fill = client.get("/organise/p/week/?sort=fill").text
    by_title = client.get("/organise/p/week/?sort=title").text
    by_waiting = client.get("/organise/p/week/?sort=waiting").text
    nonsense = client.get("/organise/p/week/?sort=<script>")

    assert by_fill.index("Zebra") < by_fill.index("Almost there") < by_fill.index("Middle of")
    assert by_title.index("Almost there") < by_title.index("Middle of") < by_title.index("Zebra")
    assert by_waiting.index("Zebra") < by_waiting.index("Middle of")
    assert "sorted by fill" in by_fill
    assert nonsense.status_code == 200 and "sorted by date" in nonsense.text


def test_a_host_sees_the_numbers_of_their_organisations_events_only(client, sign_in):
    _world()
    sign_in("host@example.org")

    page = client.get("/organise/p/week/").text

    assert "Your events in numbers" in page
    assert "<dt>Registrations</dt><dd>12</dd>" in page
    assert "<dt>Waiting</dt><dd>3</dd>" in page
    assert "Almost there" not in page
    assert "Zebra crossing" in page


def _programme_of(size: int, slug: str, organiser: User) -> None:
    programme = make_programme(slug, organisers=[organiser])
    host = make_organisation(f"Host {slug}")
    for number in range(size):
        event = make_event(programme, f"e{number}", capacity=5, organisation=host, sessions=2)
        _register(event, 2, prefix=f"{slug}a")
        _register(event, 1, RegistrationStatus.WAITLISTED, prefix=f"{slug}b")


def test_the_desk_costs_the_same_for_few_and_many_events(client, sign_in, count_queries):
    organiser = make_user("org@example.org", organiser=True)
    _programme_of(3, "few", organiser)
    _programme_of(40, "many", organiser)
    sign_in("org@example.org")

    def count(url: str) -> int:
        assert client.get(url).status_code == 200
        db.session.expunge_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    for sort in ("date", "fill"):
        assert count(f"/organise/p/few/?sort={sort}") == count(f"/organise/p/many/?sort={sort}")
