"""Reflection questions in Welsh beside the English: organisers write them, Welsh readers are
asked them."""

from __future__ import annotations

from hls_events.reflections import prompts, queries
from tests.conftest import csrf_token_from


def test_organisers_write_welsh_questions_and_welsh_readers_are_asked_them(
    client, past, sign_in_as
):
    path = f"/p/{past.programme.slug}/practice/prompts"
    sign_in_as(past.organiser)
    page = client.get(path)
    assert 'name="question_cy_0"' in page.text and 'lang="cy"' in page.text
    blank = {
        f"{name}_{i}": ""
        for i in range(prompts.MAX_PROMPTS)
        for name in ("question", "hint", "question_cy", "hint_cy")
    }
    response = client.post(
        path,
        data={
            **blank,
            "question_0": "What moved you?",
            "hint_0": "One thing.",
            "question_cy_0": "Beth wnaeth eich cyffwrdd?",
            "hint_cy_0": "Un peth.",
            "question_1": "What next?",
            "action": "save",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 302
    assert queries.prompts_for(past.programme.id) == [
        prompts.Prompt("What moved you?", "One thing.", "Beth wnaeth eich cyffwrdd?", "Un peth."),
        prompts.Prompt("What next?", ""),
    ]

    with client.session_transaction() as session:
        session.clear()  # signed out
    sign_in_as(past.attendee)
    reflect = f"/p/{past.programme.slug}/events/{past.event.slug}/reflect"
    english = client.get(reflect).text
    assert "What moved you?" in english and "Beth wnaeth" not in english
    client.get("/language/cy")
    welsh = client.get(reflect).text
    assert "Beth wnaeth eich cyffwrdd?" in welsh and "Un peth." in welsh
    # No Welsh for the second question: the English is asked.
    assert "What next?" in welsh


def test_a_welsh_question_too_long_is_refused_and_nothing_changes(client, past, sign_in_as):
    path = f"/p/{past.programme.slug}/practice/prompts"
    sign_in_as(past.organiser)
    page = client.get(path)
    response = client.post(
        path,
        data={
            "question_0": "Fine?",
            "question_cy_0": "x" * (prompts.MAX_QUESTION + 1),
            "action": "save",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert response.status_code == 422
    assert f"cannot be longer than {prompts.MAX_QUESTION} characters" in response.text
    assert queries.prompts_for(past.programme.id) == list(prompts.DEFAULT_PROMPTS)
