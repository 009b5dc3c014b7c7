"""The account page: name, email address, password and consents."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.accounts.consents import CONSENT_PURPOSES
from hls_events.extensions import db
from hls_events.models import ConsentRecord, OutboxMessage, User, utcnow
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "plum orchard lantern"


def _user(email="ada@example.org", **fields):
    return make_user(email, name="Ada Lovelace", email_confirmed_at=utcnow(), **fields)


def _reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_account_page_needs_sign_in(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.location == "/account/sign-in?next=%2Faccount%2F"


def test_account_page_shows_details_and_every_consent_unticked(client, signed_in_as):
    _user()
    signed_in_as("ada@example.org")

    page = client.get("/account/")

    assert page.status_code == 200
    for text in ["Ada Lovelace", "ada@example.org", "Confirmed", "Download your data"]:
        assert text in page.text
    for wording in CONSENT_PURPOSES.values():
        assert wording in page.text
    assert page.text.count("You have not agreed.") == len(CONSENT_PURPOSES)
    assert "checked" not in page.text
    assert 'href="/account/"' in page.text  # "Your account" in the navigation


def test_change_name(client, post_form, signed_in_as):
    user = _user()
    signed_in_as("ada@example.org")

    response = post_form("/account/name", {"name": "  Ada King  "})

    assert response.status_code == 302
    assert _reload(user).name == "Ada King"
    too_long = post_form("/account/name", {"name": "x" * 10_000})
    assert too_long.status_code == 422
    assert "200 characters or fewer" in too_long.text
    assert _reload(user).name == "Ada King"


def test_change_email_confirmed_by_a_link_to_the_new_address(
    client, post_form, signed_in_as, one_email, inbox, follow_link
):
    user = _user()
    signed_in_as("ada@example.org")

    response = post_form("/account/email", {"email": "Ada@New.example"})

    assert response.location == "/account/check-email/email-change"
    assert _reload(user).email == "ada@example.org"  # not until the link is used
    mail = one_email("ada@new.example")
    assert mail.subject == "Confirm your new email address for HLS Events"
    done = follow_link(mail.link("/account/email/confirm/"))
    assert done.location == "/account/"
    user = _reload(user)
    assert user.email == "ada@new.example" and user.email_confirmed_at is not None
    assert one_email("ada@example.org").subject == "Your HLS Events email address has changed"
    assert "Your email address is now ada@new.example" in client.get("/account/").text


def test_change_email_to_an_address_with_an_account_reveals_nothing(
    client, post_form, signed_in_as, inbox
):
    user = _user()
    _user("grace@example.org")
    signed_in_as("ada@example.org")

    taken = post_form("/account/email", {"email": "grace@example.org"})
    free = post_form("/account/email", {"email": "free@example.org"})

    assert (taken.status_code, taken.location) == (free.status_code, free.location)
    assert inbox("grace@example.org") == []
    assert len(inbox("free@example.org")) == 1
    assert _reload(user).email == "ada@example.org"


def test_change_email_link_refused_if_the_address_was_taken_meanwhile(
    client, post_form, signed_in_as, one_email
):
    user = _user()
    signed_in_as("ada@example.org")
    post_form("/account/email", {"email": "new@example.org"})
    link = one_email("new@example.org").link("/account/email/confirm/")
    page = client.get(link)
    _user("new@example.org")

    response = client.post(link, data={"csrf_token": csrf_token_from(page.text)})

    assert response.status_code == 409
    assert "has an account of its own" in response.text
    assert _reload(user).email == "ada@example.org"


def test_change_email_form_errors(post_form, signed_in_as):
    _user()
    signed_in_as("ada@example.org")

    for email, message in [
        ("ada@example.org", "already your email address"),
        ("nope", "in the right format"),
        ("a" * 10_000, "at most 254 characters"),
    ]:
        response = post_form("/account/email", {"email": email})
        assert response.status_code == 422
        assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_change_password_needs_the_current_one(app, client, post_form, signed_in_as, inbox):
    user = _user()
    signed_in_as("ada@example.org")
    phone = app.test_client()
    _sign_in(phone, "ada@example.org", PASSWORD)

    wrong = post_form("/account/password", {"current_password": "nope", "password": NEW_PASSWORD})
    missing = post_form("/account/password", {"current_password": "", "password": NEW_PASSWORD})
    common = post_form(
        "/account/password", {"current_password": PASSWORD, "password": "password123"}
    )

    assert wrong.status_code == missing.status_code == common.status_code == 422
    assert "Your current password is not right." in wrong.text
    assert "Enter your current password." in missing.text
    assert "one of the most commonly used passwords" in common.text
    assert _reload(user).check_password(PASSWORD)

    done = post_form("/account/password", {"current_password": PASSWORD, "password": NEW_PASSWORD})

    assert done.status_code == 302
    assert _reload(user).check_password(NEW_PASSWORD)
    assert client.get("/account/").status_code == 200  # this session carries on
    assert phone.get("/account/").status_code == 302  # the other one has ended
    assert [mail.subject for mail in inbox("ada@example.org")] == [
        "Your HLS Events password has changed"
    ]


def test_person_without_a_password_can_set_one(client, post_form, signed_in_as_by_link):
    user = _user()
    user.password_hash = None
    db.session.commit()
    signed_in_as_by_link("ada@example.org")

    page = client.get("/account/password")
    assert "Set a password" in page.text and "Current password" not in page.text
    response = post_form("/account/password", {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert _reload(user).check_password(NEW_PASSWORD)


def test_sensitive_changes_need_a_fresh_sign_in(client, app):
    _user()
    remembered = app.test_client()
    page = remembered.get("/account/sign-in")
    remembered.post(
        "/account/sign-in",
        data={
            "email": "ada@example.org",
            "password": PASSWORD,
            "remember": "y",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    remember_cookie = remembered.get_cookie("remember_token")
    assert remember_cookie is not None
    # A new browser session on the same device: only the "keep me signed in" cookie remains.
    remembered.delete_cookie("session")

    assert remembered.get("/account/").status_code == 200
    for path in ["/account/email", "/account/password", "/account/delete"]:
        response = remembered.get(path)
        assert response.status_code == 302, path
        assert response.location.startswith("/account/sign-in?next=")
    assert "Please sign in again" in remembered.get("/account/sign-in").text


def test_give_and_withdraw_consent_keeps_every_record(client, post_form, signed_in_as):
    user = _user()
    signed_in_as("ada@example.org")

    post_form("/account/", {"given": "yes"}, action="/account/consents/programme_news")
    page = client.get("/account/")
    assert "You agreed on" in page.text and "Withdraw agreement" in page.text
    post_form("/account/", {"given": "no"}, action="/account/consents/programme_news")
    post_form("/account/", {"given": "no"}, action="/account/consents/programme_news")  # no-op

    records = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.user_id == user.id).order_by(ConsentRecord.id)
    ).all()
    assert [(r.purpose, r.given) for r in records] == [
        ("programme_news", True),
        ("programme_news", False),
    ]
    assert all(r.wording == CONSENT_PURPOSES["programme_news"] for r in records)
    assert all(r.recorded_at is not None for r in records)
    assert "You withdrew your agreement on" in client.get("/account/").text
    # The other purpose is untouched: each consent is separate.
    assert client.get("/account/").text.count("You have not agreed.") == 1


def test_consent_posts_without_csrf_or_for_unknown_purposes_change_nothing(
    client, post_form, signed_in_as
):
    _user()
    signed_in_as("ada@example.org")

    assert client.post("/account/consents/programme_news", data={"given": "yes"}).status_code == 400
    assert (
        post_form("/account/", {"given": "yes"}, action="/account/consents/spam").status_code == 404
    )
    assert (
        post_form(
            "/account/", {"given": "maybe"}, action="/account/consents/programme_news"
        ).status_code
        == 400
    )
    assert db.session.scalar(select(func.count()).select_from(ConsentRecord)) == 0


def test_changes_without_csrf_token_are_refused(client, signed_in_as):
    user = _user()
    signed_in_as("ada@example.org")

    for path, data in [
        ("/account/name", {"name": "Changed"}),
        ("/account/email", {"email": "changed@example.org"}),
        ("/account/password", {"current_password": PASSWORD, "password": NEW_PASSWORD}),
        ("/account/delete", {"published": "remove"}),
        ("/account/sign-out", {}),
    ]:
        response = client.post(path, data=data)
        assert response.status_code == 400, path
        assert "nothing was changed" in response.text
    user = _reload(user)
    assert (user.name, user.email) == ("Ada Lovelace", "ada@example.org")
    assert user.check_password(PASSWORD)
    assert client.get("/account/").status_code == 200  # still signed in


def _sign_in(client, email, password):
    page = client.get("/account/sign-in")
    return client.post(
        "/account/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
    )
