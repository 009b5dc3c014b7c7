"""Only what the caller may see: the public view without a token, the owner's view with one."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.conftest import JOINING_URL, ApiWorld, bearer


def _slugs(body: dict) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_anonymous_callers_see_published_programmes_only(
    client: FlaskClient, world: ApiWorld
) -> None:
    body = client.get("/api/v1/programmes").get_json()
    assert _slugs(body) == ["week"]
    assert client.get("/api/v1/programmes/plans").status_code == 404
    assert client.get("/api/v1/programmes/plans/events").status_code == 404


def test_organisers_see_their_drafts_through_their_token(
    client: FlaskClient, world: ApiWorld
) -> None:
    headers = bearer(world.organiser_token)
    assert sorted(_slugs(client.get("/api/v1/programmes", headers=headers).get_json())) == [
        "plans",
        "week",
    ]
    events = client.get("/api/v1/programmes/week/events?per_page=100", headers=headers).get_json()
    assert "draft-event" in _slugs(events)
    assert (
        client.get("/api/v1/programmes/plans/events/secret-plan", headers=headers).status_code
        == 200
    )


def test_unpublished_events_are_invisible(client: FlaskClient, world: ApiWorld) -> None:
    events = client.get("/api/v1/programmes/week/events?per_page=100").get_json()
    slugs = _slugs(events)
    assert "draft-event" not in slugs
    assert {"open-event", "called-off"} <= set(slugs)
    assert client.get("/api/v1/programmes/week/events/draft-event").status_code == 404
    # An attendee's token sees no more than anyone here.
    response = client.get(
        "/api/v1/programmes/week/events/draft-event", headers=bearer(world.attendee_token)
    )
    assert response.status_code == 404


def test_event_carries_sessions_hosts_speakers_and_places(
    client: FlaskClient, world: ApiWorld
) -> None:
    event = client.get("/api/v1/programmes/week/events/open-event").get_json()
    assert event["capacity"] == 10
    assert event["places_left"] == 9
    assert [person["name"] for person in event["hosts"]] == ["Hana Host"]
    assert [person["name"] for person in event["speakers"]] == ["Hana Host", "Sam Speaker"]
    assert event["organisation"]["name"] == "Host Organisation"
    assert [theme["slug"] for theme in event["themes"]] == ["learning-culture"]
    assert len(event["sessions"]) == 1


def test_joining_links_only_for_the_holder_of_a_confirmed_place(
    client: FlaskClient, world: ApiWorld
) -> None:
    address = "/api/v1/programmes/week/events/open-event"
    for headers in ({}, bearer(world.organiser_token), bearer(world.waiting_token)):
        response = client.get(address, headers=headers)
        assert JOINING_URL not in response.get_data(as_text=True)
        assert response.get_json()["sessions"][0]["joining_url"] is None
    listing = client.get("/api/v1/programmes/week/events?per_page=100")
    assert JOINING_URL not in listing.get_data(as_text=True)
    mine = client.get(address, headers=bearer(world.attendee_token)).get_json()
    assert mine["sessions"][0]["joining_url"] == JOINING_URL


def test_own_registrations_need_a_token_and_show_only_ones_own(
    client: FlaskClient, world: ApiWorld
) -> None:
    assert client.get("/api/v1/me/registrations").status_code == 401
    body = client.get("/api/v1/me/registrations", headers=bearer(world.attendee_token)).get_json()
    assert [item["id"] for item in body["items"]] == [world.attendee_registration_id]
    assert body["items"][0]["sessions"][0]["joining_url"] == JOINING_URL
    waiting = client.get("/api/v1/me/registrations", headers=bearer(world.waiting_token)).get_json()
    assert waiting["items"][0]["status"] == "waitlisted"
    assert waiting["items"][0]["waitlist_position"] == 1
    assert waiting["items"][0]["sessions"][0]["joining_url"] is None
    other = client.get(
        f"/api/v1/me/registrations/{world.attendee_registration_id}",
        headers=bearer(world.waiting_token),
    )
    assert other.status_code == 404


def test_private_reflections_are_read_by_their_author_only(
    client: FlaskClient, world: ApiWorld
) -> None:
    private = f"/api/v1/practice/reflections/{world.private_reflection_id}"
    assert client.get(private).status_code == 404
    assert client.get(private, headers=bearer(world.organiser_token)).status_code == 404
    assert client.get(private, headers=bearer(world.attendee_token)).status_code == 200
    public = client.get(f"/api/v1/practice/reflections/{world.public_reflection_id}").get_json()
    assert public["signed"] == "Ada Attendee"
    listing = client.get("/api/v1/practice").get_data(as_text=True)
    assert "private thought" not in listing
    assert "about listening" in listing


def test_practice_record_filters_and_search(client: FlaskClient, world: ApiWorld) -> None:
    write_ups = client.get("/api/v1/practice?kind=write_up").get_json()
    assert [item["kind"] for item in write_ups["items"]] == ["write_up"]
    assert write_ups["items"][0]["title"] == "What we shared"
    found = client.get("/api/v1/practice?q=listening").get_json()
    assert [item["id"] for item in found["items"]] == [world.public_reflection_id]
    assert client.get("/api/v1/practice?programme=plans").get_json()["items"] == []
    one = client.get(f"/api/v1/practice/write-ups/{world.write_up_id}").get_json()
    assert "<strong>notes</strong>" in one["html"]


def test_speakers_and_changes(client: FlaskClient, world: ApiWorld) -> None:
    speakers = client.get("/api/v1/programmes/week/speakers").get_json()
    assert [item["name"] for item in speakers["items"]] == ["Hana Host", "Sam Speaker"]
    slug = speakers["items"][1]["slug"]
    one = client.get(f"/api/v1/programmes/week/speakers/{slug}").get_json()
    assert [event["slug"] for event in one["events"]] == ["open-event"]
    assert client.get(f"/api/v1/programmes/plans/speakers/{slug}").status_code == 404
    changes = client.get("/api/v1/programmes/week/changes").get_json()
    assert [item["id"] for item in changes["items"]] == [world.change_id]
    change = client.get(f"/api/v1/programmes/week/changes/{world.change_id}").get_json()
    assert change["event_api_url"].endswith("/api/v1/programmes/week/events/open-event")
