"""HLS Events: convening Human Learning Systems programmes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("HLS_INSTANCE_PATH")
        or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from .config import load_config

    app.config.from_mapping(load_config(app.instance_path, test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (the models must be known before migrations run)
    from .extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, WAL for concurrent readers, and waiting rather than failing on a lock."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from .accounts.routes import blueprint as accounts
    from .health import blueprint as health
    from .organise.routes import blueprint as organise
    from .programmes.routes import blueprint as programmes

    app.register_blueprint(programmes)
    app.register_blueprint(organise)
    app.register_blueprint(accounts)
    app.register_blueprint(health)


def register_errorhandlers(app: Flask) -> None:
    from .errors import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import init_app

    init_app(app)


def register_security_headers(app: Flask) -> None:
    from .security import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from .accounts.commands import create_organiser
    from .demo import demo

    app.cli.add_command(create_organiser)
    app.cli.add_command(demo)
