"""CSV for spreadsheets: every cell written, header row included, is kept from running as a
formula (question labels and names are typed by people, and land in headers as well as cells)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> str:
    """The value as text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class SafeCsvWriter:
    """``csv.writer`` whose every row goes through ``spreadsheet_cell``."""

    def __init__(self, buffer: TextIO, **options: Any) -> None:
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_cell(value) for value in row])


def csv_writer(buffer: TextIO, **options: Any) -> SafeCsvWriter:
    """The only way the app writes CSV (``tests/test_spreadsheets.py`` checks for others)."""
    return SafeCsvWriter(buffer, **options)
