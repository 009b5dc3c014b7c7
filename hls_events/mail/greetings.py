"""Messages written by organisers go into emails that already greet the reader by name."""

from __future__ import annotations

import re

_GREETING = re.compile(
    r"\A(hello|hi|hiya|dear|good (morning|afternoon|evening)|helo|shwmae|annwyl|bore da|"
    r"prynhawn da|noswaith dda)\b[^\n]{0,60}(\n|\Z)",
    re.IGNORECASE,
)


def without_greeting(body: str) -> str:
    """The message without an opening line such as "Hello," or "Dear all,": the email already
    begins "Hello Sam,", so a second greeting would read "Hello Sam, Hello,". A message that is
    nothing but a greeting is kept as it is."""
    text = body.replace("\r\n", "\n").strip()
    match = _GREETING.match(text)
    if match:
        rest = text[match.end() :].strip()
        if rest:
            return rest
    return text
