"""A signed-in person proposes an event in answer to an open call: drafts, submitting, editing
until the call closes, withdrawing, and the emails each step sends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    ProgrammeStatus,
    Proposal,
    ProposalStatus,
    utcnow,
)
from tests.conftest import csrf_token_from
from tests.factories import make_call, make_programme, make_proposal, make_user
from tests.proposals.conftest import proposal_data, sign_out


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal))


def test_the_call_is_public_once_open_even_while_the_programme_is_a_draft(client, organiser):
    plans = make_programme("plans", organisers=[organiser], status=ProgrammeStatus.DRAFT)
    make_call(plans, guidance="Offer a *learning circle*.<script>alert(1)</script>")

    assert client.get("/p/plans/").status_code == 404
    page = client.get("/p/plans/call/")
    assert page.status_code == 200
    assert "<em>learning circle</em>" in page.text
    assert "<script>alert" not in page.text
    assert "Propose an event" in page.text


def test_a_call_not_yet_open_is_seen_by_its_organisers_only(client, sign_in, week, organiser):
    make_call(week, opens_at=utcnow() + timedelta(days=2))
    assert client.get("/p/week/call/").status_code == 404
    sign_in("olu@example.org")
    page = client.get("/p/week/call/")
    assert page.status_code == 200
    assert "Only the programme's organisers can see this page until it opens" in page.text


def test_proposing_needs_an_account(client, call):
    response = client.get("/p/week/call/propose")
    assert response.status_code == 302
    assert "/account/sign-in" in response.location


def test_a_host_saves_a_draft_then_submits_it(
    client, sign_in, post_form, deliver_outbox, call, host
):
    sign_in("hana@example.org")
    saved = post_form(
        "/p/week/call/propose",
        proposal_data(call, submit=False, summary="", format="", mode="", duration_minutes=""),
    )
    assert saved.status_code == 302, saved.text
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.proposer_id == host.id
    assert proposal.format is None
    # A draft is the proposer's alone, and nobody is emailed.
    assert deliver_outbox() == []

    page = client.get(saved.location)
    assert "This is a draft: only you can see it" in page.text
    submitted = post_form(f"/proposals/{proposal.id}/edit", proposal_data(call))
    assert submitted.status_code == 302, submitted.text
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.format.value == "workshop"
    assert proposal.duration_minutes == 90
    assert proposal.may_be_recorded is True
    assert [(s.name, s.email) for s in proposal.speakers] == [("Sam Speaker", "sam@example.org")]
    assert [a.value for a in proposal.answers] == ["People who run services."]

    mails = deliver_outbox()
    by_recipient = {mail.to: mail for mail in mails}
    assert set(by_recipient) == {"hana@example.org", "olu@example.org"}
    assert "We have your proposal" in by_recipient["hana@example.org"].subject
    assert "New proposal for HLS Week" in by_recipient["olu@example.org"].subject
    organiser_link = by_recipient["olu@example.org"].link("/organise/p/week/proposals/")
    assert organiser_link.endswith(f"/proposals/{proposal.id}/")
    # Speakers hear nothing until the proposal is accepted.
    assert "sam@example.org" not in by_recipient


def test_submitting_needs_the_whole_proposal_and_saves_nothing_otherwise(
    client, sign_in, post_form, call, host
):
    sign_in("hana@example.org")
    response = post_form(
        "/p/week/call/propose",
        proposal_data(
            call,
            summary="",
            format="",
            organisation_name="",
            **{f"answer_{call.questions[0].id}": ""},
        ),
    )
    assert response.status_code == 422
    for message in (
        "Enter a summary.",
        "Choose a format.",
        "Enter the organisation hosting it.",
        "Answer this question.",
    ):
        assert message in response.text
    assert _count() == 0


def test_a_speaker_needs_a_name_and_an_email_and_is_named_once(
    client, sign_in, post_form, call, host
):
    sign_in("hana@example.org")
    response = post_form(
        "/p/week/call/propose",
        proposal_data(
            call,
            **{
                "speakers-0-email": "",
                "speakers-1-name": "Sam Again",
                "speakers-1-email": "not-an-email",
            },
        ),
    )
    assert response.status_code == 422
    assert "Speaker 1: Enter the speaker&#39;s email address" in response.text
    assert "Enter an email address like name@example.org." in response.text
    twice = post_form(
        "/p/week/call/propose",
        proposal_data(
            call, **{"speakers-1-name": "Sam Twice", "speakers-1-email": "SAM@example.org"}
        ),
    )
    assert twice.status_code == 422
    assert "Name each speaker once." in twice.text
    assert _count() == 0


def test_a_format_not_on_offer_is_refused(client, sign_in, post_form, call, host):
    sign_in("hana@example.org")
    response = post_form("/p/week/call/propose", proposal_data(call, format="panel"))
    assert response.status_code == 422
    assert _count() == 0


def test_a_proposal_after_the_call_closes_is_refused_and_nothing_is_saved(
    client, sign_in, post_form, call, host
):
    sign_in("hana@example.org")
    page = client.get("/p/week/call/propose")
    token = csrf_token_from(page.text)
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    response = client.post(
        "/p/week/call/propose", data={**proposal_data(call), "csrf_token": token}
    )
    assert response.status_code == 403
    assert "The call for events for HLS Week closed on" in response.text
    assert "nothing was saved" in response.text
    assert _count() == 0
    assert client.get("/p/week/call/propose").status_code == 403


def test_a_proposal_can_be_changed_until_the_call_closes(client, sign_in, post_form, call, host):
    proposal = make_proposal(call.programme, host, title="First title")
    sign_in("hana@example.org")
    changed = post_form(f"/proposals/{proposal.id}/edit", proposal_data(call, title="Better"))
    assert changed.status_code == 302

    page = client.get(f"/proposals/{proposal.id}/edit")
    token = csrf_token_from(page.text)
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = client.post(
        f"/proposals/{proposal.id}/edit",
        data={**proposal_data(call, title="Too late"), "csrf_token": token},
    )
    assert late.status_code == 403
    assert "The call for events has closed" in late.text
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "Better"
    assert "Edit the proposal" not in client.get(f"/proposals/{proposal.id}/").text


def test_asked_for_changes_the_proposer_may_edit_after_the_call_closes(
    client, sign_in, post_form, deliver_outbox, call, host
):
    proposal = make_proposal(
        call.programme, host, status=ProposalStatus.CHANGES_REQUESTED, title="Needs work"
    )
    call.closes_at = utcnow() - timedelta(days=1)
    db.session.commit()
    sign_in("hana@example.org")
    response = post_form(f"/proposals/{proposal.id}/edit", proposal_data(call, title="Reworked"))
    assert response.status_code == 302, response.text
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.SUBMITTED
    subjects = sorted(mail.subject for mail in deliver_outbox())
    assert subjects == [
        "Changed proposal for HLS Week: Reworked",
        "We have your changes to Reworked",
    ]


def test_withdrawing_at_any_time_tells_the_organisers(
    client, sign_in, post_form, deliver_outbox, call, host
):
    submitted = make_proposal(call.programme, host, title="Submitted one")
    accepted = make_proposal(
        call.programme, host, status=ProposalStatus.ACCEPTED, title="Accepted one"
    )
    draft = make_proposal(call.programme, host, status=ProposalStatus.DRAFT, title="Draft one")
    call.closes_at = utcnow() - timedelta(days=1)
    db.session.commit()
    sign_in("hana@example.org")
    for proposal in (submitted, accepted, draft):
        response = post_form(
            f"/proposals/{proposal.id}/", {}, action=f"/proposals/{proposal.id}/withdraw"
        )
        assert response.status_code == 302
    db.session.expire_all()
    assert {p.status for p in db.session.scalars(select(Proposal))} == {ProposalStatus.WITHDRAWN}
    mails = deliver_outbox()
    to_organiser = sorted(m.subject for m in mails if m.to == "olu@example.org")
    assert to_organiser == [
        "Withdrawn proposal for HLS Week: Accepted one",
        "Withdrawn proposal for HLS Week: Submitted one",
    ]
    accepted_mail = next(
        m for m in mails if "Accepted one" in m.subject and m.to == "olu@example.org"
    )
    assert "decide what happens to its event" in accepted_mail.text
    assert len([m for m in mails if m.to == "hana@example.org"]) == 2

    again = post_form(
        f"/proposals/{submitted.id}/", {}, action=f"/proposals/{submitted.id}/withdraw"
    )
    assert again.status_code == 302
    assert "cannot be withdrawn" in client.get(again.location).text


def test_a_proposal_is_its_proposers_own(client, sign_in, call, host, organiser):
    draft = make_proposal(call.programme, host, status=ProposalStatus.DRAFT)
    submitted = make_proposal(call.programme, host)
    make_user("stranger@example.org", email_confirmed_at=utcnow())

    sign_in("stranger@example.org")
    for proposal in (draft, submitted):
        assert client.get(f"/proposals/{proposal.id}/").status_code == 404
        assert client.get(f"/proposals/{proposal.id}/edit").status_code == 404

    sign_out(client)
    sign_in("olu@example.org")
    assert client.get(f"/proposals/{draft.id}/").status_code == 404
    view = client.get(f"/proposals/{submitted.id}/")
    assert view.status_code == 302
    assert view.location.endswith(f"/organise/p/week/proposals/{submitted.id}/")
    assert client.get(f"/proposals/{submitted.id}/edit").status_code == 403
    # Drafts are not among the organisers' proposals either.
    assert client.get(f"/organise/p/week/proposals/{draft.id}/").status_code == 404


def test_my_proposals_lists_open_calls_and_my_proposals(client, sign_in, call, host):
    make_proposal(call.programme, host, title="Mine")
    other = make_user("other@example.org")
    make_proposal(call.programme, other, title="Not mine")
    sign_in("hana@example.org")
    page = client.get("/proposals/")
    assert page.status_code == 200
    assert "Mine" in page.text
    assert "Not mine" not in page.text
    assert 'href="/p/week/call/"' in page.text


def test_the_programme_page_points_to_an_open_call(client, call):
    page = client.get("/p/week/")
    assert "Hosts can propose events until" in page.text
    assert 'href="/p/week/call/"' in page.text
