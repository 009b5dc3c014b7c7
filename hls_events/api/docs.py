"""The API's OpenAPI document, its page for people, and JSON answers for any other address
under /api/v1/.

The page is rendered on the server from the generated document itself (every path, its
parameters and the fields it answers with), so it works without JavaScript and never drifts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, NotFound

from . import http

blueprint = Blueprint("api_docs", __name__, url_prefix="/api/v1")
blueprint.after_request(http.finish)
MAX_DEPTH = 4


def spec() -> dict[str, Any]:
    return cast(dict[str, Any], current_app.extensions["hls_api"].spec.to_dict())


@blueprint.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(spec())


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, kind, name = schema["$ref"].split("/")
        schema = document["components"][kind][name]
    return schema


def _type(document: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        return " or ".join(_type(document, option) for option in schema["anyOf"])
    kind = schema.get("type", "object")
    kinds = kind if isinstance(kind, list) else [kind]
    named = []
    for one in kinds:
        if one == "array":
            named.append("list of " + _type(document, schema.get("items", {})))
        else:
            named.append(one + (f" ({schema['format']})" if schema.get("format") else ""))
    text = " or ".join(named)
    if schema.get("enum"):
        text += ": one of " + ", ".join(str(value) for value in schema["enum"] if value is not None)
    return text


def _fields(
    document: dict[str, Any], schema: dict[str, Any], prefix: str = "", depth: int = 0
) -> list[Field]:
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        options = [_resolve(document, o) for o in schema["anyOf"] if o.get("type") != "null"]
        schema = options[0] if options else {}
    if schema.get("type") == "array" or "array" in (schema.get("type") or []):
        return _fields(document, schema.get("items", {}), prefix + "[]", depth)
    found: list[Field] = []
    required = set(schema.get("required", []))
    for name, child in schema.get("properties", {}).items():
        full = f"{prefix}.{name}" if prefix else name
        resolved = _resolve(document, child)
        found.append(
            Field(full, _type(document, child), name in required, resolved.get("description", ""))
        )
        if depth < MAX_DEPTH:
            found.extend(_fields(document, child, full, depth + 1))
    return found


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            if method == "parameters":
                continue
            parameters = [*methods.get("parameters", []), *operation.get("parameters", [])]
            item = Operation(
                method=method.upper(),
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                statuses=sorted(str(code) for code in operation.get("responses", {})),
            )
            for parameter in parameters:
                parameter = _resolve(document, parameter)
                item.parameters.append(
                    Parameter(
                        parameter["name"],
                        parameter["in"],
                        bool(parameter.get("required")),
                        _type(document, parameter.get("schema", {})),
                        parameter.get("description", ""),
                    )
                )
            ok = operation.get("responses", {}).get("200", {})
            content = _resolve(document, ok).get("content", {}).get("application/json", {})
            item.fields = _fields(document, content.get("schema", {}))
            found.append(item)
    return found


@blueprint.get("/docs")
def docs() -> ResponseReturnValue:
    document = spec()
    return render_template(
        "api/docs.html",
        document=document,
        operations=operations(document),
        error_fields=_fields(document, document["components"]["schemas"]["ErrorOut"]),
        anonymous_limit=current_app.config["API_RATE_LIMIT_ANONYMOUS"],
        token_limit=current_app.config["API_RATE_LIMIT_TOKEN"],
    )


def answer_unrouted() -> Response | None:
    """Any other address or method under /api/: JSON, never the site's HTML error page.

    Runs before every request (app-wide), and acts only when routing under /api/ failed: Flask
    raises a routing failure only after the before-request functions."""
    error = request.routing_exception
    if error is None or not request.path.startswith("/api/"):
        return None
    if not isinstance(error, HTTPException) or (error.code or 0) < 400:
        return None  # a redirect, such as /api/v1 to /api/v1/
    if isinstance(error, NotFound):
        error = NotFound("There is nothing at this address in the API.")
    return http.finish(http.handle_http_error(error))
