"""Shared fixtures: a real database (SQLite file, or PostgreSQL from TEST_DATABASE_URL),
migrated once per run and emptied after every test."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, make_url, text

from hls_events import create_app
from hls_events.config import normalise_database_url
from hls_events.extensions import db

pytest_plugins = ["tests.smtp"]


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _database_of_this_worker(normalise_database_url(url))
    return f"sqlite:///{tmp_root / 'hls_events_test.sqlite'}"


def _database_of_this_worker(url: str) -> str:
    """Under pytest-xdist each worker empties and migrates a PostgreSQL database of its own,
    named after TEST_DATABASE_URL's with the worker's id (``test_gw0``), made if missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    server = make_url(url)
    name = f"{server.database}_{worker}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def migrated_database(database_url: str, instance_path: Path) -> str:
    """Start from an empty database and apply the real migrations, once per run."""
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(_test_config(database_url, instance_path))
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _test_config(database_url: str, instance_path: Path) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance_path),
        "SERVER_NAME": "localhost",
        # Links in emails and feeds are built from BASE_URL alone (hls_events/links.py).
        "BASE_URL": "http://localhost",
    }
    if database_url.startswith("postgresql"):
        # A test database need not survive a power cut; not waiting for the disk on every
        # commit makes the suite several times faster and changes nothing a test can see.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": "-c synchronous_commit=off"}
        }
    return config


def empty_database() -> None:
    """Delete every row, children first. On PostgreSQL, DELETE on small tables is about twenty
    times cheaper than TRUNCATE, which rewrites every table's files."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        for table in tables:
            connection.execute(text(f"DELETE FROM {table}"))
        if connection.dialect.name == "postgresql":
            # Ids start again at 1, as they do on SQLite once a table is empty.
            connection.execute(
                text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = current_schema()"
                )
            )


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module to change settings for its app."""
    return {}


def _empty_g(_sender: Flask, **_extra: Any) -> None:
    for name in list(g):
        g.pop(name)


@pytest.fixture
def app(migrated_database: str, instance_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app({**_test_config(migrated_database, instance_path), **app_config})
    # The test keeps an app context open (for factories and assertions), and a request reuses an
    # open app context; start every request with an empty `g`, as in production, so that the
    # signed-in user and the CSRF token never carry over between requests or clients.
    request_started.connect(_empty_g, app)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            try:
                empty_database()
            finally:
                db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture
def sign_in(client: FlaskClient) -> Callable[..., Any]:
    """Sign in through the real sign-in form, CSRF token included."""

    def _sign_in(email: str, password: str = "correct horse battery") -> Any:
        page = client.get("/account/sign-in")
        return client.post(
            "/account/sign-in",
            data={"email": email, "password": password, "csrf_token": csrf_token_from(page.text)},
        )

    return _sign_in


@pytest.fixture
def post_form(client: FlaskClient) -> Callable[..., Any]:
    """Post a form the way a browser does: fetch the page, take its CSRF token, submit."""

    def _post(page_url: str, data: dict[str, Any], action: str | None = None) -> Any:
        page = client.get(page_url)
        assert page.status_code == 200, f"{page_url} answered {page.status_code}"
        return client.post(
            action or page_url, data={**data, "csrf_token": csrf_token_from(page.text)}
        )

    return _post


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def count_queries() -> Callable[[], Any]:
    return counting_queries
