"""The member limit under real load: gunicorn with four worker processes, many people joining a
community at the same moment, on SQLite and on PostgreSQL (whichever the suite runs on). Each
person signs in, opens the join page and posts with that page's CSRF token, as a browser does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import CommunityMember, MemberStatus, OutboxMessage
from tests.factories import PASSWORD, make_user
from tests.registrations.served import Client, GunicornServer, at_once

PEOPLE = 40
LIMIT = 10
LEAVING = 4


@pytest.fixture
def server(app: Flask, instance_path: Path):
    served = GunicornServer(
        app.config["SQLALCHEMY_DATABASE_URI"], instance_path, app.config["SECRET_KEY"]
    )
    # A shared machine can take a while to boot four workers.
    served.start(timeout=180)
    try:
        yield served
    finally:
        served.stop()


def _signed_in(server: GunicornServer, email: str) -> Client:
    client = Client(server.url)
    token = client.csrf_token("/account/sign-in")
    answer = client.post_form("/account/sign-in", {"email": email, "password": PASSWORD}, token)
    assert answer.status == 302, (email, answer.status, answer.text[:300])
    return client


def _rows(community_id: int) -> list[CommunityMember]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(CommunityMember).where(CommunityMember.community_id == community_id)
        )
    )


def _assert_consistent(community_id: int) -> tuple[list, list]:
    rows = _rows(community_id)
    members = [r for r in rows if r.status == MemberStatus.MEMBER]
    waiting = sorted(
        (r for r in rows if r.status == MemberStatus.WAITLISTED), key=lambda r: r.waitlist_position
    )
    assert len(members) == LIMIT
    assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))
    assert max(Counter(r.user_id for r in rows).values()) == 1
    return members, waiting


def test_many_people_joining_at_once_fill_the_limit_and_the_rest_wait_in_order(
    app: Flask, server: GunicornServer, make_community
):
    community = make_community(limit=LIMIT)
    base = f"/p/{community.programme.slug}/communities/{community.slug}/"
    people = [make_user(f"joiner{n}@example.org").id for n in range(PEOPLE)]
    emails = [f"joiner{n}@example.org" for n in range(PEOPLE)]
    clients = at_once([lambda e=e: _signed_in(server, e) for e in emails])
    tokens = at_once([lambda c=c: c.csrf_token(base + "join") for c in clients])

    answers = at_once(
        [
            lambda c=c, t=t: c.post_form(base + "join", {"organisation": "Somewhere"}, t)
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    assert [a.status for a in answers] == [302] * PEOPLE, [
        (a.status, a.text[:200]) for a in answers if a.status != 302
    ]
    members, waiting = _assert_consistent(community.id)
    assert len(waiting) == PEOPLE - LIMIT
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.like("community-member:%:community_waitlisted"))
        )
        == PEOPLE - LIMIT
    )

    # Joining again from another tab at the same moment: refused, and nothing changes.
    again = at_once(
        [
            lambda c=c: c.post_form(base + "join", {}, c.csrf_token(base + "join"))
            for c in clients[:5]
        ]
    )
    assert [a.status for a in again] == [409] * 5

    # Several members leave at the same moment: the first waiting take their places, in order.
    client_of = dict(zip(people, clients, strict=True))
    leaving = [r.user_id for r in members[:LEAVING]]
    next_in_line = [r.user_id for r in waiting[:LEAVING]]
    leave_tokens = at_once([lambda u=u: client_of[u].csrf_token(base + "leave") for u in leaving])
    left = at_once(
        [
            lambda u=u, t=t: client_of[u].post_form(base + "leave", {}, t)
            for u, t in zip(leaving, leave_tokens, strict=True)
        ]
    )
    assert [a.status for a in left] == [302] * LEAVING
    members, waiting = _assert_consistent(community.id)
    assert set(next_in_line) <= {r.user_id for r in members}
    assert len(waiting) == PEOPLE - LIMIT - LEAVING
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.like("community-member:%:community_promoted"))
        )
        == LEAVING
    )
