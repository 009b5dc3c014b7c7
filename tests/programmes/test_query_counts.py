"""Public pages cost a fixed number of SQL statements, whatever the programme's size."""

from __future__ import annotations

from hls_events import page_cache
from hls_events.models import SpeakerRole
from tests.factories import make_event, make_organisation, make_programme, make_speaker, make_theme


def _programme_with(events: int, slug: str) -> None:
    programme = make_programme(slug)
    theme = make_theme(f"Theme for {slug}")
    host = make_organisation(f"Host for {slug}")
    speaker = make_speaker(f"Speaker for {slug}")
    for number in range(events):
        make_event(
            programme,
            f"event-{number}",
            themes=[theme],
            organisation=host,
            speakers=[(speaker, SpeakerRole.HOST)],
            sessions=2,
        )


def _statements(client, count_queries, url: str) -> int:
    client.get(url)  # warm caches that are not per request
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_programme_and_event_pages_cost_the_same_for_10_and_200_events(
    client, count_queries, monkeypatch
):
    # Kept copies read the content revision at most once a second: on a busy machine the first
    # (warming) request can take longer than that, and the count would depend on the clock.
    monkeypatch.setattr(page_cache, "REVISION_CHECK_SECONDS", 3600.0)
    _programme_with(10, "small")
    _programme_with(200, "large")

    assert _statements(client, count_queries, "/p/small/") == _statements(
        client, count_queries, "/p/large/"
    )
    assert _statements(client, count_queries, "/p/small/events/event-3/") == _statements(
        client, count_queries, "/p/large/events/event-3/"
    )
    assert _statements(client, count_queries, "/") < 10
