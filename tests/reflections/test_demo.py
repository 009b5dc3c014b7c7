"""The demo's past programme: the practice record at work."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from hls_events.demo.past import past_start
from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    Organisation,
    Programme,
    Reflection,
    ReflectionConsent,
    ReflectionInvitation,
    Registration,
    RegistrationStatus,
    Speaker,
    Visibility,
    WriteUp,
    utcnow,
)
from hls_events.reflections import invitations


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_past_programme_is_two_octobers_before_the_demo_week():
    assert past_start(date(2026, 11, 22)) == date(2025, 10, 13)
    assert past_start(date(2027, 10, 1)) == date(2026, 10, 12)


def test_the_demo_loads_a_past_programme_with_a_record(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    slug = f"hls-week-{past_start(utcnow().date()).year}"
    assert f"Loaded the past programme HLS Week {slug[-4:]} ({slug})" in result.output

    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    assert programme.ends_on < utcnow().date()
    assert len(programme.events) == 6
    # The demo week's organisations and speakers, not new ones.
    assert _count(Organisation) == 15
    assert _count(Speaker) == 53

    # The past programme's; the demo week's communities have reflections of their own.
    reflections = list(
        db.session.scalars(select(Reflection).where(Reflection.programme_id == programme.id))
    )
    community_reflections = _count(Reflection) - len(reflections)
    assert len(reflections) == 180
    visibility = Counter(r.visibility for r in reflections)
    assert visibility[Visibility.PRIVATE] > len(reflections) / 2
    assert visibility[Visibility.PARTICIPANTS] > 10
    assert visibility[Visibility.PUBLIC] > 10
    assert visibility[Visibility.ORGANISERS] > 0
    assert any(r.attribution == Attribution.ANONYMOUS for r in reflections)
    assert all(r.body and r.themes for r in reflections)
    assert _count(ReflectionConsent) == 180
    assert _count(WriteUp) == 5
    # Every author attended the event they reflect on, and was invited already.
    for reflection in reflections:
        status = db.session.scalar(
            select(Registration.status).where(
                Registration.event_id == reflection.event_id,
                Registration.user_id == reflection.author_id,
            )
        )
        assert status == RegistrationStatus.ATTENDED
    assert invitations.invite_to_reflect().queued == 0
    past_registrations = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id.in_([event.id for event in programme.events]))
    )
    assert _count(ReflectionInvitation) == past_registrations

    page = client.get("/practice/")
    assert page.status_code == 200
    assert "Featured" in page.text
    assert "Page 1 of" in page.text
    assert client.get("/practice/?q=trust").status_code == 200
    assert client.get(f"/p/{slug}/practice/report").status_code == 200

    again = runner.invoke(args=["demo"])
    assert "is already loaded" in again.output
    assert _count(Reflection) == 180 + community_reflections
