from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

class ValidationError(Exception):
    message: str
    @property
    def absolute_path(self) -> deque[str | int]: ...

class Draft202012Validator:
    def __init__(self, schema: Mapping[str, Any] | bool) -> None: ...
    def iter_errors(self, instance: object) -> Iterator[ValidationError]: ...
