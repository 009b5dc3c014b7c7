"""Inviting co-organisers and hosts by email, through the outbox and a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Event,
    Invitation,
    Organisation,
    ProgrammeHost,
    ProgrammeRole,
    User,
    utcnow,
)
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_host, make_organisation, make_programme, make_user


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


@pytest.fixture
def week(app):
    """A published programme with one organiser and an event from each of two organisations."""
    organiser = make_user("olu@example.org", name="Olu Organiser", email_confirmed_at=utcnow())
    programme = make_programme("week", title="HLS Week", organisers=[organiser])
    north = make_organisation("Northshire Council")
    south = make_organisation("Southshire Trust")
    make_event(programme, "north-event", title="North event", organisation=north)
    make_event(programme, "south-event", title="South event", organisation=south)
    return programme


def _confirmed(email: str, **fields) -> User:
    return make_user(email, email_confirmed_at=utcnow(), **fields)


def _sign_out(client) -> None:
    page = client.get("/privacy")
    client.post("/account/sign-out", data={"csrf_token": csrf_token_from(page.text)})


def _invite(client, sign_in, post_form, **data):
    sign_in("olu@example.org")
    response = post_form("/organise/p/week/people", data)
    _sign_out(client)
    return response


def _accept(client, link):
    page = client.get(link)
    assert page.status_code == 200, page.text
    return client.post(link, data={"csrf_token": csrf_token_from(page.text)})


def _organisation(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _host_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeHost))


def test_invited_host_accepts_and_edits_only_their_organisations_events(
    client, sign_in, post_form, deliver_outbox, week
):
    north = _organisation("Northshire Council")
    invited = _invite(
        client,
        sign_in,
        post_form,
        email="Hana@Example.org",
        role="host",
        organisation_id=str(north.id),
    )
    assert invited.status_code == 302

    [mail] = deliver_outbox()
    assert mail.envelope_to == ["hana@example.org"]
    assert mail.subject == "Olu Organiser invites you to host events in HLS Week"
    assert "host the events of Northshire Council in HLS Week" in mail.text
    link = mail.link("/invitations/")
    assert link in (mail.html or "")

    # Not signed in: the page explains, and its links bring the person back here.
    landing = client.get(link)
    assert landing.status_code == 200
    assert "host the events of <strong>Northshire Council</strong>" in landing.text
    path = urlsplit(link).path
    sign_in_href = next(
        href
        for href in _hrefs(landing.text)
        if href.startswith("/account/sign-in?") and "email" not in href
    )
    assert parse_qs(urlsplit(sign_in_href).query)["next"] == [path]
    assert any(
        href.startswith("/account/sign-up?")
        and parse_qs(urlsplit(href).query).get("next") == [path]
        for href in _hrefs(landing.text)
    )

    _confirmed("hana@example.org", name="Hana Host")
    sign_in("hana@example.org")
    accepted = _accept(client, link)
    assert accepted.status_code == 302
    assert accepted.location.endswith("/organise/p/week/")

    db.session.expire_all()
    invitation = db.session.scalar(select(Invitation))
    hana = db.session.scalar(select(User).where(User.email == "hana@example.org"))
    assert invitation.accepted_at is not None and invitation.accepted_by_id == hana.id
    [host] = db.session.scalars(select(ProgrammeHost))
    assert (host.user_id, host.organisation_id) == (hana.id, north.id)

    # The programme page lists only the events they host.
    programme_page = client.get("/organise/p/week/")
    assert programme_page.status_code == 200
    assert "North event" in programme_page.text and "South event" not in programme_page.text
    assert "Publish programme" not in programme_page.text

    edit = client.get("/organise/p/week/events/north-event/edit")
    assert edit.status_code == 200
    assert "Southshire Trust" not in edit.text  # cannot move the event to another organisation
    saved = post_form(
        "/organise/p/week/events/north-event/edit",
        {
            "title": "North event, renamed",
            "format": "workshop",
            "mode": "online",
            "organisation_id": str(north.id),
        },
    )
    assert saved.status_code == 302, saved.text
    db.session.expire_all()
    north_event = db.session.scalar(select(Event).where(Event.slug == "north-event"))
    assert north_event.title == "North event, renamed"

    assert client.get("/organise/p/week/events/south-event/").status_code == 403
    assert client.get("/organise/p/week/events/south-event/edit").status_code == 403
    assert client.get("/organise/p/week/edit").status_code == 403
    assert client.get("/organise/p/week/people").status_code == 403
    unpublish = client.post(
        "/organise/p/week/events/north-event/status/draft",
        data={"csrf_token": csrf_token_from(edit.text)},
    )
    assert unpublish.status_code == 403  # organisers publish

    # A second acceptance says so and changes nothing.
    again = client.post(link, data={"csrf_token": csrf_token_from(edit.text)})
    assert again.status_code == 409
    assert "already been accepted" in again.text
    assert _host_count() == 1
    db.session.expire_all()
    assert db.session.scalar(select(Invitation)).accepted_at == invitation.accepted_at


def _hrefs(html: str) -> list[str]:
    import re

    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def test_invited_organiser_accepts_and_organises(client, sign_in, post_form, deliver_outbox, week):
    _invite(client, sign_in, post_form, email="cleo@example.org", role="organiser")
    [mail] = deliver_outbox()
    assert mail.subject == "Olu Organiser invites you to organise HLS Week"
    _confirmed("cleo@example.org")
    sign_in("cleo@example.org")
    assert client.get("/organise/p/week/edit").status_code == 403

    assert _accept(client, mail.link("/invitations/")).status_code == 302

    assert client.get("/organise/p/week/edit").status_code == 200
    assert client.get("/organise/p/week/people").status_code == 200
    db.session.expire_all()
    assert sorted(user.email for user in week.organisers) == ["cleo@example.org", "olu@example.org"]


def test_invitation_is_accepted_after_signing_up_with_that_address(
    client, post_form, deliver_outbox, sign_in, week
):
    _invite(client, sign_in, post_form, email="newcomer@example.org", role="organiser")
    [invitation_mail] = deliver_outbox()
    link = invitation_mail.link("/invitations/")
    path = urlsplit(link).path

    signed_up = post_form(
        f"/account/sign-up?next={path}", {"name": "New Comer", "email": "newcomer@example.org"}
    )
    assert signed_up.status_code == 302
    [confirmation] = deliver_outbox()
    confirm_link = confirmation.link("/account/confirm/")
    landing = client.get(confirm_link)
    confirmed = client.post(confirm_link, data={"csrf_token": csrf_token_from(landing.text)})
    assert confirmed.status_code == 302
    assert urlsplit(confirmed.location).path == path  # back to the invitation

    assert _accept(client, link).status_code == 302
    db.session.expire_all()
    assert "newcomer@example.org" in [user.email for user in week.organisers]


def test_invitation_for_another_address_is_refused(
    client, sign_in, post_form, deliver_outbox, week
):
    north = _organisation("Northshire Council")
    _invite(
        client, sign_in, post_form, email="hana@example.org", role="host", organisation_id=north.id
    )
    link = deliver_outbox()[0].link("/invitations/")
    _confirmed("someone.else@example.org")
    sign_in("someone.else@example.org")

    page = client.get(link)
    assert page.status_code == 200
    assert "This invitation was sent to a different email address" in page.text
    assert "Accept the invitation" not in page.text

    refused = client.post(link, data={"csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 403
    assert "This invitation was sent to a different email address" in refused.text
    assert _host_count() == 0
    db.session.expire_all()
    assert db.session.scalar(select(Invitation)).accepted_at is None


def test_an_unconfirmed_address_must_be_confirmed_first(
    client, sign_in, post_form, deliver_outbox, week
):
    _invite(client, sign_in, post_form, email="una@example.org", role="organiser")
    link = deliver_outbox()[0].link("/invitations/")
    make_user("una@example.org")  # has a password, but never confirmed the address
    sign_in("una@example.org")

    page = client.get(link)
    assert "Please confirm your email address first" in page.text
    refused = client.post(link, data={"csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 403
    db.session.expire_all()
    assert len(week.organisers) == 1


def test_expired_and_tampered_links_say_so(client, sign_in, post_form, deliver_outbox, week):
    _invite(client, sign_in, post_form, email="late@example.org", role="organiser")
    link = deliver_outbox()[0].link("/invitations/")
    _confirmed("late@example.org")
    sign_in("late@example.org")

    tampered = client.get(link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb"))
    assert tampered.status_code == 404
    assert "This invitation link is not valid" in tampered.text

    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(link)
    assert expired.status_code == 410
    assert "This invitation has expired" in expired.text
    assert "Accept the invitation" not in expired.text
    refused = client.post(link, data={"csrf_token": csrf_token_from(expired.text)})
    assert refused.status_code == 410
    db.session.expire_all()
    assert len(week.organisers) == 1


def test_withdrawn_invitation_sends_nothing_and_its_link_stops_working(
    client, sign_in, post_form, deliver_outbox, week
):
    from hls_events.organise.people import invitation_url

    sign_in("olu@example.org")
    post_form("/organise/p/week/people", {"email": "maybe@example.org", "role": "organiser"})
    invitation = db.session.scalar(select(Invitation))
    link = invitation_url(invitation)
    people = client.get("/organise/p/week/people")
    assert "Withdraw the invitation to maybe@example.org" in people.text

    withdrawn = client.post(
        f"/organise/p/week/people/invitations/{invitation.id}/withdraw",
        data={"csrf_token": csrf_token_from(people.text)},
    )
    assert withdrawn.status_code == 302
    assert deliver_outbox() == []  # the queued email was withdrawn with it
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    after = client.get("/organise/p/week/people").text
    assert "Withdrew the invitation to maybe@example.org" in after
    assert "Withdraw the invitation to maybe@example.org" not in after

    _sign_out(client)
    gone = client.get(link)
    assert gone.status_code == 404
    assert "This invitation has been withdrawn" in gone.text


def test_invitation_form_checks_what_it_is_given(client, sign_in, post_form, week):
    organiser = db.session.scalar(select(User).where(User.email == "olu@example.org"))
    sign_in("olu@example.org")

    no_organisation = post_form(
        "/organise/p/week/people", {"email": "hana@example.org", "role": "host"}
    )
    assert no_organisation.status_code == 422
    assert "Choose the organisation whose events they will host" in no_organisation.text

    bad_email = post_form("/organise/p/week/people", {"email": "not-an-address", "role": "host"})
    assert bad_email.status_code == 422
    assert "Enter an email address like name@example.org." in bad_email.text

    already = post_form("/organise/p/week/people", {"email": organiser.email, "role": "organiser"})
    assert already.status_code == 422
    assert "They already organise this programme." in already.text

    # A new organisation typed by the organiser is created with the invitation.
    first = post_form(
        "/organise/p/week/people",
        {"email": "hana@example.org", "role": "host", "new_organisation": "Eastshire Hospice"},
    )
    assert first.status_code == 302
    twice = post_form(
        "/organise/p/week/people",
        {"email": "hana@example.org", "role": "host", "new_organisation": "Eastshire Hospice"},
    )
    assert twice.status_code == 422
    assert "already have an invitation waiting" in twice.text
    invitation = db.session.scalar(select(Invitation))
    assert invitation.role == ProgrammeRole.HOST
    assert invitation.organisation.name == "Eastshire Hospice"
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)


def test_organisers_remove_hosts_and_co_organisers_but_not_the_last(client, sign_in, week):
    olu = db.session.scalar(select(User).where(User.email == "olu@example.org"))
    north = _organisation("Northshire Council")
    hana = _confirmed("hana@example.org", name="Hana Host")
    make_host(week, hana, north)
    sign_in("olu@example.org")
    people = client.get("/organise/p/week/people")
    assert "Hana Host" in people.text and "Northshire Council" in people.text
    token = csrf_token_from(people.text)

    last = client.post(
        f"/organise/p/week/people/organisers/{olu.id}/remove",
        data={"csrf_token": token, "confirm": "yes"},
    )
    assert last.status_code == 302
    assert "A programme needs at least one organiser" in client.get(last.location).text
    db.session.expire_all()
    assert [user.email for user in week.organisers] == ["olu@example.org"]

    removed = client.post(
        f"/organise/p/week/people/hosts/{hana.id}/{north.id}/remove",
        data={"csrf_token": token, "confirm": "yes"},
    )
    assert removed.status_code == 302
    assert _host_count() == 0

    cleo = _confirmed("cleo@example.org")
    week.organisers.append(cleo)
    db.session.commit()
    client.post(
        f"/organise/p/week/people/organisers/{cleo.id}/remove",
        data={"csrf_token": token, "confirm": "yes"},
    )
    db.session.expire_all()
    assert [user.email for user in week.organisers] == ["olu@example.org"]
