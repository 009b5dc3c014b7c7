"""The app served by gunicorn in its own processes, and browser-like HTTP clients for it.

Used by the concurrency and crash tests: the server runs exactly as in production (several
worker processes, each with its own database connections), on a free port of 127.0.0.1,
against the test database. Each client keeps its own cookies and takes the CSRF token from a
page it fetched, as a browser does, so the protection stays on.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from flask import Flask
from sqlalchemy import select

from hls_events import PROJECT_ROOT
from hls_events.extensions import db
from hls_events.models import Registration, RegistrationStatus
from hls_events.registrations.tokens import read_registration_token

# The project's own environment, or the one running the tests (a git worktree has none).
GUNICORN = next(
    (
        path
        for path in (
            Path(PROJECT_ROOT) / ".venv" / "bin" / "gunicorn",
            Path(sys.executable).parent / "gunicorn",
        )
        if path.exists()
    ),
    Path(PROJECT_ROOT) / ".venv" / "bin" / "gunicorn",
)
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    """``gunicorn -w N wsgi:app`` as a subprocess in its own process group."""

    def __init__(
        self,
        database_url: str,
        instance_path: Path,
        secret_key: str,
        workers: int = 4,
        app: str = "wsgi:app",
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.app = app
        self.environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "HLS_INSTANCE_PATH": str(instance_path),
            "SECRET_KEY": secret_key,
            "HLS_ENV": "development",
            "MAIL_BACKEND": "file",
            "RATELIMIT_ENABLED": "false",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(instance_path) / f"gunicorn-{self.port}.log"

    def start(self, timeout: float = 30) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--timeout",
                "120",
                self.app,
            ],
            cwd=PROJECT_ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: nothing gets to clean up."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        # Workers are reaped by init once the master is gone; wait until none answers.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.kill()
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    location: str = ""
    text: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class Client:
    """One visitor: their own cookie jar, like a browser tab in a private window."""

    base_url: str
    jar: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _KeepRedirects()
        )

    def request(self, path: str, data: dict[str, Any] | None = None) -> Answer:
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        started = time.monotonic()
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        except (
            urllib.error.URLError,
            ConnectionError,
            TimeoutError,
            OSError,
            HTTPException,
        ) as error:
            return Answer(0, error=repr(error), seconds=time.monotonic() - started)
        try:
            text = response.read().decode("utf-8", "replace")
        except (ConnectionError, OSError, HTTPException) as error:
            # A server killed while writing the answer: its headers came, the rest did not.
            return Answer(0, error=repr(error), seconds=time.monotonic() - started)
        finally:
            response.close()
        return Answer(
            response.status,
            location=response.headers.get("Location", ""),
            text=text,
            seconds=time.monotonic() - started,
        )

    def csrf_token(self, path: str) -> str:
        page = self.request(path)
        assert page.status == 200, f"{path} answered {page.status}: {page.error or page.text[:500]}"
        match = CSRF_INPUT.search(page.text)
        assert match, f"{path} has no CSRF token"
        return match.group(1)

    def post_form(self, path: str, data: dict[str, Any], token: str) -> Answer:
        return self.request(path, {**data, "csrf_token": token})


T = TypeVar("T")
POOL = 64


def at_once(jobs: list[Callable[[], T]]) -> list[T]:
    """Run the jobs from a bounded pool of threads, all released together."""
    with ThreadPoolExecutor(max_workers=POOL) as pool:
        return list(pool.map(lambda job: job(), jobs))


def registration_data(number: int) -> dict[str, str]:
    return {
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "organisation": "Somewhere Council",
        "sector": "local_government",
        "wants_reminders": "y",
    }


def registration_of(app: Flask, answer: Answer) -> tuple[int, int]:
    token = urlsplit(answer.location).path.rsplit("/", 1)[-1]
    return read_registration_token(app.config["SECRET_KEY"], token)


def assert_places_consistent(event_id: int, capacity: int) -> list[Registration]:
    """The invariants: no more confirmed than capacity, a gapless waiting list, one
    registration per person, and the waiting list used only when the event is full."""
    db.session.expire_all()
    registrations = list(
        db.session.scalars(select(Registration).where(Registration.event_id == event_id))
    )
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    assert len(confirmed) <= capacity
    if waiting:
        assert len(confirmed) == capacity, "people are waiting while places are free"
    assert sorted(r.waitlist_position for r in waiting) == list(range(1, len(waiting) + 1))
    per_person = Counter(r.user_id for r in registrations)
    assert max(per_person.values(), default=1) == 1
    return registrations
