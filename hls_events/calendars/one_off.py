"""A feed as a file saved once (``?download=1``): pure, no Flask."""

from __future__ import annotations

# Properties that only make sense for a subscribed feed, not for a file saved once.
_FEED_ONLY = (b"REFRESH-INTERVAL", b"X-PUBLISHED-TTL", b"SOURCE")


def one_off(feed: bytes) -> bytes:
    """A feed as a file to save once: the same document without the calendar's feed-only
    properties (REFRESH-INTERVAL, X-PUBLISHED-TTL, SOURCE), which only a subscription reads."""
    lines = feed.split(b"\r\n")
    kept: list[bytes] = []
    dropping = False
    in_calendar_head = True
    for line in lines:
        if line.startswith(b"BEGIN:") and line != b"BEGIN:VCALENDAR":
            in_calendar_head = False
        if line.startswith((b" ", b"\t")):
            if not dropping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].split(b";", 1)[0].upper()
        dropping = in_calendar_head and name in _FEED_ONLY
        if not dropping:
            kept.append(line)
    return b"\r\n".join(kept)
