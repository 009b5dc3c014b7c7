"""Registering from the event page, the confirmation page and email, the waiting list,
cancelling by the emailed link, and My events. Mail goes through the real outbox worker to
an SMTP server on loopback."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    ConsentRecord,
    EventMode,
    EventStatus,
    OutboxMessage,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationStatus,
    Sector,
    User,
    utcnow,
)
from hls_events.registrations.notices import registration_token
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_user

EVENT_PAGE = "/p/hls-week/events/learning-circle/"
REGISTER = EVENT_PAGE + "register"
JOINING_URL = "https://meet.example.org/hls-week/learning-circle-secret"
FORM = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "organisation": "Analytical Council",
    "sector": "local_government",
    "job_role": "Commissioner",
    "access_needs": "Captions, please",
    "share_with_host": "y",
    "wants_reminders": "y",
}


@pytest.fixture
def online_event(event):
    event.sessions[0].joining_url = JOINING_URL
    db.session.commit()
    return event


def register_as(post_form, **changes):
    return post_form(EVENT_PAGE, {**FORM, **changes}, action=REGISTER)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_event_page_offers_a_form_with_the_fixed_questions_and_consents(client, event):
    page = client.get(EVENT_PAGE)
    assert page.status_code == 200
    for label in (
        "Your name",
        "Email address",
        "Organisation",
        "Sector",
        "Your role",
        "Access needs",
        "The event&#39;s hosts may see my name and email address",
        "Email me a reminder the day before and an hour before",
        "Email me news about future HLS programmes.",
    ):
        assert label in page.text
    assert "3 places left." in page.text
    assert ">Register</button>" in page.text


def test_registering_gives_a_confirmation_page_and_email_with_the_joining_details(
    client, online_event, post_form, deliver_outbox
):
    answer = register_as(post_form)
    assert answer.status_code == 302
    page = client.get(answer.location)
    assert page.status_code == 200
    assert "You have a place at this event." in page.text
    assert JOINING_URL in page.text
    assert "Captions, please" in page.text

    user = db.session.scalar(select(User).where(User.email == "ada@example.org"))
    assert user.name == "Ada Lovelace" and user.password_hash is None
    registration = db.session.scalar(select(Registration))
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (registration.organisation, registration.sector.value, registration.job_role) == (
        "Analytical Council",
        "local_government",
        "Commissioner",
    )
    assert registration.share_with_host and registration.wants_reminders

    [mail] = deliver_outbox()
    assert mail.to == "ada@example.org"
    assert mail.subject == "You have a place at Learning Circle"
    assert JOINING_URL in mail.text
    manage = answer.location.rsplit("/", 1)[-1]
    assert any(link.endswith(f"/registrations/{manage}") for link in mail.links)
    ics = mail.attachment("learning-circle.ics").get_content()
    assert "BEGIN:VEVENT" in ics and JOINING_URL in ics.replace("\r\n ", "")
    assert client.get(mail.link("/cancel")).status_code == 200


def test_the_joining_link_is_never_on_public_pages_or_feeds(client, online_event, post_form):
    register_as(post_form)
    assert JOINING_URL not in client.get(EVENT_PAGE).text
    assert JOINING_URL not in client.get("/p/hls-week/").text
    feed = client.get(EVENT_PAGE + "calendar.ics")
    assert feed.status_code == 200 and JOINING_URL not in feed.text.replace("\r\n ", "")


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"name": ""}, "Enter your name."),
        ({"email": ""}, "Enter your email address."),
        ({"email": "ada@"}, "Enter an email address in the right format"),
        ({"sector": ""}, "Choose the sector you work in"),
        ({"sector": "pirates"}, "Choose the sector you work in"),
        ({"organisation": "x" * 201}, "Field cannot be longer than 200 characters."),
    ],
)
def test_missing_or_malformed_fields_are_explained_and_nothing_is_saved(
    event, post_form, changes, field_error
):
    answer = register_as(post_form, **changes)
    assert answer.status_code == 422
    assert "There is a problem" in answer.text
    assert field_error in answer.text
    assert count(Registration) == 0
    assert db.session.scalar(select(User).where(User.email == "ada@example.org")) is None
    assert count(OutboxMessage) == 0


def test_a_post_without_the_csrf_token_changes_nothing(client, event):
    answer = client.post(REGISTER, data=FORM)
    assert answer.status_code == 400
    assert count(Registration) == 0


@pytest.mark.parametrize(
    ("change", "message", "status"),
    [
        ({"registration_closes_at": utcnow()}, "Registration for this event has closed.", 409),
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled", 409),
    ],
)
def test_a_closed_or_cancelled_event_says_so_and_saves_nothing(
    client, event, change, message, status
):
    token = csrf_token_from(client.get("/account/sign-in").text)
    for name, value in change.items():
        setattr(event, name, value)
    db.session.commit()
    page = client.get(EVENT_PAGE)
    assert message in page.text
    assert ">Register</button>" not in page.text
    answer = client.post(REGISTER, data={**FORM, "csrf_token": token})
    assert answer.status_code == status
    assert message in answer.text
    assert count(Registration) == 0 and count(User) == 1


def test_a_draft_event_cannot_be_registered_for(client, programme):
    make_event(programme, "draft-event", status=EventStatus.DRAFT)
    token = csrf_token_from(client.get("/account/sign-in").text)
    answer = client.post(
        "/p/hls-week/events/draft-event/register", data={**FORM, "csrf_token": token}
    )
    assert answer.status_code == 404
    assert count(Registration) == 0


def test_registering_twice_says_so_and_changes_nothing(client, event, post_form):
    first = register_as(post_form)
    assert first.status_code == 302
    messages = count(OutboxMessage)
    again = register_as(post_form, name="Someone Else", access_needs="Something else")
    assert again.status_code == 200
    assert "A registration for this event is already held for ada@example.org" in again.text
    assert "We have sent its confirmation email to that address." in again.text
    # Whoever typed the address learns nothing more: no link, no status, no answers.
    assert "/registrations/" not in again.text and "Captions" not in again.text
    assert again.headers["Cache-Control"] == "private, no-store"
    # The first confirmation is still waiting to be sent, so it is not queued twice.
    assert count(Registration) == 1 and count(OutboxMessage) == messages
    registration = db.session.scalar(select(Registration))
    assert registration.access_needs == "Captions, please"
    assert registration.user.name == "Ada Lovelace"


def test_registering_again_after_the_email_went_sends_it_again_with_the_link(
    client, event, post_form, deliver_outbox
):
    assert register_as(post_form).status_code == 302
    [first] = deliver_outbox()
    assert register_as(post_form).status_code == 200
    [again] = deliver_outbox()
    assert again.to == first.to and again.subject == first.subject
    registration = db.session.scalar(select(Registration))
    manage = registration_token(registration)
    assert any(link.endswith(f"/registrations/{manage}") for link in again.links)
    page = client.get(again.link("/cancel"))
    assert page.status_code == 200 and "Cancel your place" in page.text
    assert count(Registration) == 1 and registration.status == RegistrationStatus.CONFIRMED


def test_a_full_event_offers_its_waiting_list_and_shows_the_position(
    client, event, post_form, sign_up, deliver_outbox
):
    for _ in range(3):
        sign_up(event)
    page = client.get(EVENT_PAGE)
    assert "This event is full." in page.text
    assert ">Join the waiting list</button>" in page.text
    answer = register_as(post_form)
    page = client.get(answer.location)
    assert "you are number 1 on the waiting list" in page.text
    assert "Leave the waiting list" in page.text
    mail = [m for m in deliver_outbox() if m.to == "ada@example.org"]
    assert [m.subject for m in mail] == ["You are on the waiting list for Learning Circle"]
    assert "at number 1" in mail[0].text
    assert not mail[0].attachments


def test_without_a_waiting_list_a_full_event_says_it_is_full(client, event, sign_up):
    from hls_events.registrations.organiser_actions import update_settings

    update_settings(event.id, capacity=1, opens_at=None, closes_at=None, waitlist=False)
    sign_up(event)
    page = client.get(EVENT_PAGE)
    assert "This event is full." in page.text
    assert "<form" not in page.text.split('id="register"')[1].split("</section>")[0]


def test_cancelling_by_the_emailed_link_takes_one_click_and_promotes_the_next_in_line(
    client, online_event, post_form, sign_up, deliver_outbox
):
    for _ in range(2):
        sign_up(online_event)
    register_as(post_form)
    waiting = sign_up(online_event, "grace@example.org", name="Grace Hopper")
    [confirmation] = [m for m in deliver_outbox() if m.to == "ada@example.org"]
    cancel_link = confirmation.link("/cancel")

    # Opening the link changes nothing: mail scanners open links too.
    page = client.get(cancel_link)
    assert page.status_code == 200
    assert db.session.get(Registration, 3).status == RegistrationStatus.CONFIRMED
    answer = client.post(cancel_link, data={"csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302
    page = client.get(answer.location)
    assert "Your registration is cancelled." in page.text
    assert "This registration is cancelled." in page.text

    db.session.expire_all()
    assert db.session.get(Registration, 3).status == RegistrationStatus.CANCELLED
    promoted = db.session.get(Registration, waiting.registration_id)
    assert promoted.status == RegistrationStatus.CONFIRMED and promoted.waitlist_position is None
    mails = {m.to: m for m in deliver_outbox()}
    assert mails["ada@example.org"].subject == "Cancelled: your registration for Learning Circle"
    assert mails["grace@example.org"].subject == "A place is yours: Learning Circle"
    assert JOINING_URL in mails["grace@example.org"].text
    assert mails["grace@example.org"].attachment("learning-circle.ics")


def test_a_tampered_link_is_refused_and_changes_nothing(client, event, post_form):
    answer = register_as(post_form)
    token = answer.location.rsplit("/", 1)[-1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = client.get(f"/registrations/{tampered}")
    assert page.status_code == 400
    assert "This link is not right" in page.text
    csrf = csrf_token_from(client.get(answer.location).text)
    refused = client.post(f"/registrations/{tampered}/cancel", data={"csrf_token": csrf})
    assert refused.status_code == 400
    assert db.session.scalar(select(Registration.status)) == RegistrationStatus.CONFIRMED
    # A link for someone else's registration, signed with another key, is refused too.
    from hls_events.registrations.tokens import make_registration_token

    forged = make_registration_token("not-the-secret", 1, 2)
    assert client.get(f"/registrations/{forged}").status_code == 400
    # Even one signed with the key is refused when it names ids no registration can have.
    secret = client.application.config["SECRET_KEY"]
    for beyond in (2**31, 2**40, 0):
        signed = make_registration_token(secret, beyond, beyond)
        assert client.get(f"/registrations/{signed}").status_code == 400, beyond


def test_a_signed_in_person_skips_to_the_questions(client, event, sign_in, post_form):
    user = make_user("grace@example.org", name="Grace Hopper")
    sign_in(user.email)
    page = client.get(EVENT_PAGE)
    assert "You are registering as <strong>Grace Hopper</strong>" in page.text
    assert 'name="email"' not in page.text
    answer = post_form(EVENT_PAGE, {"sector": "health"}, action=REGISTER)
    assert answer.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.user_id == user.id
    page = client.get(EVENT_PAGE)
    assert "You have a place at this event." in page.text
    # Posting again (the first answer lost on the way, say) finds the registration it made.
    again = post_form(EVENT_PAGE, {"sector": "local_government"}, action=REGISTER)
    assert again.status_code == 302
    shown = client.get(again.location)
    assert "You already have a place at this event, so nothing was changed." in shown.text
    assert again.location.endswith(registration_token(registration))
    db.session.refresh(registration)
    assert registration.sector == Sector.HEALTH
    assert count(Registration) == 1


def test_consents_ticked_when_registering_are_recorded_with_their_wording(event, post_form):
    register_as(post_form, consent_programme_news="y")
    [record] = db.session.scalars(select(ConsentRecord))
    assert record.purpose == "programme_news" and record.given
    assert record.wording == "Email me news about future HLS programmes."


def test_the_programme_questions_are_asked_and_required_ones_enforced(client, event, post_form):
    required = RegistrationQuestion(
        programme_id=event.programme_id,
        label="What do you hope to learn?",
        kind=QuestionKind.SHORT_TEXT,
        required=True,
    )
    choice = RegistrationQuestion(
        programme_id=event.programme_id,
        event_id=event.id,
        label="Which strand?",
        kind=QuestionKind.MULTIPLE_CHOICE,
        choices_text="Practice\nResearch\nFunding",
    )
    db.session.add_all([required, choice])
    db.session.commit()
    page = client.get(EVENT_PAGE)
    assert "What do you hope to learn?" in page.text and "Research" in page.text
    missing = register_as(post_form)
    assert missing.status_code == 422
    assert "Answer “What do you hope to learn?”." in missing.text
    wrong = register_as(
        post_form, **{f"question_{required.id}": "x", f"question_{choice.id}": "Pirates"}
    )
    assert wrong.status_code == 422
    answer = register_as(
        post_form,
        **{
            f"question_{required.id}": "How to fund learning",
            f"question_{choice.id}": ["Practice", "Funding"],
        },
    )
    assert answer.status_code == 302
    answers = {a.question_id: a.value for a in db.session.scalars(select(RegistrationAnswer))}
    assert answers == {required.id: "How to fund learning", choice.id: "Practice\nFunding"}


def test_my_events_lists_every_registration_with_status_and_actions(
    client, programme, event, sign_in, sign_up
):
    user = make_user("grace@example.org", name="Grace Hopper")
    other = make_event(programme, "story-session", title="Story Session", capacity=0)
    in_person = make_event(programme, "site-visit", title="Site Visit", mode=EventMode.IN_PERSON)
    sign_up(event, user_id=user.id)
    sign_up(other, user_id=user.id)
    cancelled = sign_up(in_person, user_id=user.id)
    from hls_events.registrations.services import cancel_registration

    cancel_registration(cancelled.registration_id)
    assert client.get("/my-events").status_code == 302  # signed out: sent to sign in
    sign_in(user.email)
    page = client.get("/my-events")
    assert page.status_code == 200
    upcoming, rest = page.text.split("<h2>Cancelled</h2>")
    assert "Learning Circle" in upcoming and "Confirmed" in upcoming
    assert "Story Session" in upcoming and "Waiting list" in upcoming
    assert "number 1 in line" in upcoming
    assert "Site Visit" in rest
    assert upcoming.count(">Cancel<") == 1 and "Leave the waiting list" in upcoming
    assert "Add to calendar" in upcoming
    assert re.search(r'href="/registrations/[^"]+/calendar\.ics"', upcoming)


def test_the_calendar_download_holds_the_joining_link_for_a_confirmed_place(
    client, online_event, post_form
):
    answer = register_as(post_form)
    ics = client.get(answer.location + "/calendar.ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    assert JOINING_URL in ics.text.replace("\r\n ", "")


def test_registering_is_rate_limited_per_email_address(client, programme, post_form):
    for number in range(11):
        make_event(programme, f"event-{number}", capacity=5)
    answers = [
        post_form(
            f"/p/hls-week/events/event-{number}/",
            FORM,
            action=f"/p/hls-week/events/event-{number}/register",
        ).status_code
        for number in range(11)
    ]
    assert answers == [302] * 10 + [429]
    assert count(Registration) == 10


def test_someone_registering_again_finds_their_organisation_sector_and_role_filled_in(
    client, programme, event, sign_in, post_form
):
    make_event(programme, "site-visit", title="Site Visit")
    user = make_user("grace@example.org", name="Grace Hopper")
    sign_in(user.email)
    first = client.get("/p/hls-week/events/site-visit/")
    assert 'value="Northshire Council"' not in first.text
    post_form(
        "/p/hls-week/events/site-visit/",
        {"organisation": "Northshire Council", "sector": "local_government", "job_role": "Commissioner"},
        action="/p/hls-week/events/site-visit/register",
    )  # fmt: skip
    page = client.get(EVENT_PAGE)
    assert 'value="Northshire Council"' in page.text
    assert 'value="Commissioner"' in page.text
    assert re.search(
        r'<option[^>]*selected[^>]*value="local_government"|<option[^>]*value="local_government"[^>]*selected',
        page.text,
    )
