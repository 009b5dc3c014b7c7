from typing import Any

class Style:
    def __init__(self, **options: Any) -> None: ...
