"""The record's filter choices are the same for every search while the content is unchanged:
each worker reads them once a content revision for each kind of reader and language, whether
or not pages are kept, and offers what changed as soon as the revision moves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import update

from hls_events import page_cache
from hls_events.communities import running
from hls_events.extensions import db
from hls_events.models import (
    CommunityStatus,
    ContentRevision,
    EventStatus,
    MembershipRule,
    ProgrammeStatus,
)
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_event, make_programme, make_reflection, make_theme
from tests.reflections.conftest import person


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Pages are built on every request, as when a change has just dropped their copies.
    return {"RATELIMIT_ENABLED": False, "PAGE_CACHE_SECONDS": 0}


def _offered(page: str, field: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.DOTALL)
    assert select is not None, field
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(0))


def _choice_statements(statements: list[str]) -> list[str]:
    """The statements reading the programmes and themes to choose from."""
    return [
        s
        for s in statements
        if "FROM themes ORDER BY" in s or ("programmes.starts_on" in s and "min(" in s)
    ]


def test_a_second_search_reads_no_choices_and_finds_the_same(client, past, count_queries):
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    with count_queries() as first_statements:
        first = client.get("/practice/", query_string={"q": "trust"})
    with count_queries() as statements:
        second = client.get("/practice/", query_string={"q": "learned"})
    assert len(_choice_statements(first_statements)) == 2
    assert _choice_statements(statements) == []
    assert second.status_code == 200
    assert "trust each other" in second.text
    for field in ("programme", "theme", "year"):
        assert _offered(second.text, field) == _offered(first.text, field), field
    assert past.programme.slug in _offered(second.text, "programme")


def test_a_new_programme_and_theme_are_offered_as_soon_as_they_are_written(client, past):
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    before = client.get("/practice/", query_string={"q": "trust"}).text
    assert "hls-week-2026" not in _offered(before, "programme")

    newer = make_programme("hls-week-2026", title="HLS Week 2026")
    event = make_event(newer, "circle-2026", themes=[make_theme("Place based working")])
    make_reflection(event, person("b@example.org"), "A second year of trust.")

    after = client.get("/practice/", query_string={"q": "trust"}).text
    assert "hls-week-2026" in _offered(after, "programme")
    assert "place-based-working" in _offered(after, "theme")


def test_another_workers_change_is_offered_once_the_revision_is_read_again(client, past):
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    assert past.programme.slug in _offered(client.get("/practice/").text, "programme")
    # Another worker drafts the programme again: its commit moves the revision, and this
    # worker reads the revision again within page_cache.REVISION_CHECK_SECONDS.
    with db.engine.begin() as connection:
        connection.execute(
            update(past.programme.__table__)
            .where(past.programme.__table__.c.id == past.programme.id)
            .values(status=ProgrammeStatus.DRAFT)
        )
        connection.execute(update(ContentRevision).values(number=ContentRevision.number + 1))
    page_cache._known_revisions.clear()
    assert past.programme.slug not in _offered(client.get("/practice/").text, "programme")


def test_each_reader_gets_their_own_programmes_at_one_revision(app, client, past, sign_in_as):
    draft = make_programme("hls-week-draft", status=ProgrammeStatus.DRAFT, organisers=[])
    make_reflection(make_event(draft, "draft-circle"), person("a@example.org"), "Drafted.")
    make_reflection(past.event, person("b@example.org"), "We learned to trust each other.")
    organiser = person("draft.organiser@example.org", is_organiser=True)
    draft.organisers.append(organiser)
    admin = person("admin@example.org", is_admin=True)
    db.session.commit()
    visitor = app.test_client()

    visitor_before = _offered(visitor.get("/practice/").text, "programme")
    sign_in_as(organiser)
    organisers = _offered(client.get("/practice/").text, "programme")
    visitor_after = _offered(visitor.get("/practice/").text, "programme")
    administrator = app.test_client()
    page = administrator.get("/account/sign-in")
    administrator.post(
        "/account/sign-in",
        data={"email": admin.email, "password": PASSWORD, "csrf_token": csrf_token_from(page.text)},
    )
    admins = _offered(administrator.get("/practice/").text, "programme")

    assert "hls-week-draft" in organisers
    assert "hls-week-draft" in admins
    assert "hls-week-draft" not in visitor_before
    assert visitor_after == visitor_before
    assert past.programme.slug in visitor_before


def test_a_chosen_programmes_drafts_are_offered_only_to_its_organisers(
    app, client, past, sign_in_as
):
    make_event(past.programme, "draft-session", status=EventStatus.DRAFT)
    running.create_community(
        past.programme.id,
        running.CommunityDetails(
            name="Quiet circle",
            purpose="Still being planned.",
            membership_rule=MembershipRule.OPEN,
            member_limit=None,
            waitlist_open=True,
            status=CommunityStatus.DRAFT,
        ),
        [past.organiser.email],
    )
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    query = {"programme": past.programme.slug}
    visitor = app.test_client()

    before = visitor.get("/practice/", query_string=query).text
    sign_in_as(past.organiser)
    organisers = client.get("/practice/", query_string=query).text
    after = visitor.get("/practice/", query_string=query).text

    assert "draft-session" in _offered(organisers, "event")
    assert "quiet-circle" in _offered(organisers, "community")
    for page in (before, after):
        assert "draft-session" not in _offered(page, "event")
        assert "learning-circle" in _offered(page, "event")
        assert "Quiet circle" not in page


def test_welsh_and_english_readers_each_get_their_own_titles(client, past):
    past.programme.title_cy = "Wythnos y Gorffennol"
    past.event.title_cy = "Gweithdy Ymddiriedaeth"
    db.session.commit()
    make_reflection(past.event, person("a@example.org"), "Dysgais lawer am ymddiriedaeth.")
    query = {"programme": past.programme.slug}
    for _ in range(2):  # each language's choices read, then kept: neither takes the other's
        english = client.get("/practice/", query_string=query, headers={"Accept-Language": "en"})
        welsh = client.get("/practice/", query_string=query, headers={"Accept-Language": "cy"})
        assert re.search(r"<option[^>]*>HLS Week 2025<", english.text)
        assert re.search(r"<option[^>]*>Learning Circle<", english.text)
        assert "Wythnos y Gorffennol" not in english.text
        assert re.search(r"<option[^>]*>Wythnos y Gorffennol<", welsh.text)
        assert re.search(r"<option[^>]*>Gweithdy Ymddiriedaeth<", welsh.text)


def test_a_signed_in_readers_programmes_are_read_once_a_page(
    client, past, sign_in_as, count_queries
):
    """The filters and the entries both ask which programmes the reader curates."""
    make_reflection(past.event, person("a@example.org"), "We learned to trust each other.")
    sign_in_as(past.organiser)
    with count_queries() as statements:
        page = client.get("/practice/", query_string={"q": "trust"})
    assert "<mark>trust</mark> each other" in page.text
    organised = [s for s in statements if s.lstrip().startswith("SELECT programme_organisers")]
    assert len(organised) == 1
