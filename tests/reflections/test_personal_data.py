"""What happens to a person's reflections when they leave, and what their data export holds.

The accounts area calls these (see the report to the accounts engineer)."""

from __future__ import annotations

from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import Attribution, Reflection, Visibility
from hls_events.reflections import personal_data, services
from hls_events.reflections.services import ReflectionDraft
from tests.factories import make_event, make_reflection, make_registration


def _two_reflections(past):
    shared = make_reflection(past.event, past.attendee, "Shared words.")
    other_event = make_event(past.programme, starts_at=past.event.sessions[0].starts_at)
    make_registration(other_event, past.attendee)
    private = make_reflection(
        other_event, past.attendee, "Private words.", visibility=Visibility.PRIVATE
    )
    return shared.id, private.id


def test_leaving_and_keeping_shared_reflections_unsigned(app, past):
    shared_id, private_id = _two_reflections(past)
    personal_data.settle_reflections_of(past.attendee.id, keep_anonymously=True)
    db.session.commit()
    shared = db.session.get(Reflection, shared_id)
    assert shared.author_id is None
    assert shared.attribution == Attribution.ANONYMOUS
    assert db.session.get(Reflection, private_id) is None


def test_leaving_and_taking_everything(app, past):
    _two_reflections(past)
    personal_data.settle_reflections_of(past.attendee.id, keep_anonymously=False)
    db.session.commit()
    assert db.session.scalar(select(Reflection)) is None


def test_a_deleted_account_leaves_no_name_behind(client, past):
    shared_id, _ = _two_reflections(past)
    db.session.delete(past.attendee)
    db.session.commit()
    page = client.get(f"/practice/reflections/{shared_id}")
    assert page.status_code == 200
    assert "Ada Attendee" not in page.text
    assert "Anonymous" in page.text


def test_the_data_export_holds_reflections_and_the_consents_given(app, past):
    services.save_reflection(
        past.event.id,
        past.attendee.id,
        ReflectionDraft(
            answers=["Mine.", "", "", ""], visibility="organisers", attribution="anonymous"
        ),
    )
    [item] = personal_data.personal_data(past.attendee.id)
    assert item["event"] == "Learning Circle"
    assert item["answers"][0]["answer"] == "Mine."
    assert item["visibility"] == "organisers"
    assert "The organisers and hosts" in item["consents"][0]["wording"]
    assert personal_data.personal_data(999) == []
