"""Signing in with a one-time link sent by email: for people who never set a password."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import OutboxMessage, UsedToken, User
from tests.conftest import csrf_token_from
from tests.factories import make_user

REQUEST = "/account/sign-in/email"


def _request_link(post_form, email="ada@example.org", next_url=None):
    url = REQUEST + (f"?next={next_url}" if next_url else "")
    return post_form(url, {"email": email})


def test_sign_in_by_emailed_link(client, post_form, one_email, follow_link):
    user = make_user("ada@example.org")
    user.password_hash = None
    db.session.commit()
    assert "Email me a sign-in link" in client.get("/account/sign-in").text

    response = _request_link(post_form, "ADA@example.org ")

    assert response.status_code == 302
    assert "If ada@example.org has an account" in client.get(response.location).text
    mail = one_email("ada@example.org")
    assert mail.subject == "Your link to sign in to HLS Events"
    assert "lasts 20 minutes" in mail.text
    signed_in = follow_link(mail.link("/account/sign-in/link/"))
    assert signed_in.status_code == 302
    assert signed_in.location == "/account/"
    assert client.get("/account/").status_code == 200
    db.session.expire_all()
    user = db.session.get(User, user.id)
    # The link proved the address, so it is confirmed too.
    assert user.email_confirmed_at is not None and user.last_signed_in_at is not None


def test_opening_the_link_without_pressing_the_button_does_not_use_it(client, post_form, one_email):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")

    for _ in range(3):  # a mail scanner, a preview, the person
        assert client.get(link).status_code == 200

    assert db.session.scalar(select(func.count()).select_from(UsedToken)) == 0
    assert client.get("/account/").status_code == 302


def test_link_works_once(client, post_form, one_email, follow_link):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")
    page = client.get(link)
    token = csrf_token_from(page.text)
    assert client.post(link, data={"csrf_token": token}).status_code == 302

    replay = client.post(link, data={"csrf_token": csrf_token_from(client.get("/").text)})

    assert replay.status_code == 400
    assert "This link has already been used" in replay.text
    assert client.get(link).status_code == 400


def test_expired_link_is_refused(client, post_form, one_email, later):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")
    page = client.get(link)

    later(21 * 60)
    response = client.post(link, data={"csrf_token": csrf_token_from(page.text)})

    assert response.status_code == 400
    assert "This link has expired" in response.text
    assert "sign-in links last 20 minutes" in response.text
    assert client.get("/account/").status_code == 302


def test_link_still_works_just_before_it_expires(client, post_form, one_email, later, follow_link):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")

    later(19 * 60)

    assert follow_link(link).status_code == 302


def test_tampered_and_foreign_tokens_are_refused(client, post_form, one_email, follow_link):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")
    token = link.rsplit("/", 1)[1]
    payload, timestamp, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]

    for bad in [
        f"{payload}.{timestamp}.{flipped}",
        f"{payload[:-3]}xyz.{timestamp}.{signature}",
        "not-a-token",
        "x" * 5000,
    ]:
        response = client.get(f"/account/sign-in/link/{bad}")
        assert response.status_code == 400, bad[:40]
        assert "This link does not work" in response.text
    # A token made for another purpose (confirming an address) does not sign in.
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 400
    assert client.get("/account/").status_code == 302


def test_link_for_an_address_that_has_changed_since_is_refused(client, post_form, one_email):
    user = make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")
    user.email = "ada@elsewhere.example"
    db.session.commit()

    response = client.get(link)

    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_next_survives_link_sign_in_and_other_sites_are_ignored(
    client, post_form, one_email, follow_link
):
    make_user("ada@example.org")
    for target, expected in [
        ("/p/hls-week/events/listening/", "/p/hls-week/events/listening/"),
        ("https://evil.example/", "/account/"),
        ("//evil.example", "/account/"),
    ]:
        _request_link(post_form, next_url=target)
        response = follow_link(one_email("ada@example.org").link("/account/sign-in/link/"))
        assert response.location == expected, target
        post_form("/account/", {}, action="/account/sign-out")


def test_answer_is_the_same_with_and_without_an_account(client, post_form, inbox):
    make_user("ada@example.org")

    known = _request_link(post_form, "ada@example.org")
    known_page = client.get(known.location).text
    unknown = _request_link(post_form, "nobody@example.org")
    unknown_page = client.get(unknown.location).text

    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    assert known_page.replace("ada@example.org", "X") == unknown_page.replace(
        "nobody@example.org", "X"
    )
    assert len(inbox("ada@example.org")) == 1
    assert inbox("nobody@example.org") == []


def test_request_form_errors(post_form):
    for email, message in [
        ("", "Enter your email address."),
        ("nope", "in the right format"),
        ("a" * 10_000 + "@example.org", "at most 254 characters"),
    ]:
        response = post_form(REQUEST, {"email": email})
        assert response.status_code == 422
        assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_request_without_csrf_token_is_refused(client):
    make_user("ada@example.org")

    response = client.post(REQUEST, data={"email": "ada@example.org"})

    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_using_a_link_without_csrf_token_is_refused(client, post_form, one_email):
    make_user("ada@example.org")
    _request_link(post_form)
    link = one_email("ada@example.org").link("/account/sign-in/link/")

    response = client.post(link)

    assert response.status_code == 400
    assert client.get("/account/").status_code == 302
    assert client.get(link).status_code == 200  # still usable
