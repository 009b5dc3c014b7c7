"""The blank registration form's fields are written once per worker for each form and language
(registrations/pages.blank_fields): what they show must still follow every change at once."""

from __future__ import annotations

from hls_events.extensions import db
from hls_events.models import QuestionKind, RegistrationQuestion
from hls_events.registrations.pages import blank_fields
from tests.factories import make_user

EVENT_PAGE = "/p/hls-week/events/learning-circle/"


def test_a_question_added_or_edited_shows_on_the_next_page(client, event):
    before = client.get(EVENT_PAGE).text
    assert 'name="name"' in before and "What do you hope to learn?" not in before
    question = RegistrationQuestion(
        programme_id=event.programme_id,
        label="What do you hope to learn?",
        kind=QuestionKind.SHORT_TEXT,
        required=True,
    )
    db.session.add(question)
    db.session.commit()
    assert "What do you hope to learn?" in client.get(EVENT_PAGE).text
    question.label = "What would make it worth your time?"
    question.hint = "A sentence is plenty."
    db.session.commit()
    page = client.get(EVENT_PAGE).text
    assert "What would make it worth your time?" in page and "A sentence is plenty." in page
    assert "What do you hope to learn?" not in page
    assert blank_fields.cache_info().currsize >= 3


def test_each_language_gets_its_own_fields(client, event):
    english = client.get(EVENT_PAGE, headers={"Accept-Language": "en-GB"}).text
    welsh = client.get(EVENT_PAGE, headers={"Accept-Language": "cy"}).text
    assert "Your name" in english or "Name" in english
    assert 'name="email"' in welsh
    assert "Local government" in english and "Local government" not in welsh


def test_a_refused_form_keeps_what_was_typed(client, event, post_form):
    refused = post_form(
        EVENT_PAGE,
        {"name": "Ada Lovelace", "email": "not-an-address", "sector": "health"},
        action=EVENT_PAGE + "register",
    )
    assert refused.status_code == 422
    assert 'value="Ada Lovelace"' in refused.text
    assert 'value="not-an-address"' in refused.text
    # A blank form again for the next visitor.
    assert 'value="Ada Lovelace"' not in client.get(EVENT_PAGE).text


def test_a_signed_in_person_is_not_given_the_blank_fields(client, event, sign_in):
    user = make_user("grace@example.org", name="Grace Hopper")
    sign_in(user.email)
    page = client.get(EVENT_PAGE).text
    assert "You are registering as <strong>Grace Hopper</strong>" in page
    assert 'name="email"' not in page
