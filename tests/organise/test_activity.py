"""The programme's activity log: who did what, when; for its organisers; in the actor's
personal-data export."""

from __future__ import annotations

from sqlalchemy import select

from hls_events.accounts.personal_data import export_personal_data
from hls_events.extensions import db
from hls_events.models import Activity
from tests.factories import make_event, make_programme, make_user

BASE = "/organise/p/week/events/circle/"


def test_publishing_cancelling_and_emailing_are_logged_with_who_did_it(client, sign_in, post_form):
    olive = make_user("org@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("week", organisers=[olive])
    event = make_event(programme, "circle", title="Learning circle")
    sign_in("org@example.org")

    post_form(BASE, {"confirm": "yes"}, action=BASE + f"sessions/{event.sessions[0].id}/remove")
    post_form(BASE, {"confirm": "yes"}, action=BASE + "status/cancelled")
    post_form(
        BASE + "registrations/email",
        {"audience": "both", "subject": "Sorry", "message": "It is off.", "confirm": "yes"},
    )

    page = client.get("/organise/p/week/activity").text
    assert "Cancelled a session of Learning circle." in page
    assert "Cancelled the event Learning circle." in page
    assert "Emailed 0 people registered for Learning circle: “Sorry”." in page
    assert page.count("Olive Organiser") >= 3
    actions = db.session.scalars(select(Activity.action).order_by(Activity.id)).all()
    assert actions == ["cancelled", "cancelled", "emailed"]
    exported = export_personal_data(olive.id)["programme_activity"]
    assert [line["summary"] for line in exported][:2] == [
        "Cancelled a session of Learning circle.",
        "Cancelled the event Learning circle.",
    ]


def test_the_log_is_for_organisers_only(client, sign_in):
    make_programme("week", organisers=[make_user("org@example.org", organiser=True)])
    make_user("someone@example.org")
    sign_in("someone@example.org")

    assert client.get("/organise/p/week/activity").status_code in (403, 404)
