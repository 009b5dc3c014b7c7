# What HLS Events uses of flask-smorest 0.47, which ships no type information.
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import flask
from apispec import APISpec
from marshmallow import Schema

_F = TypeVar("_F", bound=Callable[..., Any])

class Api:
    ERROR_SCHEMA: type[Schema]
    spec: APISpec
    def __init__(
        self,
        app: flask.Flask | None = None,
        *,
        spec_kwargs: Mapping[str, Any] | None = None,
        config_prefix: str = "",
    ) -> None: ...
    def init_app(
        self, app: flask.Flask, *, spec_kwargs: Mapping[str, Any] | None = None
    ) -> None: ...
    def register_blueprint(
        self, blp: Blueprint, *, parameters: list[Any] | None = None, **options: Any
    ) -> None: ...
    def _register_error_handlers(self) -> None: ...

class Blueprint(flask.Blueprint):
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def arguments(
        self,
        schema: Schema | type[Schema],
        *,
        location: str = "json",
        content_type: str | None = None,
        required: bool = True,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Callable[[_F], _F]: ...
    def response(
        self,
        status_code: int | str,
        schema: Schema | type[Schema] | None = None,
        *,
        content_type: str | None = None,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> Callable[[_F], _F]: ...
