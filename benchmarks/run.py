"""`make bench`: build the large demo, serve it as in production, load it, and report.

For each database (SQLite, then PostgreSQL) this builds a fresh database with
``flask --app hls_events demo --events N``, serves it with gunicorn, and drives wrk at each
page and feed from a second process on loopback, at 16 connections. A floor, the same gunicorn
serving a pre-built body of the same size from a bare WSGI function, is measured beside it.
Registration is measured with new people registering for 200 events at once, then the capacity
guarantees are checked in the database. On PostgreSQL, two instances on two ports take
registrations together. The results table goes into benchmarks/README.md.

Each page and feed is measured twice: built on every request (kept copies off,
PAGE_CACHE_SECONDS=0) and kept (as served). Beside requests a second and latency, each
measurement reports the workers' CPU milliseconds per request, from the operating system's
accounting of the gunicorn worker processes (utime + stime in /proc): the figure that holds
best from one machine to the next, and on a shared machine.

Settings come from the environment: BENCH_EVENTS (2000), BENCH_SECONDS per measurement (10),
BENCH_CONNECTIONS (16), BENCH_WORKERS (gunicorn workers; 2 per core), BENCH_DATABASES
("sqlite postgresql"), BENCH_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432/hls_bench),
BENCH_PORT (8731; the second instance and the floor take the next port and the eighth).
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
DATA = HERE / ".data"
# This checkout's code, whichever checkout the environment was installed from.
sys.path.insert(0, str(ROOT))

EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/hls_bench"
)
# Long enough that a 3 MB feed built behind fifteen others is measured, not dropped.
WRK_TIMEOUT = "30s"
REGISTRATION_EVENTS = 200
WARM_UP_SECONDS = 3
PORT = int(os.environ.get("BENCH_PORT", "8731"))
SECOND_PORT = PORT + 1
FLOOR_PORT = PORT + 8
PROGRAMME = "hls-week-large"

# The targets of issue 8, on a 2-core machine.
P99_TARGET_MS = 100.0
REGISTRATIONS_TARGET = 200.0
RSS_TARGET_MB = 200.0


@dataclass
class Measurement:
    name: str
    path: str
    size: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    floor_rps: float = 0.0
    floor_p99_ms: float = 0.0
    # The first request, before any worker kept a copy: what a page costs to build.
    first_ms: float = 0.0
    # A wrk script that makes each request (else every request is for ``path``).
    script: str = ""
    # "built" (kept copies off) or "kept"; registration and the floor have neither.
    mode: str = ""
    # The workers' CPU per request, from the OS (the floor's too, for comparison).
    cpu_ms: float = 0.0
    floor_cpu_ms: float = 0.0
    # A feed's calendar entries (VEVENTs), for its CPU per entry.
    entries: int = 0

    @property
    def share_of_floor(self) -> float:
        return self.rps / self.floor_rps if self.floor_rps else 0.0


@dataclass
class Run:
    database: str
    build_seconds: float = 0.0
    measurements: list[Measurement] = field(default_factory=list)
    registrations_per_second: float = 0.0
    registrations_made: int = 0
    registration_errors: int = 0
    capacity_problems: list[str] = field(default_factory=list)
    worker_rss_mb: list[float] = field(default_factory=list)
    two_instances: dict[str, float] = field(default_factory=dict)
    measured_at: str = ""


# --- Building and serving --------------------------------------------------------------------


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{DATA / 'bench.sqlite'}"
    return POSTGRES_URL


def fresh_database(database: str) -> None:
    DATA.mkdir(exist_ok=True)
    if database == "sqlite":
        for path in DATA.glob("bench.sqlite*"):
            path.unlink()
        return
    import psycopg

    parts = urlsplit(POSTGRES_URL)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def app_environment(database: str, production: bool) -> dict[str, str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        # One client on loopback is one address: the per-address limits would refuse it.
        "RATELIMIT_ENABLED": "false",
    }
    if production:
        environment.update(
            HLS_ENV="production",
            SECRET_KEY=SECRET_KEY,
            BASE_URL=f"http://127.0.0.1:{PORT}",
            MAIL_SENDER="HLS Events <bench@hls-events.example>",
        )
    return environment


SECRET_KEY = secrets.token_urlsafe(32)


def use_built_in_process(database: str) -> None:
    """This process's environment for building pages in-process against the benchmark's
    database (or ``BENCH_DATABASE_URL``), with kept copies off."""
    os.environ.update(app_environment(database, production=False))
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ["PAGE_CACHE_SECONDS"] = "0"


def build(database: str) -> float:
    fresh_database(database)
    environment = app_environment(database, production=False)
    flask = [str(BIN / "flask"), "--app", "hls_events"]
    started = time.monotonic()
    subprocess.run([*flask, "db", "upgrade"], env=environment, cwd=ROOT, check=True)
    subprocess.run([*flask, "demo", "--events", str(EVENTS)], env=environment, cwd=ROOT, check=True)
    return time.monotonic() - started


def serve(app: str, port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--pythonpath",
            str(HERE),
            "--log-level",
            "warning",
            app,
        ],
        env=environment,
        cwd=ROOT,
    )
    # Generous: on a busy machine, four workers importing the app take a while.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:  # workers still building pages wrk gave up on
        server.kill()
        server.wait(timeout=30)


def worker_pids(server: subprocess.Popen[bytes]) -> list[int]:
    return [
        int(pid)
        for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    ]


_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU of process ``pid`` so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15)


def workers_cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """User and system CPU of the gunicorn master's workers so far."""
    total = 0.0
    for pid in worker_pids(server):
        try:
            total += process_cpu_seconds(pid)
        except FileNotFoundError:  # a worker restarted: its time is lost, rarely
            continue
    return total


def wait_until_idle(server: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    """The workers' CPU seconds so far, once they have used under a tenth of a core for half
    a second: every request left in their queue has been answered."""
    deadline = time.monotonic() + timeout
    used = workers_cpu_seconds(server)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = workers_cpu_seconds(server)
        if now - used < 0.05:
            return now
        used = now
    raise RuntimeError("the workers did not settle")


def worker_rss_mb(server: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of each of the gunicorn master's workers, from /proc."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(round(kilobytes / 1024, 1))
    return sizes


# --- What to load ----------------------------------------------------------------------------


@dataclass
class Targets:
    event_path: str
    personal_feed_path: str
    registration_paths: list[str]
    search_path: str = "/practice/?q=commissioners"


def choose_targets(database: str) -> Targets:
    """Pick, by a fixed rule, the event, the person and the events to register for."""
    os.environ.update(app_environment(database, production=False))
    from sqlalchemy import func, select

    from hls_events import create_app
    from hls_events.extensions import db
    from hls_events.models import Event, Programme, Registration, User

    app = create_app()
    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.slug == PROGRAMME))
        events = list(
            db.session.scalars(
                select(Event)
                .where(Event.programme_id == programme.id, Event.capacity.is_not(None))
                .order_by(Event.id)
                .limit(REGISTRATION_EVENTS)
            )
        )
        busiest = db.session.execute(
            select(Registration.user_id, func.count())
            .group_by(Registration.user_id)
            .order_by(func.count().desc(), Registration.user_id)
            .limit(1)
        ).first()
        person = db.session.get(User, busiest[0])
        targets = Targets(
            event_path=f"/p/{PROGRAMME}/events/{events[0].slug}/",
            personal_feed_path=f"/calendar/{person.calendar_token}.ics",
            registration_paths=[f"/p/{PROGRAMME}/events/{e.slug}/register" for e in events],
        )
        db.engine.dispose()
    return targets


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        # Long: a page built on a busy machine, behind requests wrk left in the queue.
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def registration_session(port: int, event_path: str) -> tuple[str, str]:
    """A session cookie and its CSRF token, as a browser gets them from the event page."""
    status, headers, body = fetch(f"http://127.0.0.1:{port}{event_path}")
    assert status == 200, f"event page answered {status}"
    cookie = SimpleCookie(headers["Set-Cookie"])
    session = "; ".join(f"{key}={morsel.value}" for key, morsel in cookie.items())
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    return session, token.decode()


# --- Load ------------------------------------------------------------------------------------


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    url: str,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
    environment: dict[str, str] | None = None,
    seconds: int = SECONDS,
    server: subprocess.Popen[bytes] | None = None,
) -> dict[str, float]:
    """Load ``url``; with ``server``, also its workers' CPU milliseconds per request.

    The workers' CPU is counted from an idle server until it is idle again, so no request is
    billed to another measurement; when wrk stops, each of its connections leaves one request
    the server still answers, and each request wrk gave up waiting for was answered too: both
    are counted as requests served.
    """
    command = [
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", WRK_TIMEOUT,
    ]  # fmt: skip
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    cpu_before = wait_until_idle(server) if server is not None else 0.0
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=environment
    ).stdout
    cpu = wait_until_idle(server) - cpu_before if server is not None else 0.0
    percentiles = dict(re.findall(r"^ +(50|99)% +(\S+) *$", output, re.MULTILINE))
    if len(percentiles) != 2:
        raise RuntimeError(f"wrk gave no latency distribution for {url}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    failed = int(errors.group(1)) if errors else 0
    timeouts = 0
    if socket_errors:
        failed += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
        timeouts = int(re.search(r"timeout (\d+)", socket_errors.group(1)).group(1))
    served = requests + timeouts + CONNECTIONS
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(percentiles["50"]),
        "p99_ms": _milliseconds(percentiles["99"]),
        "requests": requests,
        "errors": failed,
        "cpu_ms": round(cpu * 1000 / served, 3) if requests else 0.0,
    }


def page_measurements(targets: Targets, mode: str) -> list[Measurement]:
    pages = [
        Measurement("Home page", "/"),
        Measurement("Programme page (a day)", f"/p/{PROGRAMME}/"),
        Measurement("Event page", targets.event_path),
        Measurement("Programme feed", f"/p/{PROGRAMME}/calendar.ics"),
        Measurement("Programme feed, revalidated (304)", f"/p/{PROGRAMME}/calendar.ics"),
        Measurement("Personal feed", targets.personal_feed_path),
        Measurement("Practice record search, repeated", targets.search_path),
    ]
    if mode == "built":  # new searches are never kept: measured once, here
        pages.append(
            Measurement(
                "Practice record search, a new one each time",
                targets.search_path,
                script="search.lua",
            )
        )
    for page in pages:
        page.mode = mode
    return pages


def measure_pages(
    port: int, measurements: list[Measurement], server: subprocess.Popen[bytes]
) -> None:
    base = f"http://127.0.0.1:{port}"
    for measurement in measurements:
        url = base + measurement.path
        started = time.monotonic()
        status, headers, body = fetch(url)
        if not measurement.script:  # a script's requests are new each time: no first one
            measurement.first_ms = round((time.monotonic() - started) * 1000, 1)
        assert status == 200, f"{measurement.path} answered {status}"
        extra = {"Accept-Encoding": "identity"}
        if "(304)" in measurement.name:
            extra["If-None-Match"] = headers["ETag"]
            status, _, body = fetch(url, extra)
            assert status == 304, f"revalidating {measurement.path} answered {status}"
        measurement.size = len(body)
        measurement.entries = body.count(b"BEGIN:VEVENT")
        # Steady state: every worker has built the page once (a cold build is timed apart).
        script = HERE / measurement.script if measurement.script else None
        wrk(url, extra, script, seconds=WARM_UP_SECONDS)
        result = wrk(url, extra, script, server=server)
        measurement.cpu_ms = result["cpu_ms"]
        measurement.rps = result["rps"]
        measurement.p50_ms = result["p50_ms"]
        measurement.p99_ms = result["p99_ms"]
        measurement.requests = int(result["requests"])
        measurement.errors = int(result["errors"])
        print(
            f"  {measurement.mode:5} {measurement.name:44} {measurement.rps:9.1f}/s"
            f"  p50 {measurement.p50_ms:7.1f} ms  p99 {measurement.p99_ms:7.1f} ms"
            f"  CPU {measurement.cpu_ms:8.2f} ms  {measurement.size} bytes",
            flush=True,
        )


def measure_floor(measurements: list[Measurement]) -> None:
    server = serve("floor:app", FLOOR_PORT, dict(os.environ))
    try:
        floors: dict[int, dict[str, float]] = {}
        for measurement in measurements:
            if measurement.size not in floors:
                floors[measurement.size] = wrk(
                    f"http://127.0.0.1:{FLOOR_PORT}/{measurement.size}", server=server
                )
            measurement.floor_rps = floors[measurement.size]["rps"]
            measurement.floor_p99_ms = floors[measurement.size]["p99_ms"]
            measurement.floor_cpu_ms = floors[measurement.size]["cpu_ms"]
    finally:
        stop(server)


def register_load(
    ports: list[int],
    targets: Targets,
    prefix: str,
    server: subprocess.Popen[bytes] | None = None,
) -> list[dict[str, float]]:
    """New people register at once on each port; the results of each wrk, in order (with
    ``server``, the one port's workers' CPU per request too)."""
    processes = []
    for number, port in enumerate(ports):
        cookie, token = registration_session(port, targets.event_path)
        script = DATA / f"register_targets_{number}.lua"
        paths = ",\n".join(json.dumps(path) for path in targets.registration_paths)
        script.write_text(
            f"return {{\n  cookie = {json.dumps(cookie)},\n  csrf_token = {json.dumps(token)},\n"
            f"  paths = {{\n{paths}\n  }},\n}}\n"
        )
        environment = {
            **os.environ,
            "REGISTER_TARGETS": str(script),
            "REGISTER_PREFIX": f"{prefix}{number}",
        }
        processes.append((port, environment))
    results: list[dict[str, float]] = []
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(processes)) as pool:
        futures = [
            pool.submit(
                wrk,
                f"http://127.0.0.1:{port}/",
                None,
                HERE / "register.lua",
                environment,
                SECONDS * 2,
                server,
            )
            for port, environment in processes
        ]
        results = [future.result() for future in futures]
    return results


def capacity_problems(database: str, prefix: str) -> tuple[int, list[str]]:
    """How many of the load's registrations are stored, and every broken capacity rule."""
    os.environ.update(app_environment(database, production=False))
    from sqlalchemy import func, select

    from hls_events import create_app
    from hls_events.extensions import db
    from hls_events.models import (
        PLACE_HOLDING_STATUSES,
        Event,
        Registration,
        RegistrationStatus,
        User,
    )

    app = create_app()
    problems = []
    with app.app_context():
        made = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .join(User)
            .where(User.email.like(f"{prefix}%@bench.hls-events.example"))
        )
        held = dict(
            db.session.execute(
                select(Registration.event_id, func.count())
                .where(Registration.status.in_(PLACE_HOLDING_STATUSES))
                .group_by(Registration.event_id)
            ).all()
        )
        for event_id, capacity in db.session.execute(
            select(Event.id, Event.capacity).where(Event.capacity.is_not(None))
        ):
            if held.get(event_id, 0) > capacity:
                problems.append(f"event {event_id}: {held[event_id]} places held of {capacity}")
        positions: dict[int, list[int]] = {}
        for event_id, position in db.session.execute(
            select(Registration.event_id, Registration.waitlist_position).where(
                Registration.status == RegistrationStatus.WAITLISTED
            )
        ):
            positions.setdefault(event_id, []).append(position)
        for event_id, taken in positions.items():
            if sorted(taken) != list(range(1, len(taken) + 1)):
                problems.append(f"event {event_id}: waiting-list positions are not 1..N")
        db.engine.dispose()
    return made, problems


# --- One database ----------------------------------------------------------------------------


def run_database(database: str) -> Run:
    print(f"== {database}: building the demo with {EVENTS} events", flush=True)
    run = Run(database, measured_at=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    run.build_seconds = round(build(database), 1)
    targets = choose_targets(database)
    environment = app_environment(database, production=True)
    print(f"== {database}: {WORKERS} workers, {CONNECTIONS} connections", flush=True)
    # Built on every request: what a page costs when its kept copy has just been dropped.
    server = serve("wsgi:app", PORT, {**environment, "PAGE_CACHE_SECONDS": "0"})
    try:
        run.measurements = page_measurements(targets, "built")
        measure_pages(PORT, run.measurements, server)
    finally:
        stop(server)
    server = serve("wsgi:app", PORT, environment)
    try:
        kept = page_measurements(targets, "kept")
        measure_pages(PORT, kept, server)
        run.measurements += kept
        prefix = f"one-{database}-"
        result = register_load([PORT], targets, prefix, server)[0]
        run.worker_rss_mb = worker_rss_mb(server)
    finally:
        stop(server)
    run.registrations_made, run.capacity_problems = capacity_problems(database, prefix)
    run.registrations_per_second = round(run.registrations_made / (SECONDS * 2), 1)
    run.registration_errors = int(result["errors"])
    run.measurements.append(
        Measurement(
            "Registration (POST)",
            targets.registration_paths[0],
            rps=result["rps"],
            p50_ms=result["p50_ms"],
            p99_ms=result["p99_ms"],
            requests=int(result["requests"]),
            errors=int(result["errors"]),
            cpu_ms=result["cpu_ms"],
        )
    )
    print(
        f"  registrations: {run.registrations_made} stored, {run.registrations_per_second}/s, "
        f"{len(run.capacity_problems)} capacity problems; worker RSS {run.worker_rss_mb} MB",
        flush=True,
    )
    if database == "postgresql":
        run.two_instances = two_instances(database, targets)
    measure_floor(run.measurements)
    return run


def two_instances(database: str, targets: Targets) -> dict[str, float]:
    """Two instances on two ports, one database: registrations fired at both at once."""
    environment = app_environment(database, production=True)
    first = serve("wsgi:app", PORT, environment)
    second = serve("wsgi:app", SECOND_PORT, environment)
    try:
        results = register_load([PORT, SECOND_PORT], targets, "two-")
    finally:
        stop(first)
        stop(second)
    made, problems = capacity_problems(database, "two-")
    combined = {
        "registrations_per_second": round(made / (SECONDS * 2), 1),
        "stored": made,
        "capacity_problems": len(problems),
        "errors": sum(int(result["errors"]) for result in results),
        "p99_ms": max(result["p99_ms"] for result in results),
    }
    print(f"  two instances: {combined}", flush=True)
    return combined


# --- Report ----------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def table(runs: list[Run]) -> str:
    lines = [
        f"Measured {runs[0].measured_at or f'{datetime.now(UTC):%Y-%m-%d %H:%M} UTC'} "
        f"on {machine()}.",
        f"{EVENTS} events; gunicorn with {WORKERS} sync workers; wrk, 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s each ({SECONDS * 2} s for registration).",
        "",
        "Built: kept copies off, every request builds its page (what every page shares at a "
        "content revision, such as the record's filter choices, is still read once a revision: "
        "kept_values.py; from run J). Kept: as served. CPU ms: the gunicorn workers' CPU per "
        "request, from the OS.",
        "",
        "| Endpoint | Database | Built or kept | Bytes | CPU ms | Requests/s | p50 ms | p99 ms "
        "| Floor CPU ms | Floor requests/s | Floor p99 ms | Share of floor | Errors "
        "| First request ms |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        for m in run.measurements:
            floor = (
                f"{m.floor_cpu_ms:.2f} | {m.floor_rps:.0f} | {m.floor_p99_ms:.1f}"
                if m.floor_rps
                else "- | - | -"
            )
            share = f"{m.share_of_floor:.1%}" if m.floor_rps else "-"
            lines.append(
                f"| {m.name} | {run.database} | {m.mode or '-'} | {m.size} | {m.cpu_ms:.2f} "
                f"| {m.rps:.1f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} | {floor} | {share} "
                f"| {m.errors} | {m.first_ms or '-'} |"
            )
    lines.append("")
    for run in runs:
        for m in run.measurements:
            if m.entries and m.cpu_ms:
                lines.append(
                    f"- {m.name}, {run.database}, {m.mode}: {m.cpu_ms:.1f} ms of CPU for "
                    f"{m.entries} calendar entries, {m.cpu_ms / m.entries:.3f} ms an entry."
                )
    lines += ["", "| Database | Build s | Registrations stored/s | Capacity problems "
              "| Worker RSS MB | Two instances |", "|---|--:|--:|--:|---|---|"]  # fmt: skip
    for run in runs:
        two = (
            f"{run.two_instances['registrations_per_second']}/s combined, "
            f"{run.two_instances['capacity_problems']} capacity problems"
            if run.two_instances
            else "-"
        )
        lines.append(
            f"| {run.database} | {run.build_seconds} | {run.registrations_per_second} "
            f"| {len(run.capacity_problems)} | {', '.join(map(str, run.worker_rss_mb))} | {two} |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = HERE / "README.md"
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    content = readme.read_text()
    before, rest = content.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}")


def load_results() -> list[Run]:
    """The runs saved by the last `make bench`, to write the table again (``--report``)."""
    runs = []
    for saved in json.loads((DATA / "results.json").read_text()):
        measurements = [Measurement(**m) for m in saved.pop("measurements")]
        runs.append(Run(**saved, measurements=measurements))
    return runs


def main() -> int:
    if "--report" in sys.argv:
        write_readme(table(load_results()))
        return 0
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    runs = [run_database(database) for database in DATABASES]
    DATA.mkdir(exist_ok=True)
    (DATA / "results.json").write_text(
        json.dumps([asdict(run) for run in runs], indent=2, default=str)
    )
    text = table(runs)
    print(text)
    write_readme(text)
    broken = [run.database for run in runs if run.capacity_problems]
    if broken or any(run.two_instances.get("capacity_problems") for run in runs):
        print(f"Capacity guarantees broken on {broken}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
