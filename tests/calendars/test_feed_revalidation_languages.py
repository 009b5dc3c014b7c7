"""Revalidations answered before Flask (revalidation.py) answer each language from its own
copy: a calendar app asking in Welsh is never answered with the English copy's validators."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hls_events.extensions import db
from tests.factories import make_event, make_programme

PATH = "/p/week/calendar.ics"
WELSH = {"Accept-Language": "cy"}


@pytest.fixture
def week(app) -> None:
    programme = make_programme("week", title="HLS Week 2027", starts_on=date(2027, 10, 25))
    make_event(
        programme, "workshop", title="Workshop", starts_at=datetime(2027, 10, 26, 9, tzinfo=UTC)
    )
    db.session.commit()


def test_each_language_is_revalidated_against_its_own_copy(client, week):
    welsh = client.get(PATH, headers=WELSH)
    english = client.get(PATH)  # served last: what the worker remembers first
    assert welsh.headers["ETag"] != english.headers["ETag"]

    by_date = client.get(
        PATH, headers={**WELSH, "If-Modified-Since": welsh.headers["Last-Modified"]}
    )
    assert by_date.status_code == 304
    assert by_date.headers["ETag"] == welsh.headers["ETag"]
    by_etag = client.get(PATH, headers={**WELSH, "If-None-Match": welsh.headers["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.headers["ETag"] == welsh.headers["ETag"]

    english_again = client.get(PATH, headers={"If-None-Match": english.headers["ETag"]})
    assert english_again.status_code == 304
    assert english_again.headers["ETag"] == english.headers["ETag"]
    # Asking in Welsh with the English copy's tag is a different copy: the Welsh one, in full.
    crossed = client.get(PATH, headers={**WELSH, "If-None-Match": english.headers["ETag"]})
    assert crossed.status_code == 200
    assert crossed.headers["ETag"] == welsh.headers["ETag"]
