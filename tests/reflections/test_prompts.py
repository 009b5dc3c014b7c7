"""Organisers edit the questions their programme's reflections ask."""

from __future__ import annotations

from hls_events.reflections import prompts, queries
from tests.conftest import csrf_token_from


def _post(client, path, data):
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page.text)})


def test_the_defaults_come_from_hls_practice(app, past):
    questions = [prompt.question for prompt in queries.prompts_for(past.programme.id)]
    assert questions == [
        "What happened, and how did it feel?",
        "What will you try next, as a small experiment?",
        "Whose voice was missing?",
        "What question will you take to your peers?",
    ]
    assert prompts.PRINCIPLE_QUESTION == "Which HLS principle did it speak to?"


def test_an_organiser_edits_and_restores_the_prompts(client, past, sign_in_as):
    path = f"/p/{past.programme.slug}/practice/prompts"
    sign_in_as(past.organiser)
    page = client.get(path)
    assert "What happened, and how did it feel?" in page.text
    assert "These are the HLS defaults." in page.text
    blank = {f"{name}_{i}": "" for i in range(prompts.MAX_PROMPTS) for name in ("question", "hint")}
    response = _post(
        client,
        path,
        {
            **blank,
            "question_0": "What moved you?",
            "hint_0": "One thing.",
            "question_1": "",
            "question_2": "What next?",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert queries.prompts_for(past.programme.id) == [
        prompts.Prompt("What moved you?", "One thing."),
        prompts.Prompt("What next?", ""),
    ]
    assert "These are your own." in client.get(path).text

    response = _post(client, path, {"action": "restore"})
    assert response.status_code == 302
    assert queries.prompts_for(past.programme.id) == list(prompts.DEFAULT_PROMPTS)


def test_at_least_one_question_is_kept(client, past, sign_in_as):
    path = f"/p/{past.programme.slug}/practice/prompts"
    sign_in_as(past.organiser)
    data = {f"question_{i}": "" for i in range(prompts.MAX_PROMPTS)}
    response = _post(client, path, {**data, "action": "save"})
    assert response.status_code == 422
    assert "Keep at least one question." in response.text
    assert queries.prompts_for(past.programme.id) == list(prompts.DEFAULT_PROMPTS)


def test_too_long_a_question_is_refused(client, past, sign_in_as):
    path = f"/p/{past.programme.slug}/practice/prompts"
    sign_in_as(past.organiser)
    response = _post(client, path, {"question_0": "x" * 301, "action": "save"})
    assert response.status_code == 422
    assert not queries.has_own_prompts(past.programme.id)


def test_only_organisers_edit_prompts(client, past, sign_in_as):
    path = f"/p/{past.programme.slug}/practice/prompts"
    assert client.get(path).status_code == 302
    sign_in_as(past.attendee)
    assert client.get(path).status_code == 403
