"""Check-in at the door: ticks, undo, walk-ins once it opens, a cancelled place refused with a
message; the QR code on the confirmation page and email opens the person's check-in for those
who run the event, and nothing for anyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import Activity, Registration, RegistrationStatus
from hls_events.registrations import checkin
from hls_events.registrations.errors import RegistrationError
from hls_events.registrations.queries import registration_list
from hls_events.registrations.services import register
from tests.conftest import csrf_token_from
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_registration,
    make_user,
)

BASE = "/organise/p/week/events/circle/registrations/check-in"


@pytest.fixture
def started(app):
    """An event that began ten minutes ago, with Ada (a place), Bea (cancelled), and a host."""
    olive = make_user("org@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("week", organisers=[olive], starts_on=datetime.now(UTC).date())
    council = make_organisation("Northshire Council")
    event = make_event(
        programme,
        "circle",
        title="Learning circle",
        capacity=1,
        organisation=council,
        starts_at=datetime.now(UTC) - timedelta(minutes=10),
    )
    make_registration(event, make_user("ada@example.org", name="Ada Lovelace"))
    make_registration(
        event, make_user("bea@example.org", name="Bea Gone"), status=RegistrationStatus.CANCELLED
    )
    make_host(programme, make_user("hal@example.org", name="Hal Host"), council)
    return event


def _sign_out(client) -> None:
    page = client.get("/privacy")
    client.post("/account/sign-out", data={"csrf_token": csrf_token_from(page.text)})


def _registration(email: str) -> Registration:
    db.session.expire_all()
    return db.session.scalar(
        select(Registration).join(Registration.user).where(Registration.user.has(email=email))
    )


def test_tick_and_undo_feed_the_attendance_figures_and_the_log(client, sign_in, post_form, started):
    sign_in("org@example.org")
    ada = _registration("ada@example.org")

    page = client.get(BASE)
    assert "Ada Lovelace" in page.text and "0 of 1 arrived." in page.text
    ticked = post_form(BASE, {"arrived": "yes"}, action=f"{BASE}/{ada.id}")
    assert ticked.status_code == 302
    assert _registration("ada@example.org").status == RegistrationStatus.ATTENDED
    assert "1 of 1 arrived." in client.get(ticked.location).text
    organiser = make_user("x@example.org", organiser=True)
    started.programme.organisers.append(organiser)
    counts = registration_list(organiser, started).counts
    assert counts[RegistrationStatus.ATTENDED] == 1

    post_form(BASE, {"arrived": "no"}, action=f"{BASE}/{ada.id}")
    assert _registration("ada@example.org").status == RegistrationStatus.CONFIRMED
    summaries = db.session.scalars(select(Activity.summary).order_by(Activity.id)).all()
    assert summaries == [
        "Checked in Ada Lovelace at Learning circle.",
        "Undid the check-in of Ada Lovelace at Learning circle.",
    ]


def test_a_cancelled_place_is_refused_with_a_message(client, sign_in, post_form, started):
    sign_in("org@example.org")
    bea = _registration("bea@example.org")
    found = client.get(BASE + "?q=bea")
    assert "Bea Gone" in found.text and "Place cancelled" in found.text
    answer = post_form(BASE, {"arrived": "yes"}, action=f"{BASE}/{bea.id}")
    page = client.get(answer.location).text
    assert "Bea Gone&#39;s place was cancelled, so they cannot be checked in." in page
    assert _registration("bea@example.org").status == RegistrationStatus.CANCELLED
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 0


def test_search_finds_by_name_or_email(client, sign_in, started):
    sign_in("org@example.org")
    assert "Ada Lovelace" in client.get(BASE + "?q=LOVE").text
    assert "Ada Lovelace" in client.get(BASE + "?q=ada%40example").text
    nobody = client.get(BASE + "?q=zz%25").text
    assert "Ada Lovelace" not in nobody and "No one matches" in nobody


def test_a_walk_in_is_added_once_the_event_has_started_even_when_full(
    client, sign_in, post_form, started
):
    sign_in("org@example.org")
    answer = post_form(
        BASE, {"name": "Wil Walker", "email": "wil@example.org"}, action=f"{BASE}/walk-in"
    )
    assert answer.status_code == 302
    wil = _registration("wil@example.org")
    assert wil.status == RegistrationStatus.ATTENDED and wil.source == "walk_in"
    # Registering the ordinary way is still refused once the event has started.
    with pytest.raises(RegistrationError):
        register(started.id, email="zed@example.org", name="Zed", ignore_window=True)


def test_a_walk_in_with_bad_details_changes_nothing(client, sign_in, post_form, started):
    sign_in("org@example.org")
    before = db.session.scalar(select(func.count()).select_from(Registration))
    answer = post_form(
        BASE, {"name": "Wil\x00", "email": "not an address"}, action=f"{BASE}/walk-in"
    )
    assert answer.status_code in (400, 422)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == before


def test_check_in_opens_an_hour_before_the_start(app):
    olive = make_user("org@example.org", organiser=True)
    programme = make_programme("week", organisers=[olive])
    event = make_event(programme, "later", starts_at=datetime.now(UTC) + timedelta(hours=3))
    ada = make_registration(event, make_user("ada@example.org"))
    with pytest.raises(RegistrationError, match="Check-in opens an hour before the event starts"):
        checkin.check_in(event.id, ada.id)
    with pytest.raises(RegistrationError, match="Check-in opens"):
        checkin.add_walk_in(event.id, "wil@example.org", "Wil")
    assert _registration("ada@example.org").status == RegistrationStatus.CONFIRMED
    soon = datetime.now(UTC) + timedelta(hours=2, minutes=30)
    assert checkin.check_in(event.id, ada.id, now=soon).status == RegistrationStatus.ATTENDED


def test_the_confirmation_carries_a_qr_code_that_opens_the_check_in(
    client, sign_in, started, deliver_outbox
):
    later = make_event(
        started.programme,
        "later",
        title="Later talk",
        organisation=started.organisation,
        starts_at=datetime.now(UTC) + timedelta(days=2),
    )
    outcome = register(later.id, email="cat@example.org", name="Cat Coming")
    [mail] = deliver_outbox()
    assert mail.attachment("check-in-qr-code.png").get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "show the QR code attached" in mail.text
    manage = [link for link in mail.links if "/registrations/" in link and "/cancel" not in link]
    page = client.get(manage[0])
    assert "<svg" in page.text and "Show this QR code when you arrive" in page.text

    registration = db.session.get(Registration, outcome.registration_id)
    with client.application.test_request_context():
        url = checkin.check_in_url(registration)
    # Not signed in: sent to sign in. Someone else: nothing. The organiser: the person.
    assert client.get(url).status_code == 302
    sign_in(make_user("someone@example.org").email)
    assert client.get(url).status_code == 404
    assert "Cat Coming" not in client.get(url).text
    _sign_out(client)
    sign_in("hal@example.org")
    host_view = client.get(url)
    assert host_view.status_code == 200 and "Cat Coming" in host_view.text


def test_an_unknown_qr_code_is_a_clear_not_found(client, sign_in, started):
    sign_in("org@example.org")
    answer = client.get("/check-in/not-a-real-code")
    assert answer.status_code == 404
    assert "This code does not open a check-in" in answer.text


def test_hosts_of_other_organisations_cannot_check_in(client, sign_in, started):
    other = make_organisation("Elsewhere Trust")
    make_host(started.programme, make_user("oth@example.org"), other)
    sign_in("oth@example.org")
    assert client.get(BASE).status_code == 403


@pytest.mark.parametrize("target", ["/99999999999999999999999", "/0"])
def test_ticking_no_such_registration_changes_nothing(client, sign_in, post_form, started, target):
    sign_in("org@example.org")
    answer = post_form(BASE, {"arrived": "yes"}, action=BASE + target)
    assert answer.status_code in (302, 404)
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_hostile_search_is_harmless(client, sign_in, started):
    sign_in("org@example.org")
    assert client.get(BASE + "?q=" + "%25_" * 300).status_code in (200, 400)
    assert client.get(BASE + "?q=a%00b").status_code in (200, 400)
    assert client.get("/check-in/" + "x" * 2000).status_code == 404


def test_adding_someone_after_the_start_points_to_the_walk_in(client, sign_in, post_form, started):
    sign_in("org@example.org")
    add = "/organise/p/week/events/circle/registrations/add"
    answer = post_form(add, {"name": "Zed", "email": "zed@example.org"})
    assert answer.status_code == 422
    assert "add them as a walk-in on the Check-in page" in answer.text


def test_hosts_find_only_people_who_shared_their_name_or_by_their_full_email(
    client, sign_in, started
):
    sign_in("hal@example.org")
    by_name = client.get(BASE + "?q=lovelace").text
    assert "Ada Lovelace" not in by_name and "No one matches" in by_name
    by_email = client.get(BASE + "?q=ada%40example.org").text
    assert "Name not shared with hosts" in by_email and "Ada Lovelace" not in by_email
    assert "Arrived" in by_email  # they can still check her in


def test_scanning_a_cancelled_place_says_so_and_offers_no_check_in(client, sign_in, started):
    bea = _registration("bea@example.org")
    with client.application.test_request_context():
        url = checkin.check_in_url(bea)
    sign_in("org@example.org")
    page = client.get(url)
    assert page.status_code == 200
    assert "Bea Gone's place was cancelled, so they cannot be checked in." in page.text
    assert "Check in</button>" not in page.text
