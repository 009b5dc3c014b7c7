"""The activity log also records accepted proposals, check-ins and messages sent, and the
actor's personal-data export carries the lines they made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hls_events.accounts.personal_data import export_personal_data
from hls_events.extensions import db
from hls_events.models import Activity, ProposalStatus, utcnow
from hls_events.proposals.review import accept_proposal
from tests.factories import (
    make_call,
    make_event,
    make_programme,
    make_proposal,
    make_registration,
    make_user,
)


def test_accepting_a_proposal_is_logged(app):
    olu = make_user("olu@example.org", organiser=True, name="Olu Organiser")
    programme = make_programme("week", organisers=[olu])
    make_call(programme)
    proposal = make_proposal(
        programme,
        make_user("hana@example.org"),
        title="Listening well",
        status=ProposalStatus.SUBMITTED,
    )
    accept_proposal(proposal, olu, "", utcnow())
    line = db.session.scalar(select(Activity).where(Activity.action == "proposal_accepted"))
    assert line.summary == "Accepted the proposal “Listening well”: it is a draft event now."
    assert line.programme_id == programme.id


def test_a_check_in_is_logged_and_in_the_actors_export(client, sign_in, post_form, app):
    olu = make_user("olu@example.org", organiser=True, name="Olu Organiser")
    programme = make_programme("week", organisers=[olu], starts_on=datetime.now(UTC).date())
    event = make_event(
        programme,
        "circle",
        title="Learning circle",
        starts_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    ada = make_registration(event, make_user("ada@example.org", name="Ada Lovelace"))
    sign_in("olu@example.org")
    base = "/organise/p/week/events/circle/registrations/check-in"
    assert post_form(base, {"arrived": "yes"}, action=f"{base}/{ada.id}").status_code == 302

    exported = export_personal_data(olu.id)["programme_activity"]
    assert [line["summary"] for line in exported] == ["Checked in Ada Lovelace at Learning circle."]
    assert exported[0]["action"] == "checked_in"
    assert export_personal_data(ada.user_id)["programme_activity"] == []
