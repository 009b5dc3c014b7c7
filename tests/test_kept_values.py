"""What pages share at a content revision (kept_values.py): built once per worker and
revision, by a GET only, and for a minute at most."""

from __future__ import annotations

import cachetools
import pytest

from hls_events import kept_values
from hls_events.kept_values import SHARED_SECONDS, shared_at_revision
from tests.factories import make_theme


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(
        kept_values,
        "_SHARED",
        cachetools.TTLCache(maxsize=256, ttl=SHARED_SECONDS, timer=lambda: now[0]),
    )
    return now


def _count_builds(app, method: str, times: int) -> int:
    builds: list[int] = []
    with app.test_request_context("/", method=method):
        for _ in range(times):
            shared_at_revision(("a test", method), lambda: builds.append(1) or len(builds))
    return len(builds)


def test_a_get_builds_once_a_revision(app, clock):
    make_theme("Trust")  # a revision to keep it under
    assert _count_builds(app, "GET", 3) == 1
    make_theme("Place")  # the revision moves: built again, once
    assert _count_builds(app, "GET", 3) == 1


def test_any_other_request_builds_and_keeps_nothing(app, clock):
    make_theme("Trust")
    assert _count_builds(app, "POST", 3) == 3
    assert _count_builds(app, "GET", 2) == 1  # the POST left nothing behind


def test_what_is_kept_lasts_a_minute_at_most(app, clock):
    """For changes the revision does not see, such as a hand-written UPDATE."""
    make_theme("Trust")
    assert _count_builds(app, "GET", 2) == 1
    clock[0] += SHARED_SECONDS - 1
    assert _count_builds(app, "GET", 1) == 0
    clock[0] += 2
    assert _count_builds(app, "GET", 1) == 1
