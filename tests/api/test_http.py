"""Pages, revalidation, caching, CORS and JSON errors."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask.testing import FlaskClient

from tests.api.conftest import ApiWorld, bearer


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_pages_follow_next_links_in_a_stable_order(client: FlaskClient, world: ApiWorld) -> None:
    seen: list[int] = []
    address: str | None = "/api/v1/programmes/week/events?per_page=2"
    pages = 0
    while address:
        response = client.get(address)
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        if body["next"]:
            assert f'<{body["next"]}>; rel="next"' in response.headers["Link"]
            address = _path(body["next"])
            assert "per_page=2" in address
        else:
            address = None
        pages += 1
    whole = client.get("/api/v1/programmes/week/events?per_page=100").get_json()
    assert seen == sorted(seen) == [item["id"] for item in whole["items"]]
    assert pages == whole["total"] // 2 + whole["total"] % 2 == 3


def test_a_page_past_the_last_is_empty(client: FlaskClient, world: ApiWorld) -> None:
    body = client.get("/api/v1/programmes?page=50").get_json()
    assert body["items"] == []
    assert body["next"] is None
    assert body["total"] == 1


def test_etag_and_304(client: FlaskClient, world: ApiWorld) -> None:
    first = client.get("/api/v1/programmes/week/events/open-event")
    etag = first.headers["ETag"]
    assert etag
    again = client.get("/api/v1/programmes/week/events/open-event", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get(
        "/api/v1/programmes/week/events/open-event", headers={"If-None-Match": '"x"'}
    )
    assert other.status_code == 200


def test_cache_control_and_cors_by_caller(client: FlaskClient, world: ApiWorld) -> None:
    anonymous = client.get("/api/v1/programmes")
    assert anonymous.headers["Cache-Control"].startswith("public")
    assert anonymous.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in anonymous.headers["Vary"]
    personal = client.get("/api/v1/programmes", headers=bearer(world.attendee_token))
    assert personal.headers["Cache-Control"].startswith("private")
    assert "Access-Control-Allow-Origin" not in personal.headers
    preflight = client.options(
        "/api/v1/programmes",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" not in preflight.headers.get("Access-Control-Allow-Headers", "")


def test_the_api_ignores_the_browser_session(
    client: FlaskClient, world: ApiWorld, sign_in: object
) -> None:
    sign_in("organiser@example.org")  # type: ignore[operator]
    assert client.get("/api/v1/programmes/plans").status_code == 404
    assert client.get("/api/v1/me/registrations").status_code == 401


BAD_REQUESTS = [
    ("/api/v1/programmes?page=abc", 422),
    ("/api/v1/programmes?page=99999999999999999999", 422),
    ("/api/v1/programmes?per_page=0", 422),
    ("/api/v1/programmes?per_page=101", 422),
    ("/api/v1/practice?q=a%00b", 422),
    ("/api/v1/practice?year=99999", 422),
    ("/api/v1/practice?principle=nonsense", 422),
    ("/api/v1/programmes/week/events?format=%00", 422),
    ("/api/v1/no-such-thing", 404),
    ("/api/v1/programmes/week/", 404),
    ("/api/v1/programmes/no-such-programme", 404),
    ("/api/v1/programmes/a%00b", 404),
    ("/api/v1/programmes/week/events/%00", 404),
    ("/api/v1/programmes/week/changes/99999999999999999999", 404),
    ("/api/v1/practice/reflections/99999999999999999999", 404),
    ("/api/v1/practice/write-ups/0", 404),
    ("/api/v1/programmes/week/events/a%0Ab", 404),
    ("/api/v1/programmes/week/changes/a%0Ab", 404),
]


def test_errors_are_json(client: FlaskClient, world: ApiWorld) -> None:
    for address, status in BAD_REQUESTS:
        response = client.get(address)
        assert (address, response.status_code) == (address, status)
        assert response.mimetype == "application/json", address
        error = response.get_json()["error"]
        assert error["status"] == status
        assert error["message"]


def test_writing_is_not_allowed(client: FlaskClient, world: ApiWorld) -> None:
    response = client.post("/api/v1/programmes")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405
    assert client.delete("/api/v1/nowhere").status_code == 404


def test_bad_tokens_are_refused(client: FlaskClient, world: ApiWorld) -> None:
    for header in ("Bearer hls_nonsense", "Bearer ", "Basic abc", "Bearer " + "x" * 5000):
        response = client.get("/api/v1/programmes", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.get_json()["error"]["status"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_docs_page_lists_every_path(client: FlaskClient, world: ApiWorld) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in document["paths"]:
        assert f"GET {path}" in page
    assert "<code>per_page</code>" in page
    assert "places_left" in page
    # No script but the site's own few lines (static/js/site.js): the document is plain HTML.
    assert page.count("<script") == 1 and '<script src="/static/js/site.js">' in page
