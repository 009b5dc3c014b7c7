"""A feed read in English and in Welsh: each language's copy keeps a version of its own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from hls_events.extensions import db
from tests.factories import make_event, make_programme

WELSH = {"Accept-Language": "cy"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Built on every request, as when content has just changed: no kept copy hides the version.
    return {"PAGE_CACHE_SECONDS": 0}


@pytest.fixture
def week(app):
    programme = make_programme("week", title="HLS Week 2027", starts_on=date(2027, 10, 25))
    make_event(
        programme, "workshop", title="Workshop", starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC)
    )
    db.session.commit()
    return programme


@pytest.mark.parametrize(
    "path",
    ["/p/week/calendar.ics", "/p/week/events/workshop/calendar.ics", "/p/week/schedule.json"],
)
def test_a_feed_read_in_welsh_leaves_the_english_ones_version_alone(client, week, path):
    """A Welsh reader must not move the Last-Modified an English calendar app revalidates
    against, nor the other way round."""
    english = client.get(path)
    etag, modified = english.headers["ETag"], english.headers["Last-Modified"]
    in_welsh = client.get(path, headers=WELSH)
    assert in_welsh.headers["ETag"] != etag
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path).headers["Last-Modified"] == modified
    welsh_modified = in_welsh.headers["Last-Modified"]
    again = client.get(path, headers={**WELSH, "If-Modified-Since": welsh_modified})
    assert again.status_code == 304
