"""The demo programme's registrations look like HLS Week's and obey the rules of real ones."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import delete, select

from hls_events.demo.builder import demo_slug, load_demo
from hls_events.demo.registrations import EMAIL_DOMAIN, add_demo_registrations
from hls_events.extensions import db
from hls_events.models import Programme, Registration, RegistrationStatus, User, utcnow


def test_the_demo_week_gets_registrations_shaped_like_hls_week(app):
    today = utcnow().date()
    summary = load_demo(today)
    programme = db.session.scalar(select(Programme).where(Programme.slug == demo_slug(today)))

    assert summary.people == 700
    assert 1250 <= summary.registrations <= 1350
    assert summary.full_events >= 3
    registrations = list(db.session.scalars(select(Registration)))
    assert any(r.status == RegistrationStatus.WAITLISTED for r in registrations)
    assert len(registrations) == summary.registrations
    assert len({r.user_id for r in registrations}) == 700

    sectors = Counter(r.sector for r in registrations)
    assert sectors.most_common(1)[0][0].value == "local_government"
    assert len(sectors) >= 8

    by_event: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_event.setdefault(registration.event_id, []).append(registration)
    full_with_waiting = 0
    for event in programme.events:
        rows = by_event.get(event.id, [])
        confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
        waiting = sorted(
            (r for r in rows if r.status == RegistrationStatus.WAITLISTED),
            key=lambda r: r.waitlist_position,
        )
        assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))
        if event.capacity is not None:
            assert len(confirmed) <= event.capacity
        if waiting:
            full_with_waiting += 1
            assert len(confirmed) == event.capacity
            # The earliest registrations hold the places.
            assert max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting)
    assert full_with_waiting >= 3
    assert len({(r.event_id, r.user_id) for r in registrations}) == len(registrations)


def test_the_demo_registrations_are_the_same_every_time(app):
    today = utcnow().date()
    load_demo(today)
    programme = db.session.scalar(select(Programme).where(Programme.slug == demo_slug(today)))

    def forget_demo_people() -> None:
        db.session.execute(delete(User).where(User.email.like(f"%@{EMAIL_DOMAIN}")))
        db.session.commit()

    forget_demo_people()  # the demo command's own registrations, made with another seed

    def fingerprint() -> list[tuple[int, str, str, int | None]]:
        summary = add_demo_registrations(programme, random.Random(7))
        db.session.commit()
        rows = db.session.execute(
            select(
                Registration.event_id,
                User.email,
                Registration.status,
                Registration.waitlist_position,
            )
            .join(User)
            .order_by(Registration.event_id, User.email)
        )
        result = [tuple(row) for row in rows]
        forget_demo_people()
        assert summary.registrations == len(result)
        return result

    assert fingerprint() == fingerprint()
