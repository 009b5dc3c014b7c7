"""One list of organisations: a new name that looks like one on the list is questioned (the
form suggests the names on the list), and organisers merge two that are one, asking first."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Activity,
    Event,
    Invitation,
    Organisation,
    ProgrammeHost,
    ProgrammeRole,
)
from hls_events.organise.organisation_names import looks_alike
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_speaker,
    make_user,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _event(**overrides: str) -> dict[str, str]:
    return {
        "title": "Stewardship in practice",
        "format": "workshop",
        "mode": "online",
        "organisation_id": "0",
        "new_organisation": "Northshire Council",
        "capacity": "40",
        **overrides,
    }


def test_names_that_look_alike():
    assert looks_alike("Northshire Council", "Northshire County Council")
    assert looks_alike("Gateshead Council", "Gateshed Council")
    assert looks_alike("Lankelly Chase & Co", "Lankelly Chase and Co")
    assert not looks_alike("Northshire Council", "Southshire Council")
    assert not looks_alike("NHS Trust", "Council")


def test_a_new_host_that_looks_like_one_on_the_list_is_questioned(client, sign_in, post_form):
    make_programme("week", organisers=[make_user("org@example.org", organiser=True)])
    make_organisation("Northshire County Council")
    sign_in("org@example.org")

    form = client.get("/organise/p/week/events/new").text
    questioned = post_form("/organise/p/week/events/new", _event())

    assert 'list="organisation-names"' in form
    assert '<option value="Northshire County Council">' in form
    assert questioned.status_code == 422
    assert "Northshire Council looks like Northshire County Council" in questioned.text
    assert _count(Event) == 0 and _count(Organisation) == 1

    added = post_form("/organise/p/week/events/new", _event(new_organisation_is_different="y"))
    assert added.status_code == 302
    assert _count(Organisation) == 2
    same = post_form(
        "/organise/p/week/events/new",
        _event(title="Again", new_organisation="northshire county council"),
    )
    assert same.status_code == 302 and _count(Organisation) == 2  # the same one, reused


def test_editing_an_event_and_inviting_a_host_question_look_alike_names_too(
    client, sign_in, post_form
):
    programme = make_programme("week", organisers=[make_user("org@example.org", organiser=True)])
    county = make_organisation("Northshire County Council")
    event = make_event(programme, "circle", title="Circle", organisation=county)
    sign_in("org@example.org")

    edited = post_form(
        "/organise/p/week/events/circle/edit", _event(title="Changed", organisation_id="0")
    )
    invited = post_form(
        "/organise/p/week/people",
        {
            "email": "new.host@example.org",
            "role": ProgrammeRole.HOST.value,
            "organisation_id": "0",
            "new_organisation": "Northshire Council",
        },
    )

    assert edited.status_code == 422 and "looks like Northshire County Council" in edited.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Circle"
    assert invited.status_code == 422 and "looks like Northshire County Council" in invited.text
    assert _count(Invitation) == 0 and _count(Organisation) == 1


def _merge_world():
    organiser = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[organiser])
    county = make_organisation("Northshire County Council")
    council = make_organisation("Northshire Council")
    make_event(programme, "a", title="Kept event", organisation=county)
    make_event(programme, "b", title="Moved event", organisation=council)
    both = make_user("both@example.org")
    make_host(programme, both, county)
    make_host(programme, both, council)
    make_host(programme, make_user("only@example.org"), council)
    make_speaker("Sam", organisation_id=council.id)
    return programme, county, council


def test_organisers_merge_two_organisations_after_seeing_what_moves(client, sign_in, post_form):
    programme, county, council = _merge_world()
    sign_in("org@example.org")

    listing = client.get("/organise/organisations/").text
    asked = post_form(
        "/organise/organisations/",
        {"source": str(council.id), "target": str(county.id)},
    )
    url = f"/organise/organisations/{council.id}/merge-into/{county.id}"
    confirm = client.get(url).text

    assert "Northshire Council and Northshire County Council" in listing
    assert asked.status_code == 302 and asked.location.endswith(url)
    assert "1 event moves to Northshire County Council." in confirm
    assert "The events: Moved event." in confirm
    assert "2 hosts&#39; roles move" in confirm or "2 hosts' roles move" in confirm
    assert "1 speaker profile, 0 proposals and 0 invitations move." in confirm
    assert _count(Organisation) == 2  # looking changes nothing

    done = post_form(url, {"confirm": "yes"})

    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(Organisation.name)).all() == ["Northshire County Council"]
    assert {event.organisation_id for event in db.session.scalars(select(Event))} == {county.id}
    hosts = {
        (host.user.email, host.organisation_id)
        for host in db.session.scalars(select(ProgrammeHost))
    }
    assert hosts == {("both@example.org", county.id), ("only@example.org", county.id)}
    assert db.session.scalar(
        select(Activity.summary).where(Activity.programme_id == programme.id)
    ) == ("Merged the organisation Northshire Council into Northshire County Council.")


def test_merging_refuses_one_into_itself_unknown_ids_and_people_who_do_not_organise(
    client, sign_in, post_form
):
    _, county, council = _merge_world()
    make_user("someone@example.org")
    sign_in("org@example.org")

    itself = post_form(
        "/organise/organisations/", {"source": str(county.id), "target": str(county.id)}
    )
    unknown = client.get(f"/organise/organisations/{council.id}/merge-into/999999")
    huge = client.get(f"/organise/organisations/{council.id}/merge-into/99999999999999")

    assert itself.status_code == 422 and "Choose two different organisations." in itself.text
    assert unknown.status_code == 302
    assert huge.status_code == 404
    assert _count(Organisation) == 2
