"""Inviting a speaker to an event: the emailed link, accepting once with the right address,
the profile that becomes theirs, and the speaker portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    EventSpeaker,
    EventStatus,
    RegistrationStatus,
    Speaker,
    SpeakerInvitation,
    utcnow,
)
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_speaker,
    make_user,
)


@pytest.fixture
def week(app):
    organiser = make_user("olu@example.org", name="Olu Organiser", email_confirmed_at=utcnow())
    programme = make_programme("week", title="HLS Week", organisers=[organiser])
    north = make_organisation("Northshire Council")
    make_event(programme, "circle", title="Learning circle", organisation=north, capacity=20)
    return programme


def _sign_out(client) -> None:
    client.post(
        "/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/privacy").text)}
    )


def _invite(client, sign_in, post_form, deliver_outbox, **data):
    sign_in("olu@example.org")
    response = post_form(
        "/organise/p/week/events/circle/speakers",
        {
            "name": "Sam Speaker",
            "email": "Sam@Example.org",
            "organisation_name": "Southshire Trust",
            "role": "facilitator",
            "brief": "Please send slides by Friday.",
            **data,
        },
    )
    assert response.status_code == 302, response.text
    _sign_out(client)
    [mail] = deliver_outbox()
    return mail


def _accept(client, link):
    page = client.get(link)
    return client.post(link, data={"csrf_token": csrf_token_from(page.text)})


def test_an_invited_speaker_accepts_fills_their_profile_and_sees_the_event(
    client, sign_in, post_form, deliver_outbox, week
):
    mail = _invite(client, sign_in, post_form, deliver_outbox)
    assert mail.to == "sam@example.org"
    assert mail.subject == "You are invited to speak at Learning circle"
    assert "Please send slides by Friday." in mail.text
    link = mail.link("/speaker/invitations/")

    # Before accepting, the profile is the organisers' to keep.
    speaker = db.session.scalar(select(Speaker))
    assert (speaker.name, speaker.user_id, speaker.organisation.name) == (
        "Sam Speaker",
        None,
        "Southshire Trust",
    )
    signed_out = client.get(link)
    assert signed_out.status_code == 200
    assert "To accept it, sign in with sam@example.org" in signed_out.text

    sam = make_user("sam@example.org", name="Sam", email_confirmed_at=utcnow())
    sign_in("sam@example.org")
    accepted = _accept(client, link)
    assert accepted.status_code == 302
    assert accepted.location.endswith("/speaker/profile")
    db.session.expire_all()
    speaker = db.session.get(Speaker, speaker.id)
    assert speaker.user_id == sam.id

    saved = post_form(
        "/speaker/profile",
        {
            "name": "Sam Speaker",
            "pronouns": "they/them",
            "job_title": "Learning lead",
            "organisation_name": "Southshire Trust",
            "bio": "Sam **listens**.",
            "links": "https://example.org/sam\nhttps://blog.example.org",
        },
    )
    assert saved.status_code == 302

    event = week.events[0]
    make_registration(event)
    make_registration(event)
    make_registration(event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    make_registration(event, status=RegistrationStatus.CANCELLED)
    portal = client.get("/speaker/")
    assert portal.status_code == 200
    assert "Learning circle" in portal.text
    assert "Facilitator in HLS Week" in portal.text
    assert "Please send slides by Friday." in portal.text
    assert "2 people have a place, of 20; 1 on the waiting list." in portal.text
    assert "/calendar/" in portal.text  # the private feed's address


def test_accepting_twice_changes_nothing_and_says_so(
    client, sign_in, post_form, deliver_outbox, week
):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    make_user("sam@example.org", email_confirmed_at=utcnow())
    sign_in("sam@example.org")
    page = client.get(link)
    token = csrf_token_from(page.text)
    assert client.post(link, data={"csrf_token": token}).status_code == 302
    again = client.post(link, data={"csrf_token": token})
    assert again.status_code == 409
    assert "This invitation has already been accepted, so nothing has changed." in again.text
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 1
    assert db.session.scalar(select(func.count()).select_from(EventSpeaker)) == 1


def test_an_invitation_for_another_email_cannot_be_accepted(
    client, sign_in, post_form, deliver_outbox, week
):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    make_user("mallory@example.org", email_confirmed_at=utcnow())
    sign_in("mallory@example.org")
    page = client.get(link)
    assert "This invitation was sent to a different email address" in page.text
    refused = client.post(link, data={"csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 403
    assert "nothing has changed" in refused.text
    assert db.session.scalar(select(Speaker.user_id)) is None
    assert db.session.scalar(select(SpeakerInvitation.accepted_at)) is None


def test_an_unconfirmed_address_must_be_confirmed_first(
    client, sign_in, post_form, deliver_outbox, week
):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    make_user("sam@example.org")
    sign_in("sam@example.org")
    page = client.get(link)
    refused = client.post(link, data={"csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 403
    assert "Please confirm your email address first" in refused.text


def test_a_bad_or_expired_link_says_so(client, sign_in, post_form, deliver_outbox, week):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    assert client.get(link[:-3] + "xyz").status_code == 404
    invitation = db.session.scalar(select(SpeakerInvitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(link)
    assert expired.status_code == 410
    assert "This invitation has expired" in expired.text


def test_someone_with_a_profile_keeps_it_when_they_accept(
    client, sign_in, post_form, deliver_outbox, week
):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    sam = make_user("sam@example.org", email_confirmed_at=utcnow())
    own = make_speaker("Sam Own", user_id=sam.id, bio="My own bio.")
    sign_in("sam@example.org")
    assert _accept(client, link).status_code == 302
    db.session.expire_all()
    # The invited placeholder is gone; their own profile is on the event, with the request.
    assert [s.id for s in db.session.scalars(select(Speaker))] == [own.id]
    [role] = db.session.scalars(select(EventSpeaker)).all()
    assert (role.speaker_id, role.brief) == (own.id, "Please send slides by Friday.")


def test_inviting_someone_twice_to_the_same_event_is_refused(
    client, sign_in, post_form, deliver_outbox, week
):
    _invite(client, sign_in, post_form, deliver_outbox)
    sign_in("olu@example.org")
    again = post_form(
        "/organise/p/week/events/circle/speakers", {"name": "Sam", "email": "sam@example.org"}
    )
    assert again.status_code == 422
    assert "They have already been invited to speak at this event." in again.text
    assert deliver_outbox() == []


def test_removing_a_speaker_withdraws_their_invitation(
    client, sign_in, post_form, deliver_outbox, week
):
    link = _invite(client, sign_in, post_form, deliver_outbox).link("/speaker/invitations/")
    speaker = db.session.scalar(select(Speaker))
    sign_in("olu@example.org")
    remove = f"/organise/p/week/events/circle/speakers/{speaker.id}/remove"
    asked = post_form("/organise/p/week/events/circle/speakers", {}, action=remove)
    assert asked.status_code == 200 and "no longer appears on the event" in asked.text
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 1
    response = post_form(remove, {"confirm": "yes"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 0
    assert client.get(link).status_code == 404


def test_organisers_set_what_they_ask_of_a_speaker(client, sign_in, post_form, week):
    speaker = make_speaker("Kim")
    event = week.events[0]
    event.speaker_roles.append(EventSpeaker(speaker=speaker))
    db.session.commit()
    sign_in("olu@example.org")
    url = f"/organise/p/week/events/circle/speakers/{speaker.id}/brief"
    response = post_form(url, {"role": "host", "brief": "Arrive at 9:30."})
    assert response.status_code == 302
    db.session.expire_all()
    role = db.session.scalar(select(EventSpeaker))
    assert (role.role.value, role.brief) == ("host", "Arrive at 9:30.")


def test_the_events_host_may_invite_speakers_but_other_hosts_may_not(client, sign_in, week):
    north_host = make_user("nia@example.org", email_confirmed_at=utcnow())
    make_host(week, north_host, week.events[0].organisation)
    other = make_user("otto@example.org", email_confirmed_at=utcnow())
    make_host(week, other, make_organisation("Elsewhere"))
    sign_in("nia@example.org")
    assert client.get("/organise/p/week/events/circle/speakers").status_code == 200
    _sign_out(client)
    sign_in("otto@example.org")
    assert client.get("/organise/p/week/events/circle/speakers").status_code == 403


def test_organisers_edit_profiles_only_of_speakers_without_accounts(
    client, sign_in, post_form, week
):
    placeholder = make_speaker("Pat Placeholder")
    claimed_by = make_user("cal@example.org")
    claimed = make_speaker("Cal Claimed", user_id=claimed_by.id)
    event = week.events[0]
    event.speaker_roles.extend([EventSpeaker(speaker=placeholder), EventSpeaker(speaker=claimed)])
    db.session.commit()
    sign_in("olu@example.org")
    listing = client.get("/organise/p/week/speakers/")
    assert "Pat Placeholder" in listing.text
    assert "Kept by them" in listing.text
    edited = post_form(
        f"/organise/p/week/speakers/{placeholder.slug}/edit",
        {"name": "Pat Placeholder", "bio": "Pat works in **housing**."},
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(Speaker, placeholder.id).bio == "Pat works in **housing**."
    assert client.get(f"/organise/p/week/speakers/{claimed.slug}/edit").status_code == 403
    assert client.get("/organise/p/week/speakers/nobody/edit").status_code == 404


def test_the_portal_shows_draft_events_the_person_speaks_at(client, sign_in, week):
    sam = make_user("sam@example.org", email_confirmed_at=utcnow())
    speaker = make_speaker("Sam", user_id=sam.id)
    make_event(
        week,
        "plans",
        title="Still a draft",
        status=EventStatus.DRAFT,
        sessions=0,
        speakers=[(speaker, "speaker")],
    )
    sign_in("sam@example.org")
    page = client.get("/speaker/")
    assert "Still a draft" in page.text
    assert "Not yet published" in page.text
    assert "Not scheduled yet." in page.text
