"""Organisers open the call, read proposals with filters, comment, ask for changes, accept
(which makes a draft event with the proposal's speakers) or decline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    CallForEvents,
    Event,
    EventFormat,
    EventStatus,
    ProgrammeHost,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    Speaker,
    SpeakerInvitation,
    utcnow,
)
from tests.conftest import csrf_token_from
from tests.factories import make_proposal, make_speaker, make_theme, make_user


def _proposal_page(proposal: Proposal) -> str:
    return f"/organise/p/week/proposals/{proposal.id}/"


def test_an_organiser_opens_a_call_and_changes_it_keeping_answers(
    client, sign_in, post_form, week, organiser, host
):
    sign_in("olu@example.org")
    opens = (utcnow() + timedelta(days=1)).astimezone(week.zone)
    data = {
        "guidance": "Small events, please.",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "formats": ["workshop", "learning_circle"],
        "themes": [str(week.themes[0].id)],
        "questions": "Who is it for?\nWhat will people take away?",
    }
    response = post_form("/organise/p/week/call", data)
    assert response.status_code == 302, response.text
    call = db.session.scalar(select(CallForEvents))
    assert [f.value for f in call.formats] == ["workshop", "learning_circle"]
    assert [q.text for q in call.questions] == ["Who is it for?", "What will people take away?"]
    kept = call.questions[0]
    proposal = make_proposal(week, host)
    db.session.add(ProposalAnswer(proposal=proposal, question_id=kept.id, value="Everyone"))
    db.session.commit()

    data["questions"] = "What will people take away?\nWho is it for?\nHow will you follow up?"
    assert post_form("/organise/p/week/call", data).status_code == 302
    db.session.expire_all()
    call = db.session.scalar(select(CallForEvents))
    assert [q.text for q in call.questions] == [
        "What will people take away?",
        "Who is it for?",
        "How will you follow up?",
    ]
    assert db.session.scalar(select(ProposalAnswer.value)) == "Everyone"


def test_a_call_must_close_after_it_opens(client, sign_in, post_form, week, organiser):
    sign_in("olu@example.org")
    response = post_form(
        "/organise/p/week/call",
        {"opens_at": "2030-05-02T10:00", "closes_at": "2030-05-01T10:00"},
    )
    assert response.status_code == 422
    assert "The call must close after it opens." in response.text
    assert db.session.scalar(select(func.count()).select_from(CallForEvents)) == 0


def test_organisers_filter_proposals_with_a_fixed_number_of_queries(
    client, sign_in, call, host, count_queries
):
    theme = make_theme("Learning culture")
    for number in range(3):
        make_proposal(call.programme, host, title=f"Workshop {number}")
    circle = make_proposal(
        call.programme,
        host,
        title="A learning circle",
        format=EventFormat.LEARNING_CIRCLE,
        organisation_name="Northshire Trust",
        speakers=[("Sam", "sam@example.org")],
    )
    circle.themes = [theme]
    db.session.commit()
    make_proposal(call.programme, host, title="Hidden draft", status=ProposalStatus.DRAFT)
    sign_in("olu@example.org")

    page = client.get("/organise/p/week/proposals/")
    assert page.status_code == 200
    assert "4 proposals." in page.text
    assert "Hidden draft" not in page.text
    assert "Submitted: 4" in page.text

    assert (
        "1 proposal matches"
        in client.get("/organise/p/week/proposals/?format=learning_circle").text
    )
    assert (
        "1 proposal matches"
        in client.get("/organise/p/week/proposals/?theme=learning-culture").text
    )
    assert "1 proposal matches" in client.get("/organise/p/week/proposals/?q=northshire").text
    assert "0 proposals match" in client.get("/organise/p/week/proposals/?q=%25").text
    assert "0 proposals match" in client.get("/organise/p/week/proposals/?q=_").text
    assert "0 proposals match" in client.get("/organise/p/week/proposals/?status=accepted").text
    # Nonsense filters are ignored rather than failing.
    assert "4 proposals." in client.get("/organise/p/week/proposals/?status=nonsense").text

    week = call.programme
    db.session.expunge_all()
    with count_queries() as few:
        client.get("/organise/p/week/proposals/")
    programme = db.session.merge(week)
    host = db.session.merge(host)
    for number in range(10):
        make_proposal(programme, host, title=f"More {number}", speakers=[("A", f"a{number}@x.org")])
    db.session.expunge_all()
    with count_queries() as many:
        client.get("/organise/p/week/proposals/")
    assert len(many) == len(few)


def test_comments_reach_the_proposer_unless_internal(
    client, sign_in, post_form, deliver_outbox, call, host
):
    proposal = make_proposal(call.programme, host, title="Circle")
    sign_in("olu@example.org")
    page = _proposal_page(proposal)
    assert (
        post_form(page, {"body": "Could it be shorter?"}, action=page + "comments").status_code
        == 302
    )
    assert (
        post_form(
            page, {"body": "Strong host, but busy.", "internal": "y"}, action=page + "comments"
        ).status_code
        == 302
    )
    organiser_view = client.get(page).text
    assert "Could it be shorter?" in organiser_view
    assert "Strong host, but busy." in organiser_view
    [mail] = deliver_outbox()
    assert mail.to == "hana@example.org"
    assert "Could it be shorter?" in mail.text
    assert "busy" not in mail.text

    client.get("/privacy")
    client.post(
        "/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/privacy").text)}
    )
    sign_in("hana@example.org")
    mine = client.get(f"/proposals/{proposal.id}/").text
    assert "Could it be shorter?" in mine
    assert "Strong host" not in mine
    reply = post_form(
        f"/proposals/{proposal.id}/",
        {"body": "Yes, an hour works."},
        action=f"/proposals/{proposal.id}/comments",
    )
    assert reply.status_code == 302
    [to_organiser] = deliver_outbox()
    assert to_organiser.to == "olu@example.org"
    assert "Yes, an hour works." in to_organiser.text


def test_asking_for_changes_needs_a_message_and_emails_the_proposer(
    client, sign_in, post_form, deliver_outbox, call, host
):
    proposal = make_proposal(call.programme, host, title="Circle")
    sign_in("olu@example.org")
    page = _proposal_page(proposal)
    empty = post_form(page, {"changes-message": ""}, action=page + "request-changes")
    assert empty.status_code == 422
    assert "Say what you would like changed." in empty.text
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SUBMITTED

    asked = post_form(
        page, {"changes-message": "Please add captions."}, action=page + "request-changes"
    )
    assert asked.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.CHANGES_REQUESTED
    [mail] = deliver_outbox()
    assert mail.subject == "Changes asked for: Circle"
    assert "Please add captions." in mail.text


def test_accepting_makes_a_draft_event_with_the_speakers_and_a_host(
    client, sign_in, post_form, deliver_outbox, call, host
):
    existing_speaker = make_user("kim@example.org", name="Kim", email_confirmed_at=utcnow())
    make_speaker("Kim Existing", user_id=existing_speaker.id)
    proposal = make_proposal(
        call.programme,
        host,
        title="Listening well",
        summary="On listening.",
        description="Longer.",
        format=EventFormat.LEARNING_CIRCLE,
        expected_capacity=25,
        access_arrangements="Captions.",
        may_be_recorded=True,
        organisation_name="Gateshead Council",
        speakers=[("Sam Speaker", "sam@example.org"), ("Kim", "KIM@example.org")],
    )
    proposal.themes = list(call.programme.themes)
    db.session.commit()
    sign_in("olu@example.org")
    page = _proposal_page(proposal)
    response = post_form(page, {"accept-message": "Welcome aboard."}, action=page + "accept")
    assert response.status_code == 302
    assert response.location.endswith("/organise/p/week/events/listening-well/")

    event = db.session.scalar(select(Event))
    assert event.status == EventStatus.DRAFT
    assert (event.title, event.summary, event.description) == (
        "Listening well",
        "On listening.",
        "Longer.",
    )
    assert event.format == EventFormat.LEARNING_CIRCLE
    assert event.capacity == 25
    assert event.is_recorded is True
    assert event.access_arrangements == "Captions."
    assert event.organisation.name == "Gateshead Council"
    assert [t.name for t in event.themes] == ["Relational practice"]
    assert [role.speaker.name for role in event.speaker_roles] == ["Sam Speaker", "Kim Existing"]
    # Kim already had a profile, so it is used; Sam gets a new one to claim.
    sam = db.session.scalar(select(Speaker).where(Speaker.name == "Sam Speaker"))
    assert sam.user_id is None
    assert db.session.scalar(select(func.count()).select_from(SpeakerInvitation)) == 2
    hosts = db.session.scalars(select(ProgrammeHost)).all()
    assert [(h.user_id, h.organisation.name) for h in hosts] == [(host.id, "Gateshead Council")]
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.event_id == event.id

    mails = {mail.to: mail for mail in deliver_outbox()}
    assert set(mails) == {"hana@example.org", "sam@example.org", "kim@example.org"}
    assert mails["hana@example.org"].subject == "Accepted: Listening well"
    assert "Welcome aboard." in mails["hana@example.org"].text
    assert mails["sam@example.org"].subject == "You are invited to speak at Listening well"
    assert "/speaker/invitations/" in mails["sam@example.org"].link("/speaker/invitations/")

    # The proposer now hosts the event and can open it in the organiser area.
    client.post(
        "/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/privacy").text)}
    )
    sign_in("hana@example.org")
    assert client.get("/organise/p/week/events/listening-well/").status_code == 200


def test_a_second_decision_is_refused_and_changes_nothing(
    client, sign_in, post_form, deliver_outbox, call, host
):
    proposal = make_proposal(call.programme, host, title="Twice")
    sign_in("olu@example.org")
    page = _proposal_page(proposal)
    token = csrf_token_from(client.get(page).text)
    first = client.post(page + "accept", data={"csrf_token": token})
    assert first.status_code == 302
    deliver_outbox()
    second = client.post(page + "accept", data={"csrf_token": token}, follow_redirects=True)
    assert "This proposal is accepted, so nothing was changed." in second.text
    declined = client.post(page + "decline", data={"csrf_token": token}, follow_redirects=True)
    assert "This proposal is accepted, so nothing was changed." in declined.text
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.ACCEPTED
    assert deliver_outbox() == []


def test_declining_emails_the_proposer(client, sign_in, post_form, deliver_outbox, call, host):
    proposal = make_proposal(call.programme, host, title="Not this time")
    sign_in("olu@example.org")
    page = _proposal_page(proposal)
    response = post_form(page, {"decline-message": "We had many circles."}, action=page + "decline")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.DECLINED
    [mail] = deliver_outbox()
    assert mail.to == "hana@example.org"
    assert "We had many circles." in mail.text
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_hosts_and_others_cannot_review(client, sign_in, call, host):
    proposal = make_proposal(call.programme, host)
    sign_in("hana@example.org")
    assert client.get("/organise/p/week/proposals/").status_code == 403
    assert client.get(_proposal_page(proposal)).status_code == 403
    assert client.get("/organise/p/week/call").status_code == 403
