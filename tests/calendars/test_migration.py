"""Migration 0004 gives people who already exist a private calendar token of their own.

It migrates a scratch SQLite file of its own, up to 0003 and then on, so it never touches the
suite's shared database (whichever engine that is)."""

from __future__ import annotations

import base64

from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from hls_events import create_app
from hls_events.extensions import db


def test_existing_people_get_unique_random_tokens(tmp_path):
    url = f"sqlite:///{tmp_path / 'migration.sqlite'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with app.app_context():
        upgrade(revision="0003_registrations")
        with db.engine.begin() as connection:
            for number in range(3):
                connection.execute(
                    text(
                        "INSERT INTO users (email, name, is_organiser, is_admin, created_at)"
                        " VALUES (:email, 'Someone', false, false, CURRENT_TIMESTAMP)"
                    ),
                    {"email": f"person{number}@example.org"},
                )
        upgrade(revision="0004_calendar_feeds")
        db.engine.dispose()

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT calendar_token, calendar_includes_waitlisted FROM users")
        ).all()
    indexes = {index["name"]: index for index in inspect(engine).get_indexes("users")}
    engine.dispose()

    tokens = [token for token, _ in rows]
    assert len(set(tokens)) == 3
    assert all(len(base64.urlsafe_b64decode(token)) == 24 for token in tokens)
    assert all(not included for _, included in rows)
    assert indexes["ix_users_calendar_token"]["unique"]
