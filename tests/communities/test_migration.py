"""Migration 0017_meeting_reflections keeps every reflection, its themes, consents and search
entry, and gives reflections already written on a community's meetings the meeting they were
most likely about. On a database of its own (see tests/test_migrations.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from hls_events import create_app
from hls_events.communities import meetings, running
from hls_events.extensions import db
from hls_events.models import (
    CommunityStatus,
    Event,
    MembershipRule,
    Reflection,
    ReflectionConsent,
    User,
    Visibility,
    reflection_themes,
)
from tests.conftest import _test_config
from tests.factories import make_event, make_programme, make_reflection, make_theme, make_user
from tests.test_migrations import scratch_database_url  # noqa: F401  (a fixture)

BEFORE = "0015_programme_themes"  # the revision before 0017_meeting_reflections


def _at(day: int, month: int = 1) -> datetime:
    return datetime(2025, month, day, 12, tzinfo=UTC)


def _matches(word: str) -> list[int]:
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT rowid FROM reflection_search WHERE reflection_search MATCH :q"
    else:
        sql = "SELECT id FROM reflections WHERE search_vector @@ plainto_tsquery('english', :q)"
    return sorted(db.session.scalars(text(sql), {"q": word}))


def _migrate(command) -> None:
    db.session.remove()
    command()
    db.session.remove()


def test_existing_reflections_are_kept_and_find_their_meeting(
    scratch_database_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    app = create_app(_test_config(scratch_database_url, tmp_path / "instance"))
    with app.app_context():
        try:
            _migrate(upgrade)
            organiser = make_user("olive@example.org", organiser=True)
            programme = make_programme("hls-2022", organisers=[organiser])
            make_user("fay@example.org")
            community = running.create_community(
                programme.id,
                running.CommunityDetails(
                    "The curious", "", MembershipRule.OPEN, None, True, CommunityStatus.OPEN
                ),
                ["fay@example.org"],
            )
            first, second, third = meetings.add_meetings(
                community.id,
                meetings.RepeatRule(2, 1, time(10), time(11), 3, date(2025, 1, 7)),
                now=_at(1),
            )
            meetings.cancel_meeting(community.id, second)
            theme = make_theme("Trust")
            ada, bo, cy = (make_user(f"{n}@example.org") for n in ("ada", "bo", "cy"))
            series = community.event
            # As before the migration: one reflection per person on the series event.
            after_second = make_reflection(
                series, ada, "qxafter gardens", created_at=_at(25), themes=[theme]
            )
            after_second.consents.append(
                ReflectionConsent(
                    visibility=Visibility.COMMUNITY,
                    attribution=after_second.attribution,
                    wording="Members of this community",
                )
            )
            db.session.commit()
            before_any = make_reflection(series, bo, "qxbefore rivers", created_at=_at(2))
            talk = make_event(programme, "talk", starts_at=_at(10))
            on_an_event = make_reflection(talk, cy, "qxevent meadows")
            kept = (after_second.id, before_any.id, on_an_event.id)
            series_id, talk_id, ada_id, cy_id = series.id, talk.id, ada.id, cy.id

            _migrate(lambda: downgrade(revision=BEFORE))
            _migrate(upgrade)

            found = {
                r.id: r.session_id
                for r in db.session.scalars(select(Reflection).order_by(Reflection.id))
            }
            # The cancelled second meeting is passed over for the last one held before.
            assert found == {kept[0]: first, kept[1]: first, kept[2]: None}
            assert db.session.scalar(select(func.count()).select_from(reflection_themes)) == 1
            assert db.session.scalar(select(func.count()).select_from(ReflectionConsent)) == 1
            assert _matches("garden") == [kept[0]] and _matches("meadow") == [kept[2]]

            # Now a member reflects on each meeting, once.
            series, talk = db.session.get(Event, series_id), db.session.get(Event, talk_id)
            ada, cy = db.session.get(User, ada_id), db.session.get(User, cy_id)
            again_id = make_reflection(series, ada, "qxthird orchards", session_id=third).id
            assert _matches("orchard") == [again_id]
            with pytest.raises(IntegrityError):
                make_reflection(series, ada, "twice", session_id=third)
            db.session.rollback()
            with pytest.raises(IntegrityError):
                make_reflection(talk, cy, "twice on the event")
            db.session.rollback()

            # Going back keeps each person's newest reflection on the series event.
            _migrate(lambda: downgrade(revision=BEFORE))
            ids = sorted(db.session.scalars(text("SELECT id FROM reflections")))
            assert ids == sorted([again_id, kept[1], kept[2]])
        finally:
            db.session.remove()
            db.engine.dispose()
