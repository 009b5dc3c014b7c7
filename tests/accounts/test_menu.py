"""The signed-in header offers "Speaking" and "Organise" only to the people they are for."""

from __future__ import annotations

from hls_events.accounts.menu import Menu, menu_of
from tests.factories import (
    make_host,
    make_organisation,
    make_programme,
    make_speaker,
    make_user,
)


def test_an_attendee_is_offered_neither(app):
    assert menu_of(make_user()) == Menu(speaking=False, organising=False)


def test_organisers_hosts_and_people_who_may_start_programmes_are_offered_organise(app):
    organiser = make_user()
    make_programme("week", organisers=[organiser])
    host = make_user()
    make_host(make_programme("other"), host, make_organisation())
    starter = make_user(organiser=True)
    for person in (organiser, host, starter):
        assert menu_of(person) == Menu(speaking=False, organising=True)


def test_a_speaker_is_offered_speaking(app):
    person = make_user()
    make_speaker("Amira Patel", user_id=person.id)
    assert menu_of(person) == Menu(speaking=True, organising=False)


def test_the_header_follows_the_menu(client, sign_in):
    make_user("ada@example.org")
    sign_in("ada@example.org")
    page = client.get("/my-events").text
    assert 'href="/my-events"' in page
    assert 'href="/organise/"' not in page and 'href="/speaker/"' not in page
