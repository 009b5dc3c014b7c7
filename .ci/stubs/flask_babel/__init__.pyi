# What HLS Events uses of Flask-Babel, which ships no type information.
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from babel import Locale
from flask import Flask

class Babel:
    def __init__(self, app: Flask | None = ..., **kwargs: Any) -> None: ...
    def init_app(
        self,
        app: Flask,
        locale_selector: Callable[[], str | None] | None = ...,
        timezone_selector: Callable[[], str | None] | None = ...,
        **kwargs: Any,
    ) -> None: ...

class LazyString:
    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None: ...
    def __str__(self) -> str: ...
    def __html__(self) -> str: ...

def get_locale() -> Locale | None: ...
def force_locale(locale: str | Locale | None) -> AbstractContextManager[None]: ...
def gettext(string: str, **variables: Any) -> str: ...
def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str: ...
def lazy_gettext(string: str, **variables: Any) -> LazyString: ...
def lazy_ngettext(singular: str, plural: str, num: int, **variables: Any) -> LazyString: ...
def _(string: str, **variables: Any) -> str: ...

__all__ = [
    "Babel",
    "LazyString",
    "force_locale",
    "get_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
]
