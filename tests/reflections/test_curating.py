"""Organisers feature entries, or hide them with a reason their author is shown."""

from __future__ import annotations

from hls_events.extensions import db
from hls_events.models import Visibility
from tests.conftest import csrf_token_from
from tests.factories import make_programme, make_reflection, make_write_up
from tests.reflections.conftest import person


def _curate(client, path, **data):
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page.text)})


def test_an_organiser_features_then_hides_a_reflection_and_its_author_sees_why(
    client, past, sign_in_as
):
    reflection = make_reflection(past.event, past.attendee, "Something to think about.")
    path = f"/practice/reflections/{reflection.id}/curate"
    sign_in_as(past.organiser)
    assert _curate(client, path, action="feature").status_code == 302
    db.session.refresh(reflection)
    assert reflection.featured
    assert "Featured</h2>" in client.application.test_client().get("/practice/").text

    refused = _curate(client, path, action="hide", reason="  ")
    assert refused.status_code == 422
    assert "Say why it is hidden" in refused.text
    response = _curate(client, path, action="hide", reason="It names a colleague; please edit.")
    assert response.status_code == 302
    db.session.refresh(reflection)
    assert reflection.is_hidden and not reflection.featured
    assert reflection.hidden_by_id == past.organiser.id

    # Gone from the record for everyone else...
    visitor = client.application.test_client()
    assert "Something to think about." not in visitor.get("/practice/").text
    assert visitor.get(f"/practice/reflections/{reflection.id}").status_code == 302
    # ...and the organiser still sees it, to show it again.
    assert "Hidden by the organisers" in client.get(f"/practice/reflections/{reflection.id}").text

    author = client.application.test_client()
    page = author.get("/account/sign-in")
    author.post(
        "/account/sign-in",
        data={
            "email": past.attendee.email,
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(page.text),
        },
    )
    own = author.get(f"/practice/reflections/{reflection.id}").text
    assert "It names a colleague; please edit." in own
    assert "It names a colleague; please edit." in author.get("/reflections/").text

    assert _curate(client, path, action="show").status_code == 302
    assert "Something to think about." in visitor.get("/practice/").text


def test_the_reason_is_not_shown_to_other_readers(client, past, host_of, sign_in_as):
    reflection = make_reflection(
        past.event,
        past.attendee,
        "Words.",
        visibility=Visibility.ORGANISERS,
        hidden_at=past.event.sessions[0].ends_at,
        hidden_reason="Private reason",
    )
    sign_in_as(host_of("host@example.org"))
    page = client.get(f"/practice/reflections/{reflection.id}")
    assert page.status_code == 404
    assert "Private reason" not in page.text


def test_only_the_programmes_organisers_curate(client, past, sign_in_as):
    reflection = make_reflection(past.event, past.attendee)
    write_up = make_write_up(past.event, past.speaker)
    other = person("other.organiser@example.org", is_organiser=True)
    make_programme("elsewhere", organisers=[other])
    sign_in_as(other)
    for path in (
        f"/practice/reflections/{reflection.id}/curate",
        f"/practice/write-ups/{write_up.id}/curate",
    ):
        assert client.get(path).status_code == 403
    assert client.get("/practice/reflections/999/curate").status_code == 404


def test_an_organiser_cannot_see_or_curate_a_private_reflection(client, past, sign_in_as):
    reflection = make_reflection(past.event, past.attendee, visibility=Visibility.PRIVATE)
    sign_in_as(past.organiser)
    assert client.get(f"/practice/reflections/{reflection.id}").status_code == 404
    assert client.get(f"/practice/reflections/{reflection.id}/curate").status_code == 404


def test_a_write_up_can_be_hidden_too(client, past, sign_in_as):
    write_up = make_write_up(past.event, past.speaker, "Slides and notes")
    sign_in_as(past.organiser)
    response = _curate(
        client, f"/practice/write-ups/{write_up.id}/curate", action="hide", reason="Broken links."
    )
    assert response.status_code == 302
    visitor = client.application.test_client()
    assert "Slides and notes" not in visitor.get(past.event_path).text
    assert visitor.get(f"/practice/write-ups/{write_up.id}").status_code == 302
