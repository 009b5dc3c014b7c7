""" "Keep me signed in": the remember cookie lasts until the password changes, and no longer."""

from __future__ import annotations

from flask_login.utils import encode_cookie

from hls_events.accounts import services
from hls_events.models import utcnow
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "plum orchard lantern"


def _sign_in(client, *, remember):
    page = client.get("/account/sign-in")
    data = {"email": "ada@example.org", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post(
        "/account/sign-in", data={**data, "csrf_token": csrf_token_from(page.text)}
    )
    assert response.status_code == 302, response.text


def _remembered_device(app):
    """A device that ticked "keep me signed in", after the browser closed: only the remember
    cookie is left."""
    device = app.test_client()
    _sign_in(device, remember=True)
    assert device.get_cookie("remember_token") is not None
    device.delete_cookie("session")
    return device


def _change_password(client):
    page = client.get("/account/password")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 302, response.text


def _is_signed_out(response):
    return response.status_code == 302 and response.location.startswith("/account/sign-in")


def test_remember_cookie_alone_signs_in_until_the_password_changes(app, client):
    make_user("ada@example.org", email_confirmed_at=utcnow())
    device = _remembered_device(app)
    assert device.get("/account/").status_code == 200
    device.delete_cookie("session")

    _sign_in(client, remember=False)
    _change_password(client)

    assert _is_signed_out(device.get("/account/"))
    assert client.get("/account/").status_code == 200  # the session that changed it carries on


def test_remember_cookie_ends_when_the_password_is_reset(app):
    user = make_user("ada@example.org", email_confirmed_at=utcnow())
    device = _remembered_device(app)

    services.change_password(user.id, PASSWORD, NEW_PASSWORD)

    assert _is_signed_out(device.get("/account/"))


def test_the_device_that_changed_the_password_is_still_remembered(app):
    make_user("ada@example.org", email_confirmed_at=utcnow())
    device = app.test_client()
    _sign_in(device, remember=True)

    _change_password(device)
    device.delete_cookie("session")

    assert device.get("/account/").status_code == 200


def test_remember_cookie_without_a_fingerprint_is_refused(app):
    user = make_user("ada@example.org", email_confirmed_at=utcnow())
    device = app.test_client()
    with app.test_request_context():
        device.set_cookie("remember_token", encode_cookie(str(user.id)))

    assert _is_signed_out(device.get("/account/"))
