"""Hostile input on every route (issue 20): every route of the authorisation table, as each
role, with hostile path parameters, query strings and bodies. No answer may be a 500, and a
refused request changes nothing. Seeded and bounded (``derandomize``) so that it runs in CI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hls_events import create_app
from hls_events.extensions import db
from hls_events.models import (
    Event,
    OutboxMessage,
    Programme,
    Proposal,
    Reflection,
    Registration,
    User,
)
from tests.conftest import _test_config, empty_database
from tests.test_authorisation import (
    FRESH,
    ROLES,
    World,
    _build_world,
    _csrf_token,
    _params,
    _rules,
    _sign_in,
)

COUNTED = (User, Programme, Event, Registration, Proposal, Reflection, OutboxMessage)
REFUSED = {400, 401, 403, 404, 405, 409, 410, 413, 422, 429}
EXAMPLES = 400

NUMBERS = ["99999999999999999999", str(2**31), str(2**63), "-1", "0", "1e9", "NaN"]
TEXTS = ["a\x00b", "\x1b[31m", "\x7f", "\u202e", "x" * 5000, "=HYPERLINK(1)", "", " "]
RAW_BYTES = [b"%ff%fe", b"%c3%28", b"%00", b"%e2%82"]
FIELDS = [
    "name", "email", "title", "body", "text", "guidance", "questions", "capacity", "sector",
    "organisation", "job_role", "access_needs", "password", "themes", "event", "registrations",
    "opens_at", "closes_at", "starts_at", "page", "q", "label", "kind", "choices", "status",
]  # fmt: skip

hostile_text = st.sampled_from(TEXTS + NUMBERS)


@st.composite
def hostile_requests(draw: st.DrawFn) -> dict[str, Any]:
    query = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["page", "q", "status", "theme", "day", "next"]), hostile_text
            ),
            max_size=3,
        )
    )
    fields = draw(
        st.lists(
            st.tuples(
                st.sampled_from(FIELDS),
                st.one_of(hostile_text, st.just("file")),
            ),
            max_size=6,
        )
    )
    return {
        "role": draw(st.sampled_from(ROLES)),
        "rule": draw(st.integers(min_value=0, max_value=10_000)),
        "path_value": draw(st.one_of(st.none(), st.sampled_from(NUMBERS + TEXTS[:3]))),
        "raw_query": draw(st.one_of(st.none(), st.sampled_from(RAW_BYTES))),
        "query": query,
        "fields": fields,
        "body": draw(st.sampled_from(["form", "multipart", "json", "text", "bytes"])),
    }


class Walk:
    def __init__(self, app: Flask, world: World) -> None:
        self.app = app
        self.world = world
        self.rules = [visit for visit in _rules(app) if visit[1].endpoint != "accounts.sign_out"]
        self.rules = [
            visit for visit in self.rules if visit[1].endpoint != "accounts.delete_account"
        ]
        self.clients: dict[str, tuple[FlaskClient, str]] = {}

    def client(self, role: str) -> tuple[FlaskClient, str]:
        if role not in self.clients:
            client = self.app.test_client()
            email = self.world.emails.get(role)
            if email:
                _sign_in(client, email)
            self.clients[role] = (client, _csrf_token(client, email is not None))
        return self.clients[role]

    def counts(self) -> dict[str, int]:
        with self.app.app_context():
            return {
                model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
                for model in COUNTED
            }


def _url(walk: Walk, key: str, rule: Any, path_value: str | None) -> str:
    params = _params(walk.world, key)
    if rule.endpoint in FRESH:
        with walk.app.app_context():
            params.update(FRESH[rule.endpoint](walk.world))
    with walk.app.test_request_context():
        url = url_for(rule.endpoint, **{name: params[name] for name in rule.arguments})
    if path_value is not None and rule.arguments:
        name = sorted(rule.arguments)[0]
        url = url.replace(str(params[name]), path_value.replace("\x00", "%00"), 1)
    return url


def _body(request: dict[str, Any], csrf: str) -> dict[str, Any]:
    fields = [("csrf_token", csrf), *request["fields"]]
    kind = request["body"]
    if kind == "json":
        return {"json": dict(fields)}
    if kind == "text":
        return {"data": "a=b\x00", "content_type": "text/plain"}
    if kind == "bytes":
        return {
            "data": b"name=\xff\xfe&email=%ff",
            "content_type": "application/x-www-form-urlencoded",
        }
    data: dict[str, Any] = {}
    for name, value in fields:
        if value == "file":
            value = (io.BytesIO(b"\x00\xff"), "x.txt")
        data.setdefault(name, []).append(value)
    if kind == "multipart":
        return {"data": data, "content_type": "multipart/form-data"}
    return {
        "data": {
            name: values
            for name, values in data.items()
            if not any(isinstance(v, tuple) for v in values)
        }
    }


@pytest.fixture(scope="module")
def walk(migrated_database: str, instance_path: Any) -> Iterator[Walk]:
    app = create_app({**_test_config(migrated_database, instance_path), "RATELIMIT_ENABLED": False})
    try:
        with app.app_context():
            world = _build_world()
        yield Walk(app, world)
    finally:
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=hostile_requests())
def test_no_input_makes_a_500_or_a_change_when_refused(walk: Walk, request: dict[str, Any]) -> None:
    key, rule = walk.rules[request["rule"] % len(walk.rules)]
    client, csrf = walk.client(request["role"])
    url = _url(walk, key, rule, request["path_value"])
    query = "&".join(f"{name}={value}" for name, value in request["query"])
    if request["raw_query"]:
        query += ("&" if query else "") + "q=" + request["raw_query"].decode()
    if query:
        url += ("&" if "?" in url else "?") + query.replace("\x00", "%00").replace("#", "%23")
    before = walk.counts()
    if "POST" in (rule.methods or set()):
        response = client.post(url, **_body(request, csrf))
    else:
        response = client.get(url)

    assert response.status_code < 500, f"{response.status_code} from {rule.endpoint} {url!r}"
    if response.status_code in REFUSED:
        assert walk.counts() == before, f"{rule.endpoint} {url!r} refused but changed the data"
