"""What every /api/v1/ answer shares: who is asking (a bearer token, or nobody), JSON errors,
caching and revalidation, CORS for anonymous reads, rate limits and page links.

The API never reads the browser's session cookie: an anonymous call and a call with a token
are the only two kinds, so a page on another site can never read as a signed-in person.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, request
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException, Unauthorized

if TYPE_CHECKING:
    from werkzeug.exceptions import MethodNotAllowed

from ..extensions import db, limiter
from ..models import User
from .tokens import user_for_secret

ANONYMOUS_CACHE = "public, max-age=60"
PERSONAL_CACHE = "private, no-cache"
CORS_EXPOSED = (
    "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
)
_CALLER = "api_caller"
_NOBODY = object()


@dataclass(frozen=True)
class Caller:
    """Who is asking: a person (through their token) or nobody."""

    user: Any
    token_id: int | None = None

    @property
    def signed_in(self) -> bool:
        return self.token_id is not None


class BadToken(Unauthorized):
    description = "The API token is missing, malformed, revoked or unknown."


def _bearer() -> str | None:
    """The token sent, '' for a malformed header, None for no header at all."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip() or "\x00" in value:
        return ""
    return value.strip()


def caller() -> Caller | None:
    """The caller, or None when a token was sent that is not valid. Looked up once a request."""
    found = g.get(_CALLER, _NOBODY)
    if found is not _NOBODY:
        return cast("Caller | None", found)
    secret = _bearer()
    result: Caller | None
    if secret is None:
        result = Caller(user=AnonymousUserMixin())
    else:
        owner = user_for_secret(secret) if secret else None
        result = Caller(user=owner[0], token_id=owner[1]) if owner else None
    setattr(g, _CALLER, result)
    return result


def current_caller() -> Caller:
    """The caller of a view: the blueprint has already refused a bad token."""
    found = caller()
    if found is None:
        raise BadToken()
    return found


def current_person() -> User:
    """The token's owner, for routes about the caller; anonymous callers are refused."""
    found = current_caller()
    if not found.signed_in:
        raise BadToken("This needs a personal API token: Authorization: Bearer <token>.")
    return cast(User, found.user)


# --- Rate limits --------------------------------------------------------------------------------


def _token_key() -> str:
    found = caller()
    return f"api-token:{found.token_id}" if found and found.token_id else get_remote_address()


def _has_token() -> bool:
    found = caller()
    return bool(found and found.token_id)


def rate_limit(blueprint: Any) -> None:
    """Per address for anonymous calls (and bad tokens), per token for the rest."""
    limiter.limit(
        lambda: current_app.config["API_RATE_LIMIT_ANONYMOUS"],
        key_func=get_remote_address,
        exempt_when=_has_token,
        scope="api-address",
    )(blueprint)
    limiter.limit(
        lambda: current_app.config["API_RATE_LIMIT_TOKEN"],
        key_func=_token_key,
        exempt_when=lambda: not _has_token(),
        scope="api-token",
    )(blueprint)


# --- Errors -------------------------------------------------------------------------------------


def error_response(status: int, message: str, details: Any = None) -> Response:
    body: dict[str, Any] = {"error": {"status": status, "message": message}}
    if details:
        body["error"]["details"] = details
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _message(error: HTTPException) -> str:
    if error.code == 422:
        return "Some parameters are not valid; see details."
    if error.code == 429:
        return f"Too many requests: the limit is {error.description}. Wait and try again."
    return error.description or error.name


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    details = (getattr(error, "data", None) or {}).get("messages")
    response = error_response(code, _message(error), _plain(details))
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(cast("MethodNotAllowed", error).valid_methods or [])
    if code == 429:
        response.headers["Retry-After"] = str(_seconds_to_reset())
    return response


def _seconds_to_reset() -> int:
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()) + 1)


def handle_unexpected(error: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return error_response(500, "Sorry, something went wrong. Nothing was changed.")


def _plain(value: Any) -> Any:
    """webargs' messages as JSON: {location: {field: [message, ...]}}."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


# --- Headers on every answer --------------------------------------------------------------------


def refuse_bad_token() -> None:
    if caller() is None:
        raise BadToken()


def finish(response: Response) -> Response:
    """Caching, revalidation and CORS, by who asked."""
    found = g.get(_CALLER, _NOBODY)
    personal = request.headers.get("Authorization") is not None or (
        isinstance(found, Caller) and found.signed_in
    )
    response.vary.add("Authorization")
    if g.get("api_link") and response.status_code == 200:
        response.headers["Link"] = g.api_link
    if response.status_code == 200 and request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = PERSONAL_CACHE if personal else ANONYMOUS_CACHE
        if response.mimetype == "application/json":
            response.add_etag()
            response.make_conditional(request)
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    if not personal:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            # Authorization is left out on purpose: tokens are not for other sites' pages.
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


# --- Pages --------------------------------------------------------------------------------------


def page_links(total: int, page: int, size: int, **query: Any) -> dict[str, Any]:
    """The envelope's numbers and its next and previous addresses, which repeat the query."""
    pages = max(1, math.ceil(total / size))
    kept = {key: value for key, value in query.items() if value not in (None, "")}

    def address(number: int) -> str:
        return request.base_url + "?" + urlencode({**kept, "page": number})

    return {
        "page": page,
        "per_page": size,
        "total": total,
        "pages": pages,
        "next": address(page + 1) if page < pages else None,
        "previous": address(min(page - 1, pages)) if page > 1 else None,
    }


def paged(items: list[Any], numbers: dict[str, Any]) -> dict[str, Any]:
    """A list answer; its next and previous addresses also go in the Link header."""
    links = [
        f'<{numbers[key]}>; rel="{rel}"'
        for key, rel in (("next", "next"), ("previous", "prev"))
        if numbers.get(key)
    ]
    if links:
        g.api_link = ", ".join(links)
    return {**numbers, "items": items}


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT_ANONYMOUS", "120 per minute; 3000 per hour")
    app.config.setdefault("API_RATE_LIMIT_TOKEN", "600 per minute")
