"""Pages of a long list: which page to show and where it starts, worked out once for every list.

A page beyond the last shows the last (a bookmark outlives the rows it counted); ``?page=`` itself
is read by ``inputs.page_number``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select

SelectT = TypeVar("SelectT", bound=Select[Any])


@dataclass(frozen=True)
class PageWindow:
    """One page of ``total`` rows, ``per_page`` at a time: ``page`` is always in 1..``pages``."""

    page: int
    pages: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def of(self, query: SelectT) -> SelectT:
        """The query narrowed to this page's rows (the query sets the order)."""
        return query.offset(self.offset).limit(self.per_page)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill; an empty list still has its one (empty) page."""
    return max((total + per_page - 1) // per_page, 1)


def page_window(total: int, page: int, per_page: int) -> PageWindow:
    """The page asked for, brought within the pages there are."""
    pages = page_count(total, per_page)
    return PageWindow(page=min(max(page, 1), pages), pages=pages, per_page=per_page)


class PageLinks:
    """For a page's dataclass with ``page`` and ``pages``: whether to link to its neighbours."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
