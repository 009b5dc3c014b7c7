"""The practice record as CSV and JSON: entries in, text out. No Flask here; the route passes a
function that gives each entry's address.

Only what a reader of the entry's page sees goes out: the byline (never an account, an id of
a person or an email address), the answers or the write-up, themes and principles.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from ..spreadsheets import csv_writer
from .entries import Entry

CSV_COLUMNS = (
    "kind",
    "url",
    "programme",
    "event",
    "event_url",
    "written_at",
    "signed",
    "title",
    "text",
    "themes",
    "principles",
    "slides_url",
    "recording_url",
    "featured",
)


def entry_record(
    entry: Entry, entry_url: Callable[[Entry], str], event_url: Callable[[Entry], str]
) -> dict[str, Any]:
    """One entry as plain JSON-ready values."""
    record: dict[str, Any] = {
        "kind": entry.kind.value,
        "id": entry.id,
        "url": entry_url(entry),
        "programme": {"slug": entry.programme.slug, "title": entry.programme.title},
        "event": {"slug": entry.event.slug, "title": entry.event.title, "url": event_url(entry)},
        "written_at": entry.written_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "signed": entry.byline,
        "title": entry.title,
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in entry.themes],
        "featured": entry.featured,
    }
    if entry.is_reflection:
        record["answers"] = [
            {"question": item["question"], "answer": item["answer"]} for item in entry.answers
        ]
        record["principles"] = [principle.value for principle in entry.principles]
    else:
        record["markdown"] = entry.text
        record["html"] = str(entry.body_html)
        record["slides_url"] = entry.slides_url or None
        record["recording_url"] = entry.recording_url or None
    return record


def to_json(
    entries: Iterable[Entry],
    entry_url: Callable[[Entry], str],
    event_url: Callable[[Entry], str],
    **meta: Any,
) -> dict[str, Any]:
    items = [entry_record(entry, entry_url, event_url) for entry in entries]
    return {**meta, "count": len(items), "entries": items}


def _text(entry: Entry) -> str:
    if entry.is_reflection:
        return "\n\n".join(f"{item['question']}\n{item['answer']}" for item in entry.answers)
    return entry.text


def to_csv(
    entries: Iterable[Entry], entry_url: Callable[[Entry], str], event_url: Callable[[Entry], str]
) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = [
            entry.kind.label,
            entry_url(entry),
            entry.programme.title,
            entry.event.title,
            event_url(entry),
            entry.written_at.isoformat(),
            entry.byline,
            entry.title,
            _text(entry),
            "; ".join(theme.name for theme in entry.themes),
            "; ".join(principle.label for principle in entry.principles),
            entry.slides_url,
            entry.recording_url,
            "yes" if entry.featured else "no",
        ]
        writer.writerow(row)
    return buffer.getvalue()
