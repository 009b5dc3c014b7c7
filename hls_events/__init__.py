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
    register_input_checks(app)
    register_blueprints(app)
    register_subscribers(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (the models must be known before migrations run)
    from .connection_checks import init_app as init_connection_checks
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .i18n import init_app as init_i18n
    from .mail import init_app as init_mail
    from .page_cache import init_app as init_page_cache
    from .read_only import init_app as init_read_only

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    init_mail(app)
    init_page_cache(app)
    init_read_only(app)
    init_connection_checks(app)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, WAL for concurrent readers, and waiting rather than failing on a lock.

    A 16 MB page cache (SQLite's own is 2 MB): a search of the record reads the index pages of
    thousands of matches, and reading them again from the operating system cost a tenth to a
    quarter of its CPU."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-16384")
        cursor.close()


def register_input_checks(app: Flask) -> None:
    from .inputs import init_app

    init_app(app)


def register_blueprints(app: Flask) -> None:
    from .accounts.routes import blueprint as accounts
    from .calendars.routes import blueprint as calendars
    from .communities.facilitate_routes import blueprint as communities_facilitate
    from .communities.routes import blueprint as communities
    from .discovery.routes import blueprint as discovery
    from .health import blueprint as health
    from .organise.invitations import blueprint as invitations
    from .organise.routes import blueprint as organise
    from .preferences.routes import blueprint as preferences
    from .programmes.routes import blueprint as programmes
    from .proposals.organiser_routes import blueprint as proposals_organise
    from .proposals.routes import blueprint as proposals
    from .reflections.routes import blueprint as reflections
    from .registrations.checkin_routes import door as check_in
    from .registrations.organiser_routes import blueprint as registrations_organise
    from .registrations.routes import blueprint as registrations
    from .schedule.routes import blueprint as schedule
    from .schedules.event_import_routes import blueprint as events_import
    from .schedules.organiser_routes import blueprint as schedule_import
    from .schedules.routes import blueprint as schedules
    from .site_pages.routes import blueprint as site_pages
    from .speakers.organiser_routes import blueprint as speakers_organise
    from .speakers.routes import blueprint as speakers

    app.register_blueprint(programmes)
    app.register_blueprint(registrations)
    app.register_blueprint(registrations_organise)
    app.register_blueprint(check_in)
    app.register_blueprint(organise)
    app.register_blueprint(invitations)
    app.register_blueprint(site_pages)
    app.register_blueprint(accounts)
    app.register_blueprint(calendars)
    app.register_blueprint(reflections)
    app.register_blueprint(proposals)
    app.register_blueprint(proposals_organise)
    app.register_blueprint(speakers)
    app.register_blueprint(speakers_organise)
    app.register_blueprint(schedule)
    app.register_blueprint(schedules)
    app.register_blueprint(schedule_import)
    app.register_blueprint(events_import)
    app.register_blueprint(discovery)
    app.register_blueprint(health)
    app.register_blueprint(communities)
    app.register_blueprint(communities_facilitate)
    app.register_blueprint(preferences)

    from .api import init_app as init_api

    init_api(app)


def register_subscribers(app: Flask) -> None:
    from .subscribers import init_app

    init_app(app)


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
    from .admin.commands import create_admin, retention
    from .demo import demo
    from .mail.commands import worker
    from .reflections.commands import invite_reflections
    from .schedules.commands import import_schedule_command

    app.cli.add_command(create_organiser)
    app.cli.add_command(create_admin)
    app.cli.add_command(retention)
    app.cli.add_command(demo)
    app.cli.add_command(worker)
    app.cli.add_command(invite_reflections)
    app.cli.add_command(import_schedule_command)
