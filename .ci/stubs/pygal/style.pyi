from typing import Any

class Style:
    colors: tuple[str, ...]
    def __init__(self, **options: Any) -> None: ...
