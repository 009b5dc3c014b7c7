"""Where a built request's time goes, in-process against the benchmark's database.

    .venv/bin/python benchmarks/profile_request.py sqlite /p/hls-week-large/events/<slug>/
    .venv/bin/python benchmarks/profile_request.py postgresql "/practice/?q=trust"
    .venv/bin/python benchmarks/profile_request.py sqlite register
    .venv/bin/python benchmarks/profile_request.py sqlite event|day|feed|personal-feed

Run `make bench` first (it builds the databases; a path or ``BENCH_DATABASE_URL`` may name
another). Kept copies of pages are off (``PAGE_CACHE_SECONDS=0``), so every request is built.
"register" registers new people for the large programme's events through the real form,
CSRF token and all; "event", "day", "feed" and "personal-feed" pick the benchmark's own pages.
``PROFILE_SIGNED_IN=1`` asks as the person who wrote the most reflections, signed in.

It prints, per request:

1. CPU (``time.process_time``) and wall time, unprofiled;
2. SQL: statements and time between cursor execute and its end (SQLAlchemy engine events);
   ORM: objects loaded (the mapper ``load`` event) and the time spent in Session.execute and
   the loading of its rows, less the SQL inside it; templates: time between
   ``before_render_template`` and ``template_rendered`` (less any SQL inside, which should be
   none), and which templates;
3. a profile of the same requests, with each function's own time put into one bucket: database
   driver, SQLAlchemy ORM, SQLAlchemy Core (statement building, result rows), Jinja and the
   compiled templates, serialisation (icalendar, json, email, markupsafe), Flask and Werkzeug,
   the app's own code, and the rest; then the functions that took most.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from run import PROGRAMME, use_built_in_process  # also puts this checkout first on sys.path

BUCKETS: list[tuple[str, tuple[str, ...]]] = [
    ("database driver", ("sqlite3", "psycopg", "_sqlite3", "method 'execute' of", "fetchall")),
    ("SQLAlchemy ORM", ("sqlalchemy/orm/",)),
    ("SQLAlchemy Core", ("sqlalchemy/",)),
    ("templates (Jinja)", ("jinja2/", "templates/", "<template>", "markupsafe")),
    ("serialisation", ("icalendar/", "/json/", "/email/", "vobject", "segno")),
    ("Flask, Werkzeug, WTForms", ("flask", "werkzeug/", "wtforms/", "babel/", "itsdangerous")),
    ("HLS Events code", ("hls_events/",)),
]


def bucket_of(filename: str, name: str) -> str:
    where = f"{filename} {name}"
    for bucket, marks in BUCKETS:
        if any(mark in where for mark in marks):
            return bucket
    return "other (Python, standard library)"


class Accounts:
    """SQL, ORM and template time, from events and signals, per request."""

    def __init__(self) -> None:
        self.sql_count = 0
        self.sql_seconds = 0.0
        self.orm_seconds = 0.0
        self.orm_sql_seconds = 0.0
        self.objects = 0
        self.template_seconds = 0.0
        self.template_sql_seconds = 0.0
        self.templates: Counter[str] = Counter()
        self._started: list[float] = []
        self._templates: list[tuple[float, float]] = []
        self._orm_depth = 0
        self.statements: Counter[str] = Counter()
        self.statement_seconds: Counter[str] = Counter()

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def install(self, app: Any) -> None:
        from flask import before_render_template, template_rendered
        from sqlalchemy import event
        from sqlalchemy.engine import Engine
        from sqlalchemy.orm import Mapper, Session

        @event.listens_for(Engine, "before_cursor_execute")
        def before(*_args: Any) -> None:
            self._started.append(time.perf_counter())

        @event.listens_for(Engine, "after_cursor_execute")
        def after(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            spent = time.perf_counter() - self._started.pop()
            self.sql_count += 1
            self.sql_seconds += spent
            if self._orm_depth:
                self.orm_sql_seconds += spent
            if self._templates:
                self.template_sql_seconds += spent
            shown = " ".join(statement.split())[:100]
            self.statements[shown] += 1
            self.statement_seconds[shown] += spent

        @event.listens_for(Mapper, "load")
        def loaded(*_args: Any) -> None:
            self.objects += 1

        def started_template(_sender: Any, template: Any, **_extra: Any) -> None:
            self._templates.append((time.perf_counter(), self.template_sql_seconds))
            self.templates[template.name] += 1

        def rendered(_sender: Any, **_extra: Any) -> None:
            started, _ = self._templates.pop()
            if not self._templates:  # a template rendered inside another is counted once
                self.template_seconds += time.perf_counter() - started

        before_render_template.connect(started_template, app, weak=False)
        template_rendered.connect(rendered, app, weak=False)

        # The ORM: Session.execute and the rows it loads (all(), first(), scalars...).
        from sqlalchemy.engine import Result

        def timed(function: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                self._orm_depth += 1
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self._orm_depth -= 1
                    if not self._orm_depth:
                        self.orm_seconds += time.perf_counter() - started

            return wrapper

        Session.execute = timed(Session.execute)  # type: ignore[method-assign]
        for name in ("all", "fetchall", "first", "one", "one_or_none", "scalar", "__iter__"):
            setattr(Result, name, timed(getattr(Result, name)))
        from sqlalchemy.engine.result import ScalarResult

        for name in ("all", "first", "one", "one_or_none", "__iter__"):
            setattr(ScalarResult, name, timed(getattr(ScalarResult, name)))


def main(database: str, target: str, count: int = 30) -> None:
    use_built_in_process(database)
    from sqlalchemy import func, select

    from hls_events import create_app
    from hls_events.extensions import db
    from hls_events.models import Event, Programme, Registration, User

    app = create_app()
    client = app.test_client()
    with app.app_context():
        slugs = list(
            db.session.scalars(
                select(Event.slug)
                .join(Programme)
                .where(Programme.slug == PROGRAMME, Event.capacity.is_(None))
                .order_by(Event.id)
                .limit(20)
            )
        )
        if target == "event":
            first = db.session.scalar(
                select(Event.slug)
                .join(Programme)
                .where(Programme.slug == PROGRAMME, Event.capacity.is_not(None))
                .order_by(Event.id)
            )
            target = f"/p/{PROGRAMME}/events/{first}/"
        elif target == "feed":
            target = f"/p/{PROGRAMME}/calendar.ics"
        elif target == "personal-feed":
            busiest = db.session.execute(
                select(Registration.user_id, func.count())
                .group_by(Registration.user_id)
                .order_by(func.count().desc(), Registration.user_id)
                .limit(1)
            ).one()
            token = db.session.get(User, busiest[0]).calendar_token  # type: ignore[union-attr]
            target = f"/calendar/{token}.ics"
    if os.environ.get("PROFILE_SIGNED_IN"):
        # A signed-in reader who sees more of the practice record than anyone: the person who
        # wrote the most reflections (each on an event they attended).
        from hls_events.models import Reflection

        with app.app_context():
            author = db.session.scalar(
                select(Reflection.author_id)
                .where(Reflection.author_id.is_not(None))
                .group_by(Reflection.author_id)
                .order_by(func.count().desc(), Reflection.author_id)
                .limit(1)
            )
            reader = db.session.get(User, author)
            assert reader is not None
            with client.session_transaction() as session:
                session["_user_id"] = reader.get_id()
                session["_fresh"] = True
            print(f"signed in as {reader.email}")
    if target == "day":
        page = client.get(f"/p/{PROGRAMME}/").text
        day = re.search(r'href="([^"]*[?&]day=[^"]+)"', page)
        target = day.group(1).replace("&amp;", "&") if day else f"/p/{PROGRAMME}/"
    print(f"{database}: {target}")

    if target == "register":
        page = client.get(f"/p/{PROGRAMME}/events/{slugs[0]}/").text
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert csrf is not None
        stamp = int(time.time())

        def request(number: int) -> None:
            response = client.post(
                f"/p/{PROGRAMME}/events/{slugs[number % len(slugs)]}/register",
                data={
                    "csrf_token": csrf.group(1),
                    "name": "Profile Person",
                    "sector": "charity",
                    # As a browser sends it: the reminders box is ticked by default.
                    "wants_reminders": "y",
                    "email": f"profile-{stamp}-{number}@bench.hls-events.example",
                },
            )
            assert response.status_code == 302, response.status_code
    else:
        sizes: list[int] = []

        def request(number: int) -> None:
            response = client.get(target)
            assert response.status_code == 200, response.status_code
            sizes.append(len(response.data))

    request(0)  # templates compiled, connections open
    number = 1
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        request(number)
        number += 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{cpu * 1000 / count:.2f} ms CPU, {wall * 1000 / count:.2f} ms wall a request, unprofiled"
    )

    accounts = Accounts()
    accounts.install(app)
    for _ in range(count):
        request(number)
        number += 1
    accounts.reset()
    started = time.perf_counter()
    for _ in range(count):
        request(number)
        number += 1
    spent = (time.perf_counter() - started) / count * 1000

    def per(seconds: float) -> str:
        return f"{seconds * 1000 / count:7.2f} ms"

    print(f"\nInstrumented: {spent:.2f} ms a request")
    print(f"  SQL        {per(accounts.sql_seconds)}  {accounts.sql_count / count:.1f} statements")
    print(
        f"  ORM        {per(accounts.orm_seconds - accounts.orm_sql_seconds)}"
        f"  {accounts.objects / count:.1f} objects loaded (SQL not counted)"
    )
    print(
        f"  templates  {per(accounts.template_seconds - accounts.template_sql_seconds)}"
        f"  {', '.join(f'{name} x{n / count:g}' for name, n in accounts.templates.most_common(6))}"
    )
    if target != "register" and sizes:
        print(f"  response   {sizes[-1]} bytes")
    print("  statements, by time:")
    for statement, seconds in accounts.statement_seconds.most_common(12):
        times = accounts.statements[statement]
        print(f"    {per(seconds)} {times / count:5.1f} x {statement}")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        request(number)
        number += 1
    profile.disable()
    stats = pstats.Stats(profile)
    buckets: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        own = row[2]
        buckets[bucket_of(filename, name)] += own
        total += own
    print("\nProfiled, each function's own time by kind (shares hold better than times):")
    for bucket, seconds in sorted(buckets.items(), key=lambda item: -item[1]):
        print(f"  {bucket:34} {seconds / total:6.1%}  {per(seconds)}")
    print()
    # PROFILE_SORT=cumulative shows which of the app's functions lead to the time.
    stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(
        int(os.environ.get("PROFILE_LINES", "20"))
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30)
