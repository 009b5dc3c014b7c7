"""Every public page, every feed, the organiser's list of who is coming and their desk make the
same number of SQL statements for a programme of 10 events as for one of 200: no query per row;
and registering costs the same at an event of 10 people as at one of 200.

Kept copies of pages are turned off here, so that what is counted is the page being built.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events import kept_values
from hls_events.extensions import db
from hls_events.models import Registration, RegistrationStatus, SpeakerRole, User
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_organisation,
    make_programme,
    make_reflection,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
    make_write_up,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PAGE_CACHE_SECONDS": 0}


def _programme_with(size: int, slug: str, organiser: User) -> str:
    """A programme of ``size`` events, each with sessions, a speaker, a theme, a reflection and
    a write-up; ``size`` people registered for its first event, and one person for every
    event, whose private calendar token is returned."""
    programme = make_programme(slug, organisers=[organiser])
    theme = make_theme(f"Theme for {slug}")
    host = make_organisation(f"Host for {slug}")
    regular = make_user(f"regular@{slug}.example.org")
    people = [
        User(email=f"person{number}@{slug}.example.org", name=f"Person {number}")
        for number in range(size)
    ]
    db.session.add_all(people)
    db.session.commit()
    now = datetime.now(UTC)
    events = []
    for number in range(size):
        speaker = make_speaker(f"Speaker {number} of {slug}")
        event = make_event(
            programme,
            f"event-{number}",
            themes=[theme],
            organisation=host,
            speakers=[(speaker, SpeakerRole.HOST)],
            sessions=2,
        )
        events.append(event)
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=regular.id,
                status=RegistrationStatus.CONFIRMED,
                confirmed_at=now,
            )
        )
        make_reflection(event, people[number], text=f"Learning together in {slug}, {number}.")
        make_write_up(event, speaker, title=f"What we learned at {slug} {number}")
    for index, person in enumerate(people):
        db.session.add(
            Registration(
                event_id=events[0].id,
                user_id=person.id,
                status=RegistrationStatus.CONFIRMED,
                confirmed_at=now - timedelta(minutes=index),
                share_with_host=True,
            )
        )
    db.session.commit()
    return regular.calendar_token


def _count(client, count_queries, url: str) -> int:
    first = client.get(url)
    assert first.status_code == 200, f"{url} answered {first.status_code}"
    db.session.expunge_all()
    kept_values._SHARED.clear()  # what pages share at a revision is built and counted too
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


PUBLIC_PAGES = (
    "/",
    "/p/{slug}/",
    "/p/{slug}/?theme=theme-for-{slug}",
    "/p/{slug}/events/event-3/",
    "/p/{slug}/speakers/",
    "/p/{slug}/changes/",
    "/practice/?programme={slug}",
    # A page's cost depends on which kinds of entry are on it, so each kind is counted alone.
    "/practice/?programme={slug}&q=learning&kind=reflection",
    "/practice/?programme={slug}&q=learned&kind=write_up",
    "/p/{slug}/calendar.ics",
    "/p/{slug}/events/event-3/calendar.ics",
    "/p/{slug}/changes.atom",
    "/p/{slug}/practice/feed.atom",
)


def test_public_pages_and_feeds_cost_the_same_for_10_and_200_events(client, count_queries):
    organiser = make_user("organiser@example.org", organiser=True)
    small = _programme_with(10, "small", organiser)
    large = _programme_with(200, "large", organiser)

    for page in PUBLIC_PAGES:
        assert _count(client, count_queries, page.format(slug="small")) == _count(
            client, count_queries, page.format(slug="large")
        ), page
    assert _count(client, count_queries, f"/calendar/{small}.ics") == _count(
        client, count_queries, f"/calendar/{large}.ics"
    )


def test_the_organisers_list_of_who_is_coming_is_paginated_at_a_fixed_cost(
    client, count_queries, sign_in
):
    organiser = make_user("organiser@example.org", organiser=True)
    _programme_with(10, "small", organiser)
    _programme_with(200, "large", organiser)
    url = "/organise/p/{slug}/events/event-0/registrations/"

    sign_in("organiser@example.org")
    few = _count(client, count_queries, url.format(slug="small"))
    many = _count(client, count_queries, url.format(slug="large"))
    first_page = client.get(url.format(slug="large"))
    second_page = client.get(url.format(slug="large") + "?page=2")

    assert few == many
    assert "Page 1 of 3." in first_page.text
    assert "Showing 1 to 100 of 201 matching" in first_page.text
    assert "Page 2 of 3." in second_page.text
    assert first_page.text.count("@large.example.org</a>") == 100


def _count_registering(client, count_queries, slug: str, email: str) -> int:
    """The statements of one registration POST from the event page, form, CSRF and all."""
    page = client.get(f"/p/{slug}/events/event-0/")
    assert page.status_code == 200
    form = {
        "csrf_token": csrf_token_from(page.text),
        "name": "New Person",
        "email": email,
        "sector": "charity",
    }
    db.session.expunge_all()
    with count_queries() as statements:
        answer = client.post(f"/p/{slug}/events/event-0/register", data=form)
    assert answer.status_code == 302, answer.status_code
    assert db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .join(User)
        .where(User.email == email, Registration.status == RegistrationStatus.CONFIRMED)
    )
    return len(statements)


def test_registering_costs_the_same_at_a_small_and_a_large_event(client, count_queries):
    """The first event of the large programme has 200 people registered, the small one's 10:
    counting places, the waiting list and queueing the email make no query per person."""
    organiser = make_user("organiser@example.org", organiser=True)
    _programme_with(10, "small", organiser)
    _programme_with(200, "large", organiser)

    small = _count_registering(client, count_queries, "small", "new@small.example.org")
    large = _count_registering(client, count_queries, "large", "new@large.example.org")
    assert small == large
    # The event's ids, if the visitor may see it, with its questions for the form (and the
    # service's checks); then the event's lock, its facts in one row, the address looked up,
    # the account made, the registration and its email's outbox row (15 statements before).
    assert large == 7


def test_the_organisers_desk_costs_the_same_for_10_and_200_events(client, count_queries, sign_in):
    organiser = make_user("organiser@example.org", organiser=True)
    _programme_with(10, "small", organiser)
    _programme_with(200, "large", organiser)
    sign_in("organiser@example.org")

    for query in ("", "?sort=fill"):
        url = "/organise/p/{slug}/" + query
        assert _count(client, count_queries, url.format(slug="small")) == _count(
            client, count_queries, url.format(slug="large")
        ), url


def _person_with(size: int, slug: str, organiser: User) -> str:
    """A person who has places at ``size`` events, is on the waiting list at ``size`` more
    (and shows them), gave up ``size`` places last week, speaks at ``size`` events and meets
    with ``size`` learning communities, twice each. Returns their private calendar token."""
    from hls_events.communities import meetings, membership, running
    from hls_events.communities.meetings import RepeatRule
    from hls_events.communities.membership import Profile
    from hls_events.models import CommunityStatus, MembershipRule

    programme = make_programme(slug, organisers=[organiser])
    person = make_user(f"person@{slug}.example.org")
    person.calendar_includes_waitlisted = True
    speaker = make_speaker(f"Speaker of {slug}", user_id=person.id)
    host = make_organisation(f"Host for {slug}")
    theme = make_theme(f"Theme for {slug}")
    week_ago = datetime.now(UTC) - timedelta(days=7)

    def event(number: int, **fields: Any):
        return make_event(
            programme,
            f"event-{number}",
            themes=[theme],
            organisation=host,
            speakers=[(make_speaker(), SpeakerRole.HOST)],
            sessions=2,
            **fields,
        )

    for number in range(size):
        make_registration(event(4 * number), person)
        make_registration(
            event(4 * number + 1), person, status=RegistrationStatus.WAITLISTED, waitlist_position=1
        )
        given_up = make_registration(
            event(4 * number + 2),
            person,
            status=RegistrationStatus.CANCELLED,
            cancelled_at=week_ago,
        )
        given_up.confirmed_at = week_ago - timedelta(days=1)
        make_event(
            programme,
            f"event-{4 * number + 3}",
            speakers=[(speaker, SpeakerRole.SPEAKER)],
        )
        community = running.create_community(
            programme.id,
            running.CommunityDetails(
                name=f"Community {number} of {slug}",
                purpose="Learning together.",
                membership_rule=MembershipRule.OPEN,
                member_limit=None,
                waitlist_open=True,
                status=CommunityStatus.OPEN,
            ),
            [organiser.email],
        )
        first = (datetime.now(UTC) + timedelta(days=10)).date()
        meetings.add_meetings(
            community.id, RepeatRule(1, first.weekday(), time(10), time(11), 2, first)
        )
        membership.join(community.id, person.id, Profile())
    db.session.commit()
    return person.calendar_token


def test_a_personal_feed_costs_the_same_for_few_and_many_entries(client, count_queries):
    """Registrations of every kind, talks and community meetings: no query per entry."""
    organiser = make_user("organiser@example.org", organiser=True)
    few = _person_with(1, "few", organiser)
    many = _person_with(12, "many", organiser)

    assert client.get(f"/calendar/{many}.ics").text.count("BEGIN:VEVENT") == 12 * 9
    assert _count(client, count_queries, f"/calendar/{few}.ics") == _count(
        client, count_queries, f"/calendar/{many}.ics"
    )
