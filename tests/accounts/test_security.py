"""Abuse: tampered cookies, too many attempts, and what sign-out leaves behind."""

from __future__ import annotations

import pytest
from flask import Flask, current_app
from flask.sessions import SecureCookieSessionInterface

from hls_events.config import load_config
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user


def _sign_in(client, email="ada@example.org", password=PASSWORD):
    page = client.get("/account/sign-in")
    return client.post(
        "/account/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )


def test_tampered_session_cookie_is_not_signed_in(client):
    make_user("ada@example.org")
    assert _sign_in(client).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None and client.get("/account/").status_code == 200
    value = cookie.value
    tampered = value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB")

    client.set_cookie("session", tampered)

    response = client.get("/account/")
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in")


def test_session_cookie_signed_with_another_key_is_not_signed_in(client):
    user = make_user("ada@example.org")
    forger = Flask("forger")
    forger.secret_key = "a guess at the key"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    forged = serializer.dumps({"_user_id": str(user.id), "_fresh": True})

    client.set_cookie("session", forged)

    assert client.get("/account/").status_code == 302


def test_sign_out_ends_the_session(client):
    make_user("ada@example.org")
    _sign_in(client)

    response = client.post(
        "/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/account/").text)}
    )

    assert response.status_code == 302
    assert client.get("/account/").status_code == 302
    assert "You have signed out." in client.get("/").text
    cookie = client.get_cookie("session")
    assert cookie is None or "_user_id" not in _decode(cookie.value)


def test_session_cookie_is_httponly_and_samesite_lax(client):
    make_user("ada@example.org")

    response = _sign_in(client)

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("HLS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")

    config = load_config(str(tmp_path))

    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379"
    assert config["RATELIMIT_ENABLED"] is True


def test_password_sign_in_works_before_the_address_is_confirmed(client):
    # A password can only be set by someone who followed an emailed link, or by an operator.
    make_user("ada@example.org", email_confirmed_at=None)

    assert _sign_in(client).status_code == 302


def test_attendee_lands_on_their_account_and_organiser_on_the_dashboard(app):
    make_user("ada@example.org")
    make_user("olu@example.org", organiser=True)

    assert _sign_in(app.test_client(), "ada@example.org").location == "/account/"
    assert _sign_in(app.test_client(), "olu@example.org").location == "/organise/"


def test_too_many_sign_in_attempts_are_refused(client, app):
    """The limit is on by default, in memory, at 10 a minute from one address."""
    assert app.config["RATELIMIT_ENABLED"]
    make_user("ada@example.org")
    page = client.get("/account/sign-in")
    token = csrf_token_from(page.text)

    answers = [
        client.post(
            "/account/sign-in",
            data={"email": "ada@example.org", "password": "guess", "csrf_token": token},
        ).status_code
        for _ in range(11)
    ]

    assert answers == [422] * 10 + [429]
    refused = client.post(
        "/account/sign-in",
        data={"email": "ada@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert refused.status_code == 429
    assert "Too many attempts" in refused.text
    assert client.get("/account/sign-in").status_code == 200  # reading the page is not limited


@pytest.mark.parametrize("path", ["/account/sign-in/email", "/account/reset-password"])
def test_one_address_cannot_be_flooded_with_email(client, post_form, inbox, path):
    make_user("ada@example.org")

    answers = [post_form(path, {"email": "ada@example.org"}).status_code for _ in range(6)]

    assert answers == [302] * 5 + [429]
    assert len(inbox("ada@example.org")) == 5
    # The same is true of an address without an account, so the limit reveals nothing.
    assert [post_form(path, {"email": "nobody@example.org"}).status_code for _ in range(4)] == [
        302
    ] * 4


def test_sign_up_is_rate_limited_per_network_address(app, post_form):
    app.config["ACCOUNT_RATE_LIMIT"] = "3 per minute"

    answers = [
        post_form("/account/sign-up", {"name": "A", "email": f"p{n}@example.org"}).status_code
        for n in range(4)
    ]

    assert answers == [302, 302, 302, 429]


def _decode(value: str) -> dict:
    serializer = SecureCookieSessionInterface().get_signing_serializer(current_app)
    assert serializer is not None
    return serializer.loads(value)
