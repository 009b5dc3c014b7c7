"""Registering for several events of a programme in one go, from the programme page."""

from __future__ import annotations

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    EventStatus,
    OutboxMessage,
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    User,
)
from hls_events.registrations.organiser_actions import update_settings
from tests.factories import make_event

SEVERAL = "/p/hls-week/register"
PERSON = {"name": "Ada Lovelace", "email": "ada@example.org", "sector": "charity"}


def three_events(programme):
    return [
        make_event(programme, "learning-circle", title="Learning Circle", capacity=3),
        make_event(programme, "story-session", title="Story Session", capacity=0),
        make_event(programme, "site-visit", title="Site Visit", capacity=10),
    ]


def test_the_programme_page_lets_people_tick_open_events_in_the_schedule(client, programme):
    three_events(programme)
    make_event(programme, "draft", title="Draft Event", status=EventStatus.DRAFT)
    page = client.get("/p/hls-week/")
    assert "Register for several events" in page.text
    assert 'id="several-form"' in page.text
    for slug in ("learning-circle", "site-visit"):
        assert f'value="{slug}" id="several-{slug}-' in page.text
    # A full event is not offered: it says where it stands instead.
    assert 'value="story-session"' not in page.text
    assert "Full: join the waiting list" in page.text
    assert 'Choose to register<span class="visually-hidden">: Site Visit</span>' in page.text
    assert 'value="draft"' not in page.text
    chosen = client.get(SEVERAL + "?events=learning-circle&events=site-visit")
    assert chosen.status_code == 200
    assert 'value="learning-circle" id="event-learning-circle" checked' in chosen.text
    assert 'value="story-session" id="event-story-session">' in chosen.text


def test_registering_for_several_at_once(client, programme, post_form, deliver_outbox):
    learning, story, visit = three_events(programme)
    update_settings(story.id, capacity=0, opens_at=None, closes_at=None, waitlist=True)
    answer = post_form(
        SEVERAL, {**PERSON, "events": ["learning-circle", "story-session", "site-visit"]}
    )
    assert answer.status_code == 200
    assert "You have a place." in answer.text
    assert "You are number 1 on the waiting list." in answer.text
    rows = {
        r.event_id: r.status
        for r in db.session.scalars(select(Registration).order_by(Registration.event_id))
    }
    assert rows == {
        learning.id: RegistrationStatus.CONFIRMED,
        story.id: RegistrationStatus.WAITLISTED,
        visit.id: RegistrationStatus.CONFIRMED,
    }
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    subjects = sorted(m.subject for m in deliver_outbox())
    assert subjects == [
        "You are on the waiting list for Story Session",
        "You have a place at Learning Circle",
        "You have a place at Site Visit",
    ]


def test_events_that_cannot_take_them_are_reported_and_the_rest_registered(
    client, programme, post_form, sign_up
):
    _learning, story, visit = three_events(programme)
    update_settings(story.id, capacity=0, opens_at=None, closes_at=None, waitlist=False)
    sign_up(visit, "ada@example.org")
    answer = post_form(
        SEVERAL, {**PERSON, "events": ["learning-circle", "story-session", "site-visit"]}
    )
    assert answer.status_code == 200
    assert "Not registered: This event is full, and it has no waiting list." in answer.text
    assert "Not registered: You are already registered for this event." in answer.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2


def test_when_none_can_be_registered_nothing_changes(client, programme, post_form):
    _learning, story, _visit = three_events(programme)
    update_settings(story.id, capacity=0, opens_at=None, closes_at=None, waitlist=False)
    answer = post_form(SEVERAL, {**PERSON, "events": ["story-session"]})
    assert answer.status_code == 409
    assert "You were not registered for any of those events." in answer.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_choosing_nothing_or_leaving_out_an_answer_is_explained(client, programme, post_form):
    _learning, _story, visit = three_events(programme)
    question = RegistrationQuestion(
        programme_id=programme.id,
        event_id=visit.id,
        label="Do you need parking?",
        kind=QuestionKind.SINGLE_CHOICE,
        choices_text="Yes\nNo",
        required=True,
    )
    db.session.add(question)
    db.session.commit()
    nothing = post_form(SEVERAL, PERSON)
    assert nothing.status_code == 422 and "Choose at least one event." in nothing.text
    missing = post_form(SEVERAL, {**PERSON, "events": ["site-visit"]})
    assert missing.status_code == 422
    assert "Answer “Do you need parking?”." in missing.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    done = post_form(SEVERAL, {**PERSON, "events": ["site-visit"], f"question_{question.id}": "No"})
    assert done.status_code == 200


def test_a_signed_in_person_trying_again_is_shown_the_registrations_they_have(
    client, programme, post_form, sign_in
):
    """The first answer lost on the way: the second try shows what the first one made."""
    from tests.factories import make_user

    three_events(programme)
    user = make_user("grace@example.org", name="Grace Hopper")
    sign_in(user.email)
    chosen = {"sector": "charity", "events": ["learning-circle", "site-visit"]}
    assert post_form(SEVERAL, chosen).status_code == 200
    messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    again = post_form(SEVERAL, chosen)

    assert again.status_code == 200
    assert again.text.count("You already have a registration for this event") == 2
    links = [part.split('"')[0] for part in again.text.split('href="/registrations/')[1:]]
    assert len(links) == 2
    assert all(client.get(f"/registrations/{link}").status_code == 200 for link in links)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == messages
