"""Every migration goes down to an empty database and up again, and the models agree with where
the migrations end. On its own database, so that the suite's migrated one is left alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from hls_events import create_app
from hls_events.extensions import db
from tests.conftest import _database_url, _test_config


@pytest.fixture
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file, or on PostgreSQL a database of its own beside TEST_DATABASE_URL's."""
    url = _database_url(tmp_path)
    if not url.startswith("postgresql"):
        yield url
        return
    server = make_url(url)
    name = f"{server.database}_migrations"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_every_migration_downgrades_to_base_and_upgrades_again(
    scratch_database_url: str, tmp_path: Path
) -> None:
    def flask_db(command: Callable[[], None]) -> set[str]:
        """Run one command as `flask db ...` would, in an app (and engine) of its own, and
        return the tables it leaves."""
        app = create_app(_test_config(scratch_database_url, tmp_path / "instance"))
        with app.app_context():
            try:
                command()
                return set(inspect(db.engine).get_table_names()) - {"alembic_version"}
            finally:
                db.engine.dispose()

    every_model_table = set(db.metadata.tables)
    # Beside the models' tables, SQLite keeps the full-text search indexes as tables too.
    assert every_model_table <= flask_db(upgrade)
    assert flask_db(lambda: downgrade(revision="base")) == set()
    assert every_model_table <= flask_db(upgrade)
    flask_db(check)  # as `flask db check`: autogenerate finds nothing the migrations miss
