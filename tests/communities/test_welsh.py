"""A community's name and purpose in Welsh beside the English: facilitators write them, Welsh
readers see them, and the meetings' series event takes the Welsh name too."""

from __future__ import annotations

from hls_events.extensions import db
from hls_events.models import Community, Event


def test_facilitators_write_the_welsh_and_welsh_readers_see_it(
    client, community, facilitator, sign_in, post_form
):
    sign_in(facilitator.email)
    base = f"/p/hls-2022/communities/{community.slug}"
    form = client.get(f"{base}/facilitate/edit").text
    assert "Name in Welsh" in form and "Purpose in Welsh" in form
    assert form.count('lang="cy"') >= 2
    response = post_form(
        f"{base}/facilitate/edit",
        {
            "name": "The curious",
            "name_cy": " Y chwilfrydig ",
            "purpose": "We try things.",
            "purpose_cy": "Rydym yn **rhoi cynnig** ar bethau.",
            "membership_rule": "open",
            "member_limit": "",
            "waitlist_open": "y",
            "status": "open",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Community, community.id)
    assert (saved.name_cy, saved.purpose_cy) == (
        "Y chwilfrydig",
        "Rydym yn **rhoi cynnig** ar bethau.",
    )
    assert db.session.get(Event, saved.event_id).title_cy == "Y chwilfrydig"

    english = client.get(f"{base}/").text
    assert "<h1>The curious</h1>" in english and "chwilfrydig" not in english
    client.get("/language/cy")
    welsh = client.get(f"{base}/").text
    assert "<h1>Y chwilfrydig</h1>" in welsh
    assert "<strong>rhoi cynnig</strong>" in welsh
    assert "Y chwilfrydig</a>" in client.get("/p/hls-2022/communities/").text


def test_a_welsh_name_too_long_changes_nothing(client, community, facilitator, sign_in, post_form):
    sign_in(facilitator.email)
    base = f"/p/hls-2022/communities/{community.slug}"
    response = post_form(
        f"{base}/facilitate/edit",
        {
            "name": "The curious",
            "name_cy": "x" * 201,
            "purpose": "",
            "purpose_cy": "",
            "membership_rule": "open",
            "status": "open",
        },
    )
    assert response.status_code == 422
    assert "cannot be longer than 200 characters" in response.text
    db.session.expire_all()
    assert db.session.get(Community, community.id).name_cy == ""
