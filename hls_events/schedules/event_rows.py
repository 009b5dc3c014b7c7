"""Reading events from a CSV file into an existing programme: one row per session, rows with the
same event title making one event. Every bad row is reported with its line and field, and the
plan is only made when every row is good (see event_import.py for writing it)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..inputs import whole_number
from ..lazy_text import _l
from ..localtime import NonexistentLocalTime, to_utc
from ..models import EventFormat, EventMode, Programme
from ..spreadsheets import csv_writer
from ..translation import gettext as _
from .reader import MAX_BYTES, Problem, ScheduleFileError, decode_upload

MAX_ROWS = 2000
TITLE_MAX = 200
TEXT_MAX = 10_000

# The columns, in the template's order; only the first five must have a value.
COLUMNS = (
    "event", "date", "starts", "ends", "format", "mode", "session", "venue", "address",
    "organisation", "capacity", "themes", "summary", "description",
)  # fmt: skip
REQUIRED = ("event", "date", "starts", "ends")
COLUMN_HINTS = {
    "event": _l("The event's title. Rows with the same title are sessions of one event."),
    "date": _l("The session's day, as 2027-05-18."),
    "starts": _l("When it starts, as 10:00, in the programme's time zone."),
    "ends": _l("When it ends, as 11:30."),
    "format": _l(
        "One of: %(formats)s. Conversation if blank.",
        formats=", ".join(member.value for member in EventFormat),
    ),
    "mode": _l("online, in_person or hybrid. Online if blank."),
    "session": _l("A title for this session, if the event has several."),
    "venue": _l("Where it happens, for in-person and hybrid events."),
    "address": _l("The venue's address."),
    "organisation": _l("The host organisation's name."),
    "capacity": _l("The number of places; blank for no limit."),
    "themes": _l("Themes, separated by semicolons."),
    "summary": _l("One or two sentences for the programme page."),
    "description": _l("The full description (Markdown)."),
}
TEMPLATE_ROWS = (
    ("Listening to people who use services", "2027-05-18", "10:00", "11:30", "learning_circle",
     "in_person", "First meeting", "Civic Centre", "1 High Street, Gateshead", "Gateshead Council",
     "20", "Relational practice", "A learning circle in two meetings.", ""),
    ("Listening to people who use services", "2027-05-20", "10:00", "11:30", "learning_circle",
     "in_person", "Second meeting", "Civic Centre", "1 High Street, Gateshead", "Gateshead Council",
     "20", "Relational practice", "", ""),
    ("Funding for learning", "2027-05-19", "14:00", "15:00", "webinar", "online", "", "", "",
     "Plymouth Alliance", "", "Systems stewardship; Funding", "How funders can work in a learning way.", ""),
)  # fmt: skip


@dataclass(frozen=True)
class SessionRow:
    line: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str


@dataclass
class EventRows:
    title: str
    format: EventFormat
    mode: EventMode
    organisation: str
    capacity: int | None
    themes: list[str]
    summary: str
    description: str
    sessions: list[SessionRow] = field(default_factory=list)


@dataclass(frozen=True)
class EventsPlan:
    events: list[EventRows]
    new_organisations: list[str]
    new_themes: list[str]

    @property
    def session_count(self) -> int:
        return sum(len(event.sessions) for event in self.events)


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    for row in TEMPLATE_ROWS:
        writer.writerow(row)
    return buffer.getvalue()


def _choice(value: str, enum: type[EventFormat] | type[EventMode]) -> str | None:
    """An enum value from its value or its label, whatever the case, spaces or hyphens."""
    wanted = value.strip().lower().replace("-", "_").replace(" ", "_")
    for member in enum:
        if wanted in (member.value, str(member.label).lower().replace(" ", "_")):
            return member.value
    return None


class _Reader:
    """Reads rows, collecting every problem, and groups good rows into events."""

    def __init__(
        self,
        programme: Programme,
        existing_titles: set[str],
        organisations: set[str],
        themes: set[str],
    ) -> None:
        self.programme = programme
        self.zone = ZoneInfo(programme.timezone)
        self.existing_titles = existing_titles
        self.organisations = organisations
        self.themes = themes
        self.problems: list[Problem] = []
        self.events: dict[str, EventRows] = {}

    def problem(self, line: int, column: str, message: str) -> None:
        where = (
            _("line %(line)s, %(column)s", line=line, column=column)
            if column
            else _("line %(line)s", line=line)
        )
        self.problems.append(Problem(where, message))

    def read(self, text: str) -> EventsPlan:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        missing = [column for column in REQUIRED if column not in header]
        unknown = [name for name in header if name and name not in COLUMNS]
        twice = sorted({name for name in header if name and header.count(name) > 1})
        if missing or unknown or twice:
            if twice:
                self.problem(1, "", _("the header names these columns more than once: %(names)s.", names=", ".join(twice)))  # fmt: skip
            if missing:
                self.problem(1, "", _("the header lacks the columns: %(names)s.", names=", ".join(missing)))  # fmt: skip
            if unknown:
                self.problem(1, "", _("unknown columns: %(names)s. The template lists the columns.", names=", ".join(unknown)))  # fmt: skip
            raise ScheduleFileError(self.problems)
        reader.fieldnames = header
        rows = 0
        try:
            for row in reader:
                rows += 1
                if rows > MAX_ROWS:
                    self.problem(reader.line_num, "", _("a file may hold at most %(count)s rows.", count=MAX_ROWS))  # fmt: skip
                    break
                if None in row:
                    self.problem(reader.line_num, "", _("this row has more cells than the header."))  # fmt: skip
                    continue
                cells = {name: (row.get(name) or "").strip() for name in COLUMNS}
                if any(cells.values()):
                    self._row(reader.line_num, cells)
        except csv.Error as error:
            self.problem(reader.line_num, "", _("this is not CSV that can be read (%(reason)s).", reason=str(error)))  # fmt: skip
        if not rows:
            self.problem(2, "", _("the file has a header but no rows."))
        if self.problems:
            raise ScheduleFileError(self.problems)
        events = list(self.events.values())
        used_organisations = {event.organisation for event in events if event.organisation}
        used_themes = {theme for event in events for theme in event.themes}
        return EventsPlan(
            events=events,
            new_organisations=sorted(
                name for name in used_organisations if name.lower() not in self.organisations
            ),
            new_themes=sorted(name for name in used_themes if name.lower() not in self.themes),
        )

    def _row(self, line: int, cells: dict[str, str]) -> None:
        before = len(self.problems)
        title = cells["event"]
        for column in REQUIRED:
            if not cells[column]:
                self.problem(line, column, _("this must have a value."))
        for column in COLUMNS:
            limit = TEXT_MAX if column in ("summary", "description", "address") else TITLE_MAX
            if len(cells[column]) > limit:
                self.problem(line, column, _("keep this to %(count)s characters or fewer.", count=limit))  # fmt: skip
        if title and title.lower() in self.existing_titles:
            self.problem(line, "event", _("the programme already has an event called “%(title)s”.", title=title))  # fmt: skip
        event_format = _choice(cells["format"] or "conversation", EventFormat)
        if event_format is None:
            self.problem(line, "format", _("“%(value)s” is not a format: use one of %(formats)s.", value=cells["format"], formats=", ".join(f.value for f in EventFormat)))  # fmt: skip
        mode = _choice(cells["mode"] or "online", EventMode)
        if mode is None:
            self.problem(line, "mode", _("“%(value)s” is not a mode: use online, in_person or hybrid.", value=cells["mode"]))  # fmt: skip
        capacity = None
        if cells["capacity"]:
            capacity = whole_number(cells["capacity"], 100_000)
            if capacity is None:
                self.problem(line, "capacity", _("give a whole number of places from 0 to 100000, or leave it blank."))  # fmt: skip
        starts_at, ends_at = self._times(line, cells)
        if len(self.problems) > before or starts_at is None or ends_at is None:
            return
        assert event_format is not None and mode is not None
        themes = [name.strip() for name in cells["themes"].split(";") if name.strip()]
        event = self.events.get(title.lower())
        if event is None:
            event = self.events[title.lower()] = EventRows(
                title=title,
                format=EventFormat(event_format),
                mode=EventMode(mode),
                organisation=cells["organisation"],
                capacity=capacity,
                themes=themes,
                summary=cells["summary"],
                description=cells["description"],
            )
        event.sessions.append(
            SessionRow(line, cells["session"], starts_at, ends_at, cells["venue"], cells["address"])
        )

    def _times(self, line: int, cells: dict[str, str]) -> tuple[datetime | None, datetime | None]:
        day: date | None = None
        if cells["date"]:
            try:
                day = date.fromisoformat(cells["date"])
            except ValueError:
                self.problem(line, "date", _("“%(value)s” is not a date like 2027-05-18.", value=cells["date"]))  # fmt: skip
        if day is not None and not (self.programme.starts_on <= day <= self.programme.ends_on):
            self.problem(line, "date", _("%(day)s is outside the programme (%(first)s to %(last)s).", day=day.isoformat(), first=self.programme.starts_on.isoformat(), last=self.programme.ends_on.isoformat()))  # fmt: skip
            day = None
        clocks: dict[str, time] = {}
        for column in ("starts", "ends"):
            if not cells[column]:
                continue
            try:
                clock = time.fromisoformat(cells[column])
            except ValueError:
                self.problem(line, column, _("“%(value)s” is not a time like 10:00.", value=cells[column]))  # fmt: skip
                continue
            if clock.tzinfo is not None:
                self.problem(line, column, _("give the time without a time zone, like 10:00: times are in the programme's (%(zone)s).", zone=self.zone.key))  # fmt: skip
                continue
            clocks[column] = clock
        if day is None or len(clocks) != 2:
            return None, None
        try:
            starts_at = to_utc(day, clocks["starts"], self.zone)
            ends_at = to_utc(day, clocks["ends"], self.zone)
        except NonexistentLocalTime as error:
            self.problem(line, "starts", str(error))
            return None, None
        if ends_at <= starts_at:
            self.problem(line, "ends", _("the session must end after it starts."))
            return None, None
        return starts_at, ends_at


def read_event_rows(
    raw: bytes,
    programme: Programme,
    existing_titles: set[str],
    organisations: set[str],
    themes: set[str],
) -> EventsPlan:
    """The events the file describes, or ScheduleFileError with every problem found. Titles,
    organisations and themes already there are given lower-cased."""
    text = decode_upload(raw, MAX_BYTES)
    return _Reader(programme, existing_titles, organisations, themes).read(text)
