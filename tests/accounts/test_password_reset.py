"""Resetting a forgotten password by an emailed link, and what makes a password acceptable."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.accounts.passwords import is_common_password, password_problem
from hls_events.extensions import db
from hls_events.models import OutboxMessage, User
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "plum orchard lantern"


def _request_reset(post_form, email="ada@example.org"):
    return post_form("/account/reset-password", {"email": email})


def _sign_in(client, email, password):
    page = client.get("/account/sign-in")
    return client.post(
        "/account/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )


def test_reset_by_emailed_link(client, post_form, one_email, follow_link, app):
    make_user("ada@example.org")
    assert "Forgotten your password?" in client.get("/account/sign-in").text

    response = _request_reset(post_form)

    assert response.location == "/account/check-email/reset"
    mail = one_email("ada@example.org")
    assert mail.subject == "Reset your password for HLS Events"
    link = mail.link("/account/reset-password/")
    page = client.get(link)
    assert "Choose a new password" in page.text
    assert "At least 10 characters" in page.text
    done = follow_link(link, {"password": NEW_PASSWORD})
    assert done.status_code == 302 and done.location == "/account/"
    assert client.get("/account/").status_code == 200
    notice = one_email("ada@example.org")
    assert notice.subject == "Your HLS Events password has changed"

    other = app.test_client()
    assert _sign_in(other, "ada@example.org", PASSWORD).status_code == 422
    assert _sign_in(other, "ada@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_works_once_and_older_links_stop_working(
    client, post_form, one_email, follow_link
):
    make_user("ada@example.org")
    _request_reset(post_form)
    older = one_email("ada@example.org").link("/account/reset-password/")
    _request_reset(post_form)
    newer = one_email("ada@example.org").link("/account/reset-password/")
    older_page = client.get(older)

    assert follow_link(newer, {"password": NEW_PASSWORD}).status_code == 302

    for link in (older, newer):
        response = client.get(link)
        assert response.status_code == 400
        assert "This link has already been used" in response.text
    replay = client.post(
        older,
        data={"password": "another fine password", "csrf_token": csrf_token_from(older_page.text)},
    )
    assert replay.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(NEW_PASSWORD)


def test_expired_reset_link_is_refused(client, post_form, one_email, later):
    make_user("ada@example.org")
    _request_reset(post_form)
    link = one_email("ada@example.org").link("/account/reset-password/")
    page = client.get(link)

    later(61 * 60)
    response = client.post(
        link, data={"password": NEW_PASSWORD, "csrf_token": csrf_token_from(page.text)}
    )

    assert response.status_code == 400
    assert "This link has expired" in response.text
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(PASSWORD)


def test_weak_new_passwords_are_refused_with_the_reason(client, post_form, one_email):
    make_user("ada@example.org")
    _request_reset(post_form)
    link = one_email("ada@example.org").link("/account/reset-password/")

    for password, message in [
        ("short", "at least 10 characters"),
        ("Password123", "one of the most commonly used passwords"),
        ("QWERTYUIOP", "one of the most commonly used passwords"),
        ("x" * 10_000, "200 characters or fewer"),
        ("", "Enter a password."),
    ]:
        response = post_form(link, {"password": password})
        assert response.status_code == 422, password[:20]
        assert message in response.text
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(PASSWORD)
    assert client.get(link).status_code == 200  # the link is still usable


def test_password_rules():
    assert password_problem("correct horse battery") is None
    assert password_problem("ÄÖÜ äöü ß ok") is None  # any characters, no odd-character rules
    assert is_common_password("password123") and is_common_password("PASSWORD123")
    assert password_problem("123456789") is not None


def test_reset_request_is_the_same_with_and_without_an_account(client, post_form, inbox):
    make_user("ada@example.org")

    known = _request_reset(post_form, "ada@example.org")
    known_page = client.get(known.location).text
    unknown = _request_reset(post_form, "nobody@example.org")
    unknown_page = client.get(unknown.location).text

    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    assert known_page.replace("ada@example.org", "X") == unknown_page.replace(
        "nobody@example.org", "X"
    )
    assert len(inbox("ada@example.org")) == 1
    assert inbox("nobody@example.org") == []


def test_reset_ends_other_sessions(app, client, post_form, one_email, follow_link):
    make_user("ada@example.org")
    laptop = app.test_client()
    assert _sign_in(laptop, "ada@example.org", PASSWORD).status_code == 302
    assert laptop.get("/account/").status_code == 200

    _request_reset(post_form)
    follow_link(
        one_email("ada@example.org").link("/account/reset-password/"), {"password": NEW_PASSWORD}
    )

    assert laptop.get("/account/").status_code == 302
    assert client.get("/account/").status_code == 200


def test_reset_request_without_csrf_token_is_refused(client):
    make_user("ada@example.org")

    response = client.post("/account/reset-password", data={"email": "ada@example.org"})

    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_person_without_a_password_can_choose_one_by_reset(
    client, post_form, one_email, follow_link
):
    user = make_user("ada@example.org")
    user.password_hash = None
    db.session.commit()

    _request_reset(post_form)

    mail = one_email("ada@example.org")
    assert mail.subject == "Choose a password for HLS Events"
    follow_link(mail.link("/account/reset-password/"), {"password": NEW_PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
