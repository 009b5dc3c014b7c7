"""Personal API tokens: made and named on the account page, shown once, stored hashed, used as
a bearer token, revoked, and gone with the account."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hls_events.accounts.personal_data import delete_account
from hls_events.api.tokens import hash_secret
from hls_events.extensions import db
from hls_events.models import ApiToken, User
from tests.api.conftest import ApiWorld, bearer
from tests.conftest import csrf_token_from

PAGE = "/account/api-tokens/"


def _secret(html: str) -> str:
    match = re.search(r'id="new-token"[^>]*value="(hls_[^"]+)"', html)
    assert match, "the page does not show the new token"
    return match.group(1)


def test_make_use_and_revoke_a_token(
    app: Flask,
    client: FlaskClient,
    world: ApiWorld,
    sign_in: Callable[..., Any],
    post_form: Callable[..., Any],
) -> None:
    sign_in("attendee@example.org")
    made = post_form(PAGE, {"name": "My calendar script"})
    assert made.status_code == 200
    secret = _secret(made.text)
    assert made.headers["Cache-Control"] == "no-store"
    # Stored as a hash only, and never shown again.
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "My calendar script"))
    assert token is not None
    assert token.token_hash == hash_secret(secret)
    assert secret not in client.get(PAGE).text
    assert "My calendar script" in client.get(PAGE).text

    program = app.test_client()  # another client, with no session: only the token
    mine = program.get("/api/v1/me/registrations", headers=bearer(secret))
    assert mine.status_code == 200
    assert mine.get_json()["total"] == 1

    page = client.get(PAGE)
    revoked = client.post(
        f"{PAGE}{token.id}/revoke", data={"csrf_token": csrf_token_from(page.text)}
    )
    assert revoked.status_code == 303
    assert db.session.get(ApiToken, token.id) is None
    assert program.get("/api/v1/me/registrations", headers=bearer(secret)).status_code == 401


def test_a_token_needs_a_name_and_a_csrf_token(
    client: FlaskClient,
    world: ApiWorld,
    sign_in: Callable[..., Any],
    post_form: Callable[..., Any],
) -> None:
    sign_in("attendee@example.org")
    before = db.session.scalar(select(func.count()).select_from(ApiToken))
    assert post_form(PAGE, {"name": "   "}).status_code == 422
    assert post_form(PAGE, {"name": "x" * 101}).status_code == 422
    assert client.post(PAGE, data={"name": "No CSRF"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == before


def test_nobody_revokes_another_persons_token(
    client: FlaskClient, world: ApiWorld, sign_in: Callable[..., Any]
) -> None:
    sign_in("waiting@example.org")
    theirs = db.session.scalar(select(ApiToken).where(ApiToken.name == "attendee's phone"))
    assert theirs is not None
    page = client.get(PAGE)
    assert "attendee&#39;s phone" not in page.text
    client.post(f"{PAGE}{theirs.id}/revoke", data={"csrf_token": csrf_token_from(page.text)})
    assert db.session.get(ApiToken, theirs.id) is not None
    assert (
        client.get("/api/v1/me/registrations", headers=bearer(world.attendee_token)).status_code
        == 200
    )


def test_tokens_go_with_the_account(client: FlaskClient, world: ApiWorld) -> None:
    attendee = db.session.scalar(select(User).where(User.email == "attendee@example.org"))
    assert attendee is not None
    delete_account(attendee.id, keep_published_anonymously=False)
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.user_id == attendee.id)
        )
        == 0
    )
    assert client.get("/api/v1/programmes", headers=bearer(world.attendee_token)).status_code == 401


def test_the_token_page_needs_sign_in(client: FlaskClient, world: ApiWorld) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/account/sign-in" in response.location


def test_the_data_download_lists_tokens_without_secrets(
    client: FlaskClient, world: ApiWorld, sign_in: Callable[..., Any]
) -> None:
    sign_in("attendee@example.org")
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert [token["name"] for token in data["api_tokens"]] == ["attendee's phone"]
    text = json.dumps(data)
    assert world.attendee_token not in text
    assert hash_secret(world.attendee_token) not in text
