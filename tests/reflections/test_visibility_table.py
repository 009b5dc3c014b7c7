"""Who may read a reflection, as a table: every kind of reader against every visibility its
author may choose, on every surface that shows reflections.

One world, built once for the module: a past programme whose event has ended, and eight
reflections on that event, one per (visibility, signature). Each reflection carries a unique
marker word, and each author a unique name. A reader sees a reflection on a surface when its
marker is there; the anonymous authors' names must appear on no surface, to anyone.

Surfaces:
- page: the reflection's own page
- listing: /practice/ filtered to the programme
- search: /practice/?q=<the marker> (snippets are the only text of a result)
- search_all: /practice/?q=<a word every reflection has>
- csv, json: the programme's exports, which are the API for now
- report: the programme's learning report
- feed, site_feed: the programme's and the site's Atom feeds (anonymous, so public only)
- api, api_one: the JSON API's practice list (filtered to the programme) and each reflection,
  called with the reader's own API token
- community_listing: /practice/ filtered to the programme's learning community
- community_record: the community's own record, which only its members, its facilitators and
  the programme's organisers may open

The reflections are on one meeting of the community whose series event is "circle" (a session
of that event), as members write them after each meeting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hls_events import create_app
from hls_events.api.tokens import create_token
from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    Community,
    CommunityFacilitator,
    CommunityMeeting,
    CommunityMember,
    CommunityStatus,
    EventStatus,
    MembershipRule,
    MemberStatus,
    ProgrammeHost,
    RegistrationStatus,
    SpeakerRole,
    User,
    Visibility,
    utcnow,
)
from tests.conftest import _test_config, csrf_token_from, empty_database
from tests.factories import (
    PASSWORD,
    make_event,
    make_organisation,
    make_programme,
    make_reflection,
    make_registration,
    make_speaker,
    make_theme,
)
from tests.reflections.conftest import person

VISIBILITIES = ("private", "organisers", "community", "participants", "public")
ATTRIBUTIONS = ("named", "anonymous")
COMMON_WORD = "wombatcommon"

# What each reader sees of a reflection with each visibility, on each kind of surface:
# P = its page, R = the record (listing, search, exports, report), F = the feeds.
# fmt: off
# The event "circle" is also the series event of a learning community: "member" is a current
# member of it, "former_member" left it, "facilitator" facilitates it (and nothing else).
TABLE: dict[str, tuple[str, str, str, str, str]] = {
    #                  private  organisers  community  participants  public
    "anonymous":       ("",     "",         "",        "",           "PRF"),
    "author":          ("P",    "PR",       "PR",      "PR",         "PRF"),
    "stranger":        ("",     "",         "",        "",           "PRF"),
    "waitlisted":      ("",     "",         "",        "",           "PRF"),
    "participant":     ("",     "",         "",        "PR",         "PRF"),
    "attendee":        ("",     "",         "",        "PR",         "PRF"),
    "event_speaker":   ("",     "PR",       "",        "PR",         "PRF"),
    "event_host":      ("",     "PR",       "",        "PR",         "PRF"),
    "other_host":      ("",     "",         "",        "PR",         "PRF"),
    "organiser":       ("",     "PR",       "PR",      "PR",         "PRF"),
    "other_organiser": ("",     "",         "",        "",           "PRF"),
    "admin":           ("",     "PR",       "PR",      "PR",         "PRF"),
    "member":          ("",     "",         "PR",      "PR",         "PRF"),
    "former_member":   ("",     "",         "",        "",           "PRF"),
    "facilitator":     ("",     "PR",       "PR",      "PR",         "PRF"),
}
# fmt: on
READERS = tuple(TABLE)
# The community's record is read by its members and those who run it; for them it is the record.
COMMUNITY_RECORD_READERS = ("organiser", "admin", "member", "facilitator")
SURFACE_LETTER = {
    "page": "P",
    "listing": "R",
    "search": "R",
    "search_all": "R",
    "csv": "R",
    "json": "R",
    "report": "R",
    "feed": "F",
    "site_feed": "F",
    "api": "R",
    "api_one": "P",
    "community_listing": "R",
    "community_record": "C",
}
SURFACES = tuple(SURFACE_LETTER)


def marker(visibility: str, attribution: str) -> str:
    return f"qx{visibility}{attribution}"


def author_name(visibility: str, attribution: str) -> str:
    return f"Zed {visibility.capitalize()}{attribution.capitalize()}-Author"


@dataclass
class World:
    app: Flask
    programme_slug: str
    event_path: str
    reflection_ids: dict[tuple[str, str], int]
    reader_emails: dict[str, str]
    author_emails: dict[tuple[str, str], str]
    tokens: dict[str, str]
    observed: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    event_counts: dict[str, int] = field(default_factory=dict)


def _build() -> dict[str, Any]:
    now = utcnow()
    organiser = person("organiser@example.org", "Olive Organiser", is_organiser=True)
    other_organiser = person("other.organiser@example.org", is_organiser=True)
    person("admin@example.org", is_admin=True)
    programme = make_programme(
        "hls-week-2025",
        title="HLS Week 2025",
        organisers=[organiser],
        starts_on=(now - timedelta(days=20)).date(),
        days=25,
    )
    make_programme("elsewhere", organisers=[other_organiser])
    a = make_organisation("Organisation A")
    b = make_organisation("Organisation B")
    theme = make_theme("Relational practice")
    speaker_user = person("event.speaker@example.org")
    speaker = make_speaker("Event Speaker", user_id=speaker_user.id)
    event = make_event(
        programme,
        "circle",
        title="Circle",
        organisation=a,
        starts_at=now - timedelta(days=3),
        speakers=[(speaker, SpeakerRole.HOST)],
        themes=[theme],
    )
    other_event = make_event(
        programme, "walk", title="Walk", organisation=b, starts_at=now - timedelta(days=4)
    )
    db.session.add_all(
        [
            ProgrammeHost(
                programme=programme, user=person("event.host@example.org"), organisation=a
            ),
            ProgrammeHost(
                programme=programme, user=person("other.host@example.org"), organisation=b
            ),
        ]
    )
    db.session.commit()
    make_registration(event, person("attendee@example.org"))
    make_registration(
        other_event, person("participant@example.org"), status=RegistrationStatus.ATTENDED
    )
    make_registration(
        event,
        person("waitlisted@example.org"),
        status=RegistrationStatus.WAITLISTED,
        waitlist_position=1,
    )
    person("stranger@example.org")
    meeting_id = _community_of(event, programme)

    ids: dict[tuple[str, str], int] = {}
    author_emails: dict[tuple[str, str], str] = {}
    for visibility in VISIBILITIES:
        for attribution in ATTRIBUTIONS:
            email = f"author.{visibility}.{attribution}@example.org"
            author = person(email, author_name(visibility, attribution))
            make_registration(event, author)
            reflection = make_reflection(
                event,
                author,
                f"We met in a circle. {marker(visibility, attribution)} {COMMON_WORD} stays.",
                visibility=Visibility(visibility),
                attribution=Attribution(attribution),
                themes=[theme],
                session_id=meeting_id,
            )
            ids[(visibility, attribution)] = reflection.id
            author_emails[(visibility, attribution)] = email
    tokens = {
        user.email: create_token(user.id, "The visibility table").secret
        for user in db.session.scalars(select(User))
    }
    return {
        "tokens": tokens,
        "programme_slug": programme.slug,
        "event_path": f"/p/{programme.slug}/events/{event.slug}/",
        "reflection_ids": ids,
        "author_emails": author_emails,
        "reader_emails": {
            "stranger": "stranger@example.org",
            "waitlisted": "waitlisted@example.org",
            "participant": "participant@example.org",
            "attendee": "attendee@example.org",
            "event_speaker": "event.speaker@example.org",
            "event_host": "event.host@example.org",
            "other_host": "other.host@example.org",
            "organiser": "organiser@example.org",
            "other_organiser": "other.organiser@example.org",
            "admin": "admin@example.org",
            "member": "member@example.org",
            "former_member": "former.member@example.org",
            "facilitator": "facilitator@example.org",
        },
    }


def _community_of(event: Any, programme: Any) -> int:
    """A learning community whose meetings are the sessions of ``event``; returns the id of
    the meeting (the event's session) reflected on."""
    community = Community(
        programme_id=programme.id,
        event_id=event.id,
        slug="circle-community",
        name="Circle community",
        membership_rule=MembershipRule.OPEN,
        status=CommunityStatus.OPEN,
    )
    db.session.add(community)
    db.session.flush()
    db.session.add_all(
        [
            CommunityFacilitator(community_id=community.id, user=person("facilitator@example.org")),
            CommunityMember(
                community_id=community.id,
                user=person("member@example.org"),
                status=MemberStatus.MEMBER,
                joined_at=utcnow(),
            ),
            CommunityMember(
                community_id=community.id,
                user=person("former.member@example.org"),
                status=MemberStatus.LEFT,
                left_at=utcnow(),
            ),
            CommunityMeeting(session_id=event.sessions[0].id, community_id=community.id),
        ]
    )
    db.session.commit()
    return event.sessions[0].id


@pytest.fixture(scope="module")
def world(migrated_database: str, instance_path: Any) -> Iterator[World]:
    app = create_app({**_test_config(migrated_database, instance_path), "RATELIMIT_ENABLED": False})
    try:
        with app.app_context():
            built = _build()
        yield World(app=app, **built)
    finally:
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()


def _client(world: World, email: str | None) -> FlaskClient:
    client = world.app.test_client()
    if email:
        page = client.get("/account/sign-in")
        response = client.post(
            "/account/sign-in",
            data={"email": email, "password": PASSWORD, "csrf_token": csrf_token_from(page.text)},
        )
        assert response.status_code == 302, f"{email} could not sign in"
    return client


RESULT = re.compile(r'<li class="card entry">(.*?)</li>', re.DOTALL)


def _get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    return response


def _results(page: str) -> str:
    """The result cards of a /practice/ page, without the search box that repeats the query."""
    return "\n".join(RESULT.findall(page))


def _look(
    world: World, client: FlaskClient, keys: list[tuple[str, str]], token: str | None = None
) -> tuple[dict[str, set[str]], list[tuple[str, str]], int]:
    """What this client (and the API, with the reader's token) sees of the reflections named by
    `keys`, surface by surface."""
    api_headers = {"Authorization": f"Bearer {token}"} if token else {}
    slug = world.programme_slug
    seen: dict[str, set[str]] = {surface: set() for surface in SURFACES}
    texts: list[tuple[str, str]] = []

    def found(surface: str, url: str, expect_ok: bool = True) -> str:
        response = _get(client, url)
        if expect_ok:
            assert response.status_code == 200, f"{url} answered {response.status_code}"
        text = response.get_data(as_text=True)
        texts.append((f"{surface} {url}", text))
        return text

    for key in keys:
        word = marker(*key)
        url = f"/practice/reflections/{world.reflection_ids[key]}"
        response = _get(client, url)
        text = response.get_data(as_text=True)
        texts.append((f"page {url}", text))
        if response.status_code == 200:
            assert word in text
            seen["page"].add(word)
        else:
            assert response.status_code in (302, 404), f"{url} answered {response.status_code}"
            assert word not in text
        search = _results(found("search", f"/practice/?q={word}"))
        if word in search:
            seen["search"].add(word)
        url = f"/api/v1/practice/reflections/{world.reflection_ids[key]}"
        response = client.get(url, headers=api_headers)
        texts.append((f"api_one {url}", response.get_data(as_text=True)))
        if response.status_code == 200:
            assert word in response.get_data(as_text=True)
            seen["api_one"].add(word)
        else:
            assert response.status_code == 404, f"{url} answered {response.status_code}"

    surfaces = {
        "listing": f"/practice/?programme={slug}",
        "search_all": f"/practice/?q={COMMON_WORD}",
        "csv": f"/p/{slug}/practice/entries.csv",
        "json": f"/p/{slug}/practice/entries.json",
        "report": f"/p/{slug}/practice/report",
        "feed": f"/p/{slug}/practice/feed.atom",
        "site_feed": "/practice/feed.atom",
        "community_listing": f"/practice/?programme={slug}&community=circle-community",
    }
    for surface, url in surfaces.items():
        text = found(surface, url)
        if url.startswith("/practice/?"):
            text = _results(text)
        for key in keys:
            if marker(*key) in text:
                seen[surface].add(marker(*key))
    api = client.get(f"/api/v1/practice?programme={slug}", headers=api_headers)
    assert api.status_code == 200
    texts.append(("api", api.get_data(as_text=True)))
    record = client.get(f"/p/{slug}/communities/circle-community/record")
    texts.append(("community_record", record.get_data(as_text=True)))
    assert record.status_code in (200, 302, 403, 404)
    for surface, text in (("api", texts[-2][1]), ("community_record", texts[-1][1])):
        if surface == "community_record" and record.status_code != 200:
            continue
        for key in keys:
            if marker(*key) in text:
                seen[surface].add(marker(*key))
    # The export's count is of what the reader sees, never of what exists.
    exported = dict(texts)[f"json {surfaces['json']}"]
    every_marker = [marker(v, a) for v in VISIBILITIES for a in ATTRIBUTIONS]
    assert json.loads(exported)["count"] == sum(word in exported for word in every_marker)

    event_page = found("event", world.event_path, expect_ok=False)
    count = re.search(r"Read (\d+) reflections? on this event", event_page)
    return seen, texts, int(count.group(1)) if count else 0


def _observe(world: World, reader: str) -> dict[str, set[str]]:
    if reader in world.observed:
        return world.observed[reader]
    all_keys = [(v, a) for v in VISIBILITIES for a in ATTRIBUTIONS]
    if reader == "author":
        seen: dict[str, set[str]] = {surface: set() for surface in SURFACES}
        texts: list[tuple[str, str]] = []
        for key in all_keys:
            email = world.author_emails[key]
            own_seen, own_texts, _count = _look(
                world, _client(world, email), [key], world.tokens[email]
            )
            for surface in SURFACES:
                seen[surface] |= own_seen[surface]
            texts += own_texts
        world.observed[reader], world.texts[reader] = seen, texts
    else:
        email = world.reader_emails.get(reader)
        client = _client(world, email)
        seen, texts, count = _look(world, client, all_keys, world.tokens.get(email or ""))
        world.observed[reader], world.texts[reader] = seen, texts
        world.event_counts[reader] = count
    return world.observed[reader]


def _expected(reader: str, surface: str) -> set[str]:
    letter = SURFACE_LETTER[surface]
    if letter == "C":
        letter = "R" if reader in COMMUNITY_RECORD_READERS else "-"
    return {
        marker(visibility, attribution)
        for index, visibility in enumerate(VISIBILITIES)
        for attribution in ATTRIBUTIONS
        if letter in TABLE[reader][index]
    }


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("reader", READERS)
def test_visibility(world: World, reader: str, surface: str) -> None:
    observed = _observe(world, reader)[surface]
    expected = _expected(reader, surface)
    assert observed == expected, (
        f"{reader} on {surface}: should not see {sorted(observed - expected)}, "
        f"should see {sorted(expected - observed)}"
    )


@pytest.mark.parametrize("reader", READERS)
def test_anonymous_authors_are_named_nowhere(world: World, reader: str) -> None:
    _observe(world, reader)
    hidden_names = [author_name(v, "anonymous") for v in VISIBILITIES]
    for where, text in world.texts[reader]:
        for name in hidden_names:
            assert name not in text, f"{name} appears to {reader} on {where}"
            assert name.split()[1] not in text, f"part of {name} appears to {reader} on {where}"


@pytest.mark.parametrize("reader", READERS)
def test_named_authors_are_named_where_they_are_read(world: World, reader: str) -> None:
    _observe(world, reader)
    pages = dict(world.texts[reader])
    for index, visibility in enumerate(VISIBILITIES):
        if "P" in TABLE[reader][index]:
            url = f"/practice/reflections/{world.reflection_ids[(visibility, 'named')]}"
            assert author_name(visibility, "named") in pages[f"page {url}"]


@pytest.mark.parametrize("reader", [r for r in READERS if r != "author"])
def test_the_event_page_counts_what_the_reader_may_read(world: World, reader: str) -> None:
    _observe(world, reader)
    shared = sum(2 for index in range(len(VISIBILITIES)) if "R" in TABLE[reader][index])
    assert world.event_counts[reader] == shared


def test_the_table_has_a_row_for_every_reader_and_a_column_for_every_choice() -> None:
    assert tuple(v.value for v in Visibility) == VISIBILITIES
    assert tuple(a.value for a in Attribution) == ATTRIBUTIONS
    assert all(len(row) == len(VISIBILITIES) for row in TABLE.values())


def test_nothing_but_the_public_part_without_a_public_programme(world: World) -> None:
    """Unpublishing the event takes its reflections out of everyone's sight but the
    organisers' and authors' (run last: it changes the world)."""
    with world.app.app_context():
        from hls_events.models import Event

        event = db.session.query(Event).filter_by(slug="circle").one()
        event.status = EventStatus.DRAFT
        # A community's series event is always a draft (its meetings are members-only); what
        # hides the community's shared reflections is the community going back to draft.
        community = db.session.query(Community).filter_by(event_id=event.id).one()
        community.status = CommunityStatus.DRAFT
        db.session.commit()
    public = marker("public", "named")
    seen, _texts, _count = _look(
        world, _client(world, world.reader_emails["participant"]), [("public", "named")]
    )
    assert all(public not in seen[surface] for surface in SURFACES)
    seen, _texts, _count = _look(
        world, _client(world, world.author_emails[("public", "named")]), [("public", "named")]
    )
    assert public in seen["page"]
