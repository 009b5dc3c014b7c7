"""A member's learning journey: their own reflections on the community's meetings, in order,
on one page and as Markdown or CSV to keep. Pure text building here; the reading is one query."""

from __future__ import annotations

import io

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..localtime import format_day, to_local
from ..models import Community, Reflection
from ..spreadsheets import csv_writer
from .record import community_event_ids


def journey(community: Community, user_id: int) -> list[Reflection]:
    return list(
        db.session.scalars(
            select(Reflection)
            .where(
                Reflection.author_id == user_id,
                Reflection.event_id.in_(community_event_ids(community)),
            )
            .options(selectinload(Reflection.themes), selectinload(Reflection.event))
            .order_by(Reflection.created_at, Reflection.id)
        )
    )


def as_markdown(community: Community, reflections: list[Reflection]) -> str:
    """The journey in the reader's language (headings, dates); their own words as written."""
    zone = community.programme.zone
    lines = ["# " + gettext("My learning journey: %(community)s", community=community.name), ""]
    for reflection in reflections:
        day = format_day(to_local(reflection.created_at, zone).date())
        lines += [f"## {day}: {reflection.event.title}", ""]
        for item in reflection.answers:
            if item.get("answer"):
                lines += [f"### {item['question']}", "", item["answer"], ""]
        if reflection.themes:
            themes = ", ".join(theme.name for theme in reflection.themes)
            lines += [gettext("Themes: %(themes)s", themes=themes), ""]
        lines += [gettext("Shared with: %(who)s", who=reflection.visibility.label), ""]
    return "\n".join(lines)


def as_csv(reflections: list[Reflection]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(("written", "meeting", "question", "answer", "themes", "shared with"))
    for reflection in reflections:
        themes = "; ".join(theme.name for theme in reflection.themes)
        for item in reflection.answers:
            row = (
                reflection.created_at.isoformat(),
                reflection.event.title,
                item.get("question", ""),
                item.get("answer", ""),
                themes,
                reflection.visibility.label,
            )
            writer.writerow(row)
    return buffer.getvalue()
