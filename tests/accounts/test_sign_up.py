"""Signing up with a name and an email address, and confirming the address by an emailed link."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import OutboxMessage, User, utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_user


def _sign_up(post_form, name="Ada Lovelace", email="ada@example.org", next_url=None):
    url = "/account/sign-up" + (f"?next={next_url}" if next_url else "")
    return post_form(url, {"name": name, "email": email})


def test_sign_up_then_confirm_by_the_emailed_link_signs_in(client, post_form, one_email):
    response = _sign_up(post_form, email="Ada@Example.org")

    assert response.status_code == 302
    assert response.location == "/account/check-email/sign-up"
    page = client.get(response.location)
    assert "We have sent an email to ada@example.org" in page.text
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.email_confirmed_at) == (
        "ada@example.org",
        "Ada Lovelace",
        None,
    )
    assert user.password_hash is None
    assert client.get("/account/").status_code == 302  # not signed in yet

    mail = one_email("ada@example.org")
    assert mail.subject == "Confirm your email address for HLS Events"
    assert "Hello Ada Lovelace" in mail.text
    link = mail.link("/account/confirm/")
    assert link in (mail.html or "")

    landing = client.get(link)
    assert landing.status_code == 200
    assert "Confirm that ada@example.org is your email address" in landing.text
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is None  # opening it changes nothing

    confirmed = client.post(link, data={"csrf_token": csrf_token_from(landing.text)})
    assert confirmed.status_code == 302
    assert confirmed.location == "/account/"
    account = client.get("/account/")
    assert account.status_code == 200
    assert "ada@example.org is confirmed" in account.text
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.email_confirmed_at is not None and user.last_signed_in_at is not None


def test_confirmation_link_works_once(client, post_form, one_email, follow_link):
    _sign_up(post_form)
    link = one_email("ada@example.org").link("/account/confirm/")
    assert follow_link(link).status_code == 302
    client.post("/account/sign-out", data={"csrf_token": _token(client)})

    again = client.get(link)

    assert again.status_code == 400
    assert "This link has already been used" in again.text
    assert client.get("/account/").status_code == 302


def test_next_survives_sign_up_and_confirmation(client, post_form, one_email, follow_link):
    _sign_up(post_form, next_url="/organise/invitations/abc")
    link = one_email("ada@example.org").link("/account/confirm/")

    response = follow_link(link)

    assert response.location == "/organise/invitations/abc"


def test_next_pointing_elsewhere_is_ignored_through_sign_up(post_form, one_email, follow_link):
    for number, target in enumerate(["https://evil.example/", "//evil.example/x", "/\\evil.x"]):
        email = f"person{number}@example.org"
        _sign_up(post_form, email=email, next_url=target)
        link = one_email(email).link("/account/confirm/")
        response = follow_link(link)
        assert response.location == "/account/", target
        post_form("/account/", {}, action="/account/sign-out")


def test_sign_up_with_an_existing_address_looks_the_same_and_tells_the_owner(
    client, post_form, one_email
):
    make_user("taken@example.org", name="Grace", email_confirmed_at=_now())

    new = _sign_up(post_form, email="fresh@example.org")
    new_page = client.get(new.location).text
    existing = _sign_up(post_form, name="Impostor", email="Taken@example.org")
    existing_page = client.get(existing.location).text

    assert (new.status_code, new.location) == (existing.status_code, existing.location)
    assert new_page.replace("fresh@example.org", "X") == existing_page.replace(
        "taken@example.org", "X"
    )
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    owner = db.session.scalar(select(User).where(User.email == "taken@example.org"))
    assert owner.name == "Grace"

    assert one_email("fresh@example.org").subject.startswith("Confirm your email address")
    assert one_email("taken@example.org").subject == "You already have an account on HLS Events"


def test_sign_up_with_an_existing_address_emails_a_sign_in_link(
    client, post_form, one_email, follow_link
):
    make_user("taken@example.org", name="Grace", email_confirmed_at=_now())

    _sign_up(post_form, name="Impostor", email="taken@example.org")

    mail = one_email("taken@example.org")
    assert mail.subject == "You already have an account on HLS Events"
    assert "Hello Grace" in mail.text and "Impostor" not in mail.text
    response = follow_link(mail.link("/account/sign-in/link/"))
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_signing_up_again_before_confirming_sends_a_new_confirmation(post_form, one_email):
    _sign_up(post_form)
    one_email("ada@example.org")

    _sign_up(post_form, name="Someone else")

    mail = one_email("ada@example.org")
    assert mail.subject == "Confirm your email address for HLS Events"
    assert "Hello Ada Lovelace" in mail.text


def test_sign_up_form_errors_change_nothing(post_form):
    for data, message in [
        ({"name": "x" * 10_000, "email": "ada@example.org"}, "200 characters or fewer"),
        ({"name": "Ada", "email": "a" * 300 + "@example.org"}, "at most 254 characters"),
        ({"name": "", "email": "ada@example.org"}, "Enter your name."),
        ({"name": "Ada", "email": "not an address"}, "in the right format"),
    ]:
        response = post_form("/account/sign-up", data)
        assert response.status_code == 422, data
        assert message in response.text
        assert "There is a problem" in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_sign_up_without_a_csrf_token_is_refused(client):
    response = client.post("/account/sign-up", data={"name": "Ada", "email": "ada@example.org"})

    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_unconfirmed_person_can_ask_for_another_confirmation(
    client, post_form, one_email, follow_link, signed_in_as
):
    make_user("ada@example.org")
    signed_in_as("ada@example.org")
    page = client.get("/account/")
    assert "not confirmed yet" in page.text

    response = post_form("/account/", {}, action="/account/confirm/send")

    assert response.status_code == 302
    link = one_email("ada@example.org").link("/account/confirm/")
    follow_link(link)
    assert db.session.scalar(select(User)).email_confirmed_at is not None


def _token(client):
    return csrf_token_from(client.get("/").text)


def _now():
    return utcnow()
