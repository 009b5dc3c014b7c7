"""A person's own data: downloading all of it, and deleting their account."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from hls_events.accounts import personal_data
from hls_events.extensions import db
from hls_events.models import (
    ConsentRecord,
    OutboxMessage,
    Programme,
    ProgrammeHost,
    Speaker,
    User,
    programme_organisers,
    utcnow,
)
from hls_events.registrations import personal_data as registrations_data
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_organisation, make_programme, make_speaker, make_user


def _person_with_a_history(email="ada@example.org"):
    """Someone who has agreed to things, organises, hosts, speaks, and has been emailed."""
    user = make_user(email, name="Ada Lovelace", email_confirmed_at=utcnow(), organiser=True)
    programme = make_programme(title=f"Programme of {email}", organisers=[user])
    organisation = make_organisation()
    db.session.add(ProgrammeHost(programme=programme, user=user, organisation=organisation))
    db.session.add(
        ConsentRecord(user_id=user.id, purpose="programme_news", wording="Email me.", given=True)
    )
    make_speaker(f"Speaker {email}", user_id=user.id, bio="Works on learning.")
    db.session.commit()
    return user, programme


def test_download_contains_my_data_and_nobody_elses(client, signed_in_as, post_form):
    _person_with_a_history("ada@example.org")
    _person_with_a_history("grace@example.org")
    signed_in_as("ada@example.org")
    post_form("/account/", {"given": "yes"}, action="/account/consents/research_contact")

    response = client.get("/account/data.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.text)
    assert data["account"]["email"] == "ada@example.org"
    assert data["account"]["name"] == "Ada Lovelace"
    assert data["account"]["has_password"] is True
    assert "password_hash" not in response.text and "calendar_token" not in response.text
    assert [c["purpose"] for c in data["consents"]] == ["programme_news", "research_contact"]
    assert data["speaker_profile"]["bio"] == "Works on learning."
    assert data["programmes_organised"][0]["programme"] == "Programme of ada@example.org"
    assert len(data["programmes_hosted"]) == 1
    assert "grace" not in response.text.lower()


def test_download_needs_sign_in(client):
    assert client.get("/account/data.json").status_code == 302


def test_delete_account_after_a_second_step(client, signed_in_as, post_form, inbox):
    user, programme = _person_with_a_history("ada@example.org")
    other, _ = _person_with_a_history("grace@example.org")
    signed_in_as("ada@example.org")
    post_form("/account/sign-in/email", {"email": "grace@example.org"})  # mail for someone else
    post_form("/account/password", {"current_password": PASSWORD, "password": "new long words"})
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    account = client.get("/account/")
    assert 'href="/account/delete"' in account.text

    page = client.get("/account/delete")
    assert page.status_code == 200 and "This cannot be undone." in page.text
    unanswered = post_form("/account/delete", {})
    assert unanswered.status_code == 422
    assert "Choose what should happen" in unanswered.text
    assert db.session.get(User, user.id) is not None

    response = post_form("/account/delete", {"published": "anonymise"})

    assert response.status_code == 302 and response.location == "/"
    assert "Your account and what we held about you have been deleted." in client.get("/").text
    db.session.expire_all()
    assert db.session.get(User, user.id) is None
    assert db.session.scalars(select(ConsentRecord.user_id)).all() == [other.id]
    speaker = db.session.scalar(select(Speaker).where(Speaker.name == "Speaker ada@example.org"))
    assert speaker is not None and speaker.user_id is None  # the profile stays, unlinked
    assert db.session.get(Programme, programme.id) is not None
    assert db.session.scalars(select(programme_organisers.c.user_id)).all() == [other.id]
    assert db.session.scalars(select(ProgrammeHost.user_id)).all() == [other.id]
    assert [m.to_address for m in db.session.scalars(select(OutboxMessage))] == [
        "grace@example.org"
    ]
    assert db.session.get(User, other.id).email == "grace@example.org"

    # They are signed out and cannot sign in again, by password or by link.
    assert client.get("/account/").status_code == 302
    page = client.get("/account/sign-in")
    again = client.post(
        "/account/sign-in",
        data={
            "email": "ada@example.org",
            "password": "new long words",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert again.status_code == 422
    post_form("/account/sign-in/email", {"email": "ada@example.org"})
    assert inbox("ada@example.org") == []


def test_delete_cancels_registrations_in_the_same_transaction(
    client, signed_in_as, post_form, monkeypatch
):
    user = make_user("ada@example.org")
    signed_in_as("ada@example.org")
    cancelled = []

    def cancel(user_id):
        cancelled.append((user_id, db.session.get(User, user_id) is not None))
        return ()

    monkeypatch.setattr(registrations_data, "withdraw_registrations_of", cancel)

    post_form("/account/delete", {"published": "remove"})

    assert cancelled == [(user.id, True)]


def test_an_emailed_link_of_a_deleted_account_does_not_work(
    client, app, signed_in_as, post_form, one_email
):
    make_user("ada@example.org")
    signed_in_as("ada@example.org")
    other = app.test_client()
    page = other.get("/account/sign-in/email")
    other.post(
        "/account/sign-in/email",
        data={"email": "ada@example.org", "csrf_token": csrf_token_from(page.text)},
    )
    link = one_email("ada@example.org").link("/account/sign-in/link/")

    post_form("/account/delete", {"published": "remove"})

    assert other.get(link).status_code == 400


def test_delete_without_csrf_token_changes_nothing(client, signed_in_as):
    user = make_user("ada@example.org")
    signed_in_as("ada@example.org")

    response = client.post("/account/delete", data={"published": "remove"})

    assert response.status_code == 400
    assert db.session.get(User, user.id) is not None
    assert client.get("/account/").status_code == 200


def test_download_holds_every_area_of_the_register(app, deliver_outbox):
    """Proposals and comments, write-ups, speaker links and photo, communities, the activity
    log and API tokens (names only): what tests/test_erasure_leaves_nothing.py erases."""
    from hls_events.api.tokens import tokens_of
    from hls_events.personal_data import holdings
    from tests.factories import make_event, make_write_up
    from tests.test_erasure_leaves_nothing import ada_everywhere

    ada, event, _bob = ada_everywhere(deliver_outbox)
    make_write_up(
        make_event(event.programme, "panel", title="Panel"),
        make_speaker(
            "Ada the Speaker",
            user_id=ada.id,
            links_text="https://ada.example.org/",
            photo_filename="ada-photo.jpg",
        ),
        title="What the quokkas taught us",
    )

    data = personal_data.export_personal_data(ada.id)

    assert set(data) == {"exported_at"} | {h.section for h in holdings() if h.export}
    [proposal] = data["proposals"]
    assert proposal["title"] == "A quokka workshop"
    assert proposal["speakers"] == [
        {"name": "Ada Lovelace", "email": "ada.lovelace@example.org", "organisation": ""}
    ]
    assert [c["comment"] for c in proposal["comments"]] == ["More about quokkas"]
    assert sorted(c["comment"] for c in data["proposal_comments"]) == [
        "I would love a quokka",
        "More about quokkas",
    ]
    assert len(data["named_as_proposal_speaker"]) == 2
    profile = data["speaker_profile"]
    assert profile["links"] == ["https://ada.example.org/"]
    assert profile["photo"].endswith("/speakers/photos/ada-photo.jpg")
    assert [w["title"] for w in profile["write_ups"]] == ["What the quokkas taught us"]
    [member] = data["community_memberships"]
    assert member["working_on"] == "quokka farms" and member["status"] == "member"
    assert data["meeting_apologies"][0]["note"] == "Sorry, a quokka ate it"
    assert data["meeting_attendance"][0]["attended"] is True
    assert data["programme_activity"][0]["summary"] == "Published the event Circle."
    assert data["api_tokens"] == [
        {
            "name": "quokka phone",
            "created_at": data["api_tokens"][0]["created_at"],
            "last_used_at": None,
        }
    ]
    assert tokens_of(ada.id)[0].prefix not in json.dumps(data)
    assert data["registrations"][0]["access_needs"] == "Captions for the quokka"
    assert data["registrations"][0]["answers"] == [
        {"question": "What do you hope for?", "answer": "To learn about quokkas"}
    ]
    assert len(data["reflections"]) == 2 and len(data["reflection_invitations"]) == 1
    assert [h["reason"] for h in data["hidden_from_the_record"]] == ["Off topic"]
    assert len(data["invitations"]) == 1 and len(data["speaker_invitations"]) == 1
    assert data["emails"] and all("subject" in e for e in data["emails"])
    json.dumps(data)  # all of it plain JSON


def test_the_download_works_before_the_site_address_is_set(app):
    user = make_user("ada@example.org", name="Ada Lovelace")
    make_speaker("Ada", user_id=user.id, photo_filename="ada-photo.jpg")
    app.config["BASE_URL"] = ""
    data = personal_data.export_personal_data(user.id)
    assert data["speaker_profile"]["photo"] == "/speakers/photos/ada-photo.jpg"
