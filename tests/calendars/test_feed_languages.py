"""A feed read in English and in Welsh: each language's copy keeps a version of its own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from hls_events.extensions import db
from tests.factories import make_event, make_programme, make_registration, make_user

WELSH = {"Accept-Language": "cy"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Built on every request, as when content has just changed: no kept copy hides the version.
    return {"PAGE_CACHE_SECONDS": 0}


@pytest.fixture
def token(app) -> str:
    """A programme with one event, and the calendar token of someone registered for it."""
    programme = make_programme("week", title="HLS Week 2027", starts_on=date(2027, 10, 25))
    workshop = make_event(
        programme, "workshop", title="Workshop", starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC)
    )
    person = make_user("ada@example.org", name="Ada")
    make_registration(workshop, person)
    db.session.commit()
    return person.calendar_token


@pytest.mark.parametrize(
    "path",
    [
        "/p/week/calendar.ics",
        "/p/week/events/workshop/calendar.ics",
        "/p/week/schedule.json",
        "/calendar/{token}.ics",
    ],
)
def test_a_feed_read_in_welsh_leaves_the_english_ones_version_alone(client, token, path):
    """A feed is written in the words of whoever asks (a calendar app's Accept-Language): a
    Welsh reader must not move the Last-Modified an English one revalidates against, nor the
    other way round."""
    path = path.format(token=token)
    english = client.get(path)
    etag, modified = english.headers["ETag"], english.headers["Last-Modified"]
    in_welsh = client.get(path, headers=WELSH)
    assert in_welsh.headers["ETag"] != etag
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path).headers["Last-Modified"] == modified
    welsh_modified = in_welsh.headers["Last-Modified"]
    again = client.get(path, headers={**WELSH, "If-Modified-Since": welsh_modified})
    assert again.status_code == 304
