"""The learning report: what a programme's entries say, grouped by theme."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..models import Principle, Programme
from .entries import Entry, EntryKind
from .record import RecordFilters, all_entries
from .visibility import Reader


@dataclass
class ThemeGroup:
    name: str
    slug: str
    entries: list[Entry]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class LearningReport:
    programme: Programme
    entries: list[Entry]
    groups: list[ThemeGroup]
    unthemed: list[Entry]
    principles: Counter[Principle]
    kinds: Counter[EntryKind]


def learning_report(reader: Reader, programme: Programme) -> LearningReport:
    """The programme's entries the reader may see, grouped by theme (an entry with two themes
    is in both groups), the largest group first."""
    entries = all_entries(reader, RecordFilters(programme=programme.slug))
    by_theme: dict[str, ThemeGroup] = {}
    unthemed = []
    principles: Counter[Principle] = Counter()
    for entry in entries:
        principles.update(entry.principles)
        if not entry.themes:
            unthemed.append(entry)
        for theme in entry.themes:
            by_theme.setdefault(theme.slug, ThemeGroup(theme.name, theme.slug, [])).entries.append(
                entry
            )
    groups = sorted(by_theme.values(), key=lambda group: (-group.count, group.name))
    return LearningReport(
        programme=programme,
        entries=entries,
        groups=groups,
        unthemed=unthemed,
        principles=principles,
        kinds=Counter(entry.kind for entry in entries),
    )
