"""Property-based testing of the whole API against its own OpenAPI document.

Schemathesis reads /api/v1/openapi.json from the app (WSGI, no network) and generates requests
for every operation from it: valid ones, ones aimed at the world's real programme, event and
entries, and invalid ones; each is sent anonymously and with a token. Every answer is checked:
never a server error, and always a status, content type and body the document allows. Seeded
(derandomised) and bounded, so it runs the same way every time, in about a minute.
"""

from __future__ import annotations

import tempfile
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hls_events import create_app
from tests.api.conftest import ApiWorld

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
EXAMPLES_PER_OPERATION = 25

# The operations, read from the document of an app with no data (the document needs none).
_DOCUMENT_APP = create_app(
    {
        "TESTING": True,
        "SECRET_KEY": "document-only",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "INSTANCE_PATH": tempfile.gettempdir(),
        "SERVER_NAME": "localhost",
    }
)
with _DOCUMENT_APP.app_context():
    _PATHS = _DOCUMENT_APP.extensions["hls_api"].spec.to_dict()["paths"]
OPERATIONS = sorted(
    (method.upper(), path)
    for path, methods in _PATHS.items()
    for method in methods
    if method != "parameters"
)


def _known(world: ApiWorld, path: str) -> dict[str, Any]:
    """Path parameters naming things that exist, so generated queries reach real data."""
    known = {
        "programme_slug": "week",
        "event_slug": "open-event",
        "speaker_slug": world.speaker_slug,
        "change_id": world.change_id,
        "reflection_id": world.public_reflection_id,
        "write_up_id": world.write_up_id,
        "registration_id": world.attendee_registration_id,
    }
    return {name: value for name, value in known.items() if f"{{{name}}}" in path and value}


def _check_operation(schema: Any, world: ApiWorld, method: str, path: str) -> list[int]:
    operation = schema[path][method]
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    known = _known(world, path)
    if known:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    token = {"Authorization": f"Bearer {world.attendee_token}"}
    statuses: list[int] = []

    @given(case=st.one_of(*strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        statuses.append(case.call_and_validate(checks=CHECKS).status_code)
        # The same request as the token's owner: the answers may differ, the rules may not.
        statuses.append(case.call_and_validate(checks=CHECKS, headers=token).status_code)

    check()
    return statuses


def test_the_api_keeps_to_its_document(app: Any, world: ApiWorld) -> None:
    """Every operation in turn, on one world (making it is the slow part)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: dict[str, str] = {}
    statuses: dict[str, set[int]] = {}
    for method, path in OPERATIONS:
        try:
            statuses[f"{method} {path}"] = set(_check_operation(schema, world, method, path))
        except Exception as error:  # every operation's failure, reported at once
            failures[f"{method} {path}"] = f"{type(error).__name__}: {error}"
    assert not failures, "\n\n".join(f"{name}\n{message}" for name, message in failures.items())
    assert set(statuses) == {f"{method} {path}" for method, path in OPERATIONS}
    # Real data was reached, and refusals were exercised too.
    assert [name for name, seen in statuses.items() if 200 not in seen] == []
    assert any(422 in seen for seen in statuses.values())
    assert any(404 in seen for seen in statuses.values())
