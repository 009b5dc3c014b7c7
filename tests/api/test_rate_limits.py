"""Rate limits: per network address without a token, per token with one."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import ApiWorld, bearer


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {
        "API_RATE_LIMIT_ANONYMOUS": "3 per minute",
        "API_RATE_LIMIT_TOKEN": "5 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def test_limits_per_address_and_per_token(client: FlaskClient, world: ApiWorld) -> None:
    address = {"REMOTE_ADDR": "192.0.2.77"}
    for _ in range(3):
        assert client.get("/api/v1/programmes", environ_base=address).status_code == 200
    refused = client.get("/api/v1/programmes", environ_base=address)
    assert refused.status_code == 429
    assert refused.mimetype == "application/json"
    assert refused.get_json()["error"]["status"] == 429
    assert "Retry-After" in refused.headers
    # A token counts on its own, whatever the address.
    for _ in range(5):
        response = client.get(
            "/api/v1/programmes", environ_base=address, headers=bearer(world.attendee_token)
        )
        assert response.status_code == 200
    response = client.get(
        "/api/v1/programmes", environ_base=address, headers=bearer(world.attendee_token)
    )
    assert response.status_code == 429
    other = client.get(
        "/api/v1/programmes", environ_base=address, headers=bearer(world.organiser_token)
    )
    assert other.status_code == 200
