"""Writing, changing and deleting a reflection, and every way of getting it wrong."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    AuthorRole,
    EventStatus,
    Reflection,
    ReflectionConsent,
    RegistrationStatus,
    Visibility,
    utcnow,
)
from hls_events.reflections import eligibility, prompts, queries, services
from hls_events.reflections.errors import ReflectionError
from hls_events.reflections.services import ReflectionDraft
from hls_events.service_errors import Reason
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_registration
from tests.reflections.conftest import person


def _answers(**overrides: str) -> dict[str, str]:
    data = {f"answer_{i}": "" for i in range(len(prompts.DEFAULT_PROMPTS))}
    data.update(overrides)
    return data


def _post(client: Any, path: str, data: dict[str, Any]) -> Any:
    page = client.get(path)
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page.text)})


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_attendee_reflects_and_the_consent_is_recorded(client, past, sign_in_as):
    sign_in_as(past.attendee)
    page = client.get(past.reflect_path)
    assert page.status_code == 200
    for prompt in prompts.DEFAULT_PROMPTS:
        assert prompt.question in page.text
    assert "Which HLS principle did it speak to?" in page.text
    assert "With my name (Ada Attendee)" in page.text
    assert "Only what you choose to share joins the practice record." in page.text
    # Each choice of readers says itself once, beside its radio.
    assert "Only me. Nobody else can read it" in page.text
    assert "Only me: Only me" not in page.text and "Everyone: Everyone" not in page.text

    response = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_0="We sat in a circle and it felt human.", answer_1="Ask first."),
            "themes": [str(past.theme.id)],
            "principles": ["human", "learning"],
            "visibility": "participants",
            "attribution": "anonymous",
        },
    )
    assert response.status_code == 302
    reflection = db.session.scalar(select(Reflection))
    assert response.location.endswith(f"/practice/reflections/{reflection.id}")
    assert reflection.author_id == past.attendee.id
    assert reflection.author_role == AuthorRole.ATTENDEE
    assert reflection.visibility == Visibility.PARTICIPANTS
    assert reflection.attribution == Attribution.ANONYMOUS
    assert reflection.principles == "human learning"
    assert [theme.name for theme in reflection.themes] == ["Learning culture"]
    assert reflection.body == "We sat in a circle and it felt human.\n\nAsk first."
    assert reflection.answers[0] == {
        "question": prompts.DEFAULT_PROMPTS[0].question,
        "hint": prompts.DEFAULT_PROMPTS[0].hint,
        "answer": "We sat in a circle and it felt human.",
    }
    [consent] = reflection.consents
    assert consent.visibility == Visibility.PARTICIPANTS
    assert consent.attribution == Attribution.ANONYMOUS
    assert "People taking part in the programme" in consent.wording
    assert "HLS Week 2025" in consent.wording
    assert "Anonymously" in consent.wording

    own_page = client.get(response.location)
    assert "Only you see this" in own_page.text
    assert "Your choices for this reflection" in own_page.text
    assert "People taking part in the programme" in own_page.text


def test_changing_the_choices_records_a_new_consent_and_editing_text_does_not(
    client, past, sign_in_as
):
    sign_in_as(past.attendee)
    base = {**_answers(answer_0="First thoughts."), "visibility": "private", "attribution": "named"}
    assert _post(client, past.reflect_path, base).status_code == 302
    assert (
        _post(client, past.reflect_path, {**base, "answer_0": "Second thoughts."}).status_code
        == 302
    )
    assert _count(ReflectionConsent) == 1
    page = client.get(past.reflect_path)
    assert "Second thoughts." in page.text
    assert 'value="private" checked' in page.text or "checked" in page.text

    assert _post(client, past.reflect_path, {**base, "visibility": "public"}).status_code == 302
    reflection = db.session.scalar(select(Reflection))
    db.session.refresh(reflection)
    assert reflection.visibility == Visibility.PUBLIC
    assert [c.visibility for c in reflection.consents] == [Visibility.PRIVATE, Visibility.PUBLIC]
    assert _count(Reflection) == 1


def test_the_author_deletes_their_reflection(client, past, sign_in_as):
    sign_in_as(past.attendee)
    _post(
        client,
        past.reflect_path,
        {**_answers(answer_0="Gone soon."), "visibility": "public", "attribution": "named"},
    )
    delete_path = past.reflect_path + "/delete"
    confirm = client.get(delete_path)
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.text
    response = client.post(delete_path, data={"csrf_token": csrf_token_from(confirm.text)})
    assert response.status_code == 302
    assert _count(Reflection) == 0
    assert _count(ReflectionConsent) == 0
    assert client.get(delete_path).status_code == 404


def test_a_speaker_reflects_as_a_speaker(client, past, sign_in_as):
    sign_in_as(past.speaker_user)
    response = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_3="How do we hear more voices?"),
            "visibility": "organisers",
            "attribution": "named",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Reflection.author_role)) == AuthorRole.SPEAKER


# --- Bad input: a clear message, nothing saved ---------------------------------------------


def test_someone_who_did_not_attend_is_refused(client, past, sign_in_as):
    stranger = person("stranger@example.org")
    sign_in_as(stranger)
    page = client.get(past.reflect_path)
    assert page.status_code == 403
    assert "Only people who had a place at this event, and its speakers, can reflect" in page.text
    response = client.post(
        past.reflect_path,
        data={
            **_answers(answer_0="I was not there."),
            "visibility": "public",
            "attribution": "named",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 403
    assert _count(Reflection) == 0


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED, RegistrationStatus.NO_SHOW],
)
def test_only_a_confirmed_or_attended_place_counts(client, past, sign_in_as, status):
    someone = person(f"{status.value}@example.org")
    make_registration(
        past.event, someone, status=status, waitlist_position=1 if status == "waitlisted" else None
    )
    sign_in_as(someone)
    assert client.get(past.reflect_path).status_code == 403


def test_attended_counts(client, past, sign_in_as):
    someone = person("came@example.org")
    make_registration(past.event, someone, status=RegistrationStatus.ATTENDED)
    sign_in_as(someone)
    assert client.get(past.reflect_path).status_code == 200


def test_before_the_event_ends_the_page_says_when_and_a_post_is_refused(client, past, sign_in_as):
    attendee = past.attendee
    make_registration(past.later, attendee)
    sign_in_as(attendee)
    path = f"/p/{past.programme.slug}/events/{past.later.slug}/reflect"
    page = client.get(path)
    assert page.status_code == 200
    assert "You can reflect once this event has ended: after" in page.text
    assert "<textarea" not in page.text
    response = client.post(
        path,
        data={
            **_answers(answer_0="Too soon."),
            "visibility": "public",
            "attribution": "named",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 409
    assert "You can reflect once this event has ended" in response.text
    assert _count(Reflection) == 0


def test_a_multi_session_event_ends_with_its_last_session(app, past):
    now = utcnow()
    two_part = make_event(past.programme, starts_at=now - timedelta(hours=30), sessions=2)
    make_registration(two_part, past.attendee)
    # Its second part (six hours ago) ends it; a day ago only the first part had happened.
    end = queries.last_session_end(two_part)
    assert end == two_part.sessions[1].ends_at
    with pytest.raises(ReflectionError) as refused:
        eligibility.check_may_reflect(two_part, past.attendee.id, now - timedelta(days=1))
    assert refused.value.reason is Reason.CONFLICT


def test_empty_answers_are_refused_beside_the_first_question(client, past, sign_in_as):
    sign_in_as(past.attendee)
    response = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_0="   ", answer_1="\n\n"),
            "visibility": "public",
            "attribution": "named",
        },
    )
    assert response.status_code == 422
    assert "Write an answer to at least one question." in response.text
    assert 'aria-invalid="true"' in response.text
    assert _count(Reflection) == 0


def test_overlong_answers_are_refused(client, past, sign_in_as):
    sign_in_as(past.attendee)
    response = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_2="x" * (services.MAX_ANSWER + 1)),
            "visibility": "public",
            "attribution": "named",
        },
    )
    assert response.status_code == 422
    assert "Keep each answer to 5,000 characters or fewer." in response.text
    assert _count(Reflection) == 0


def test_a_theme_id_beyond_any_theme_is_refused(client, past, sign_in_as):
    sign_in_as(past.attendee)
    response = _post(
        client,
        past.reflect_path,
        {
            **_answers(answer_0="Hello."),
            "themes": ["99999999999999999999"],
            "visibility": "private",
            "attribution": "anonymous",
        },
    )
    assert response.status_code == 422
    assert _count(Reflection) == 0


def test_choices_must_be_made(client, past, sign_in_as):
    sign_in_as(past.attendee)
    response = _post(client, past.reflect_path, _answers(answer_0="Something."))
    assert response.status_code == 422
    assert "Choose who may read your reflection." in response.text
    assert "Choose how your reflection is signed." in response.text
    response = _post(
        client,
        past.reflect_path,
        {**_answers(answer_0="Something."), "visibility": "the-world", "attribution": "named"},
    )
    assert response.status_code == 422
    assert _count(Reflection) == 0


def test_the_service_refuses_what_the_form_would(app, past):
    def draft(**fields: Any) -> ReflectionDraft:
        values = {
            "answers": ["An answer", "", "", ""],
            "visibility": "public",
            "attribution": "named",
        }
        values.update(fields)
        return ReflectionDraft(**values)

    cases = [
        (draft(answers=["", "", "", ""]), "answer_0"),
        (draft(answers=["x" * 5001, "", "", ""]), "answer_0"),
        (draft(answers=["one"]), None),
        (draft(visibility="nobody"), "visibility"),
        (draft(attribution=""), "attribution"),
        (draft(principles=["spiritual"]), "principles"),
        (draft(theme_ids=[99999]), "themes"),
    ]
    for bad, field in cases:
        with pytest.raises(ReflectionError) as refused:
            services.save_reflection(past.event.id, past.attendee.id, bad)
        assert refused.value.field == field, bad
    assert _count(Reflection) == 0
    services.save_reflection(past.event.id, past.attendee.id, draft())
    assert _count(Reflection) == 1


def test_control_characters_are_removed(app, past):
    services.save_reflection(
        past.event.id,
        past.attendee.id,
        ReflectionDraft(
            answers=["Line one\r\nline\x02 two\x03\x00", "", "", ""],
            visibility="public",
            attribution="named",
        ),
    )
    assert db.session.scalar(select(Reflection.body)) == "Line one\nline two"


def test_no_reflections_on_a_cancelled_event(client, past, sign_in_as):
    past.event.status = EventStatus.CANCELLED
    db.session.commit()
    sign_in_as(past.attendee)
    page = client.get(past.reflect_path)
    assert page.status_code == 403
    assert "cancelled" in page.text


def test_signed_out_people_are_sent_to_sign_in(client, past):
    response = client.get(past.reflect_path)
    assert response.status_code == 302
    assert "/account/sign-in" in response.location


def test_editing_keeps_the_questions_it_was_asked_even_after_the_prompts_change(
    client, past, sign_in_as
):
    sign_in_as(past.attendee)
    _post(
        client,
        past.reflect_path,
        {**_answers(answer_0="Kept."), "visibility": "public", "attribution": "named"},
    )
    prompts.save_prompts(past.programme.id, [prompts.Prompt("A brand new question?")])
    page = client.get(past.reflect_path)
    assert prompts.DEFAULT_PROMPTS[0].question in page.text
    assert "A brand new question?" not in page.text
    response = _post(
        client,
        past.reflect_path,
        {**_answers(answer_0="Still kept."), "visibility": "public", "attribution": "named"},
    )
    assert response.status_code == 302


def test_new_reflections_ask_the_programmes_own_prompts(client, past, sign_in_as):
    prompts.save_prompts(
        past.programme.id,
        [prompts.Prompt("What surprised you?", "Anything at all."), prompts.Prompt("What next?")],
    )
    sign_in_as(past.attendee)
    page = client.get(past.reflect_path)
    assert "What surprised you?" in page.text
    assert "Anything at all." in page.text
    assert prompts.DEFAULT_PROMPTS[0].question not in page.text
    response = _post(
        client,
        past.reflect_path,
        {"answer_0": "The quiet.", "answer_1": "", "visibility": "public", "attribution": "named"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Reflection.answers))[0]["question"] == "What surprised you?"
