"""Beyond the 50,000 addresses a sitemap file may hold, /sitemap.xml becomes an index of parts
(the limit is lowered here to three)."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from tests.factories import make_event, make_programme

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"SITEMAP_URL_LIMIT": 3}


def _locations(client, path: str, element: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.content_type.startswith("application/xml")
    return etree.fromstring(response.data).xpath(
        f"//s:{element}/s:loc/text()", namespaces=NAMESPACE
    )


def test_a_small_sitemap_is_one_file(client, app):
    make_event(make_programme("week"), "one")
    assert len(_locations(client, "/sitemap.xml", "url")) <= 3


def test_a_large_sitemap_is_an_index_of_parts_that_list_everything_once(client, app):
    programme = make_programme("week")
    for number in range(7):
        make_event(programme, f"event-{number}")
    parts = _locations(client, "/sitemap.xml", "sitemap")
    assert len(parts) >= 3
    listed: list[str] = []
    for part in parts:
        assert part.startswith("http://localhost/sitemap-")
        urls = _locations(client, part.removeprefix("http://localhost"), "url")
        assert 1 <= len(urls) <= 3
        listed += urls
    assert len(listed) == len(set(listed))
    assert sum("/p/week/events/event-" in url for url in listed) == 7
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-99999999999999999999.xml").status_code == 404
