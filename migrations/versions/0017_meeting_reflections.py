"""Reflections on each meeting of a learning community

Revision ID: 0017_meeting_reflections
Revises: 0015_programme_themes
Create Date: 2026-12-03 17:30:00

Written by hand. A reflection may belong to one meeting (``session_id``), so that members
reflect after each meeting: the one-per-person-and-event unique constraint becomes two partial
unique indexes, one per person and event (no meeting), one per person and meeting.

Reflections already written on a community's meetings (one per member, on the series event) are
kept and given the meeting they were most likely about: the last one that had started when they
were written, or else the first.

SQLite cannot drop a constraint without rebuilding the table. Rebuilding ``reflections`` drops
its full-text triggers (migration 0005), and dropping the old table, with foreign keys on,
empties ``reflection_themes`` and ``reflection_consents`` by their ON DELETE CASCADE: both are
kept aside and put back, and the triggers and the index are made again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_meeting_reflections"
down_revision = "0015_programme_themes"
branch_labels = None
depends_on = None

CHILDREN = ("reflection_themes", "reflection_consents")

SQLITE_TRIGGERS = (
    "CREATE TRIGGER reflections_search_insert AFTER INSERT ON reflections BEGIN"
    " INSERT INTO reflection_search(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER reflections_search_delete AFTER DELETE ON reflections BEGIN"
    " INSERT INTO reflection_search(reflection_search, rowid, body)"
    " VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER reflections_search_update AFTER UPDATE OF body ON reflections BEGIN"
    " INSERT INTO reflection_search(reflection_search, rowid, body)"
    " VALUES ('delete', old.id, old.body);"
    " INSERT INTO reflection_search(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO reflection_search(reflection_search) VALUES ('rebuild')",
)

ATTACH_TO_MEETINGS = (
    # The last meeting still going ahead that had started when the reflection was written...
    """
    UPDATE reflections SET session_id = (
        SELECT s.id FROM event_sessions s
        JOIN community_meetings m ON m.session_id = s.id
        WHERE s.event_id = reflections.event_id AND s.status = 'scheduled'
          AND s.starts_at <= reflections.created_at
        ORDER BY s.starts_at DESC, s.id DESC LIMIT 1
    )
    WHERE session_id IS NULL AND event_id IN (SELECT event_id FROM communities)
    """,
    # ...or else the community's first meeting on that event.
    """
    UPDATE reflections SET session_id = (
        SELECT s.id FROM event_sessions s
        JOIN community_meetings m ON m.session_id = s.id
        WHERE s.event_id = reflections.event_id
        ORDER BY s.starts_at, s.id LIMIT 1
    )
    WHERE session_id IS NULL AND event_id IN (SELECT event_id FROM communities)
    """,
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_on_sqlite(change) -> None:
    """Rebuild ``reflections`` on SQLite with ``change`` applied, keeping what hangs off it."""
    for child in CHILDREN:
        op.execute(f"DROP TABLE IF EXISTS temp._kept_{child}")
        op.execute(f"CREATE TEMP TABLE _kept_{child} AS SELECT * FROM {child}")
    with op.batch_alter_table("reflections", recreate="always") as batch_op:
        change(batch_op)
    for child in CHILDREN:
        op.execute(f"DELETE FROM {child}")
        op.execute(f"INSERT INTO {child} SELECT * FROM temp._kept_{child}")
        op.execute(f"DROP TABLE temp._kept_{child}")
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def _partial_indexes() -> None:
    op.create_index(
        "uq_reflections_event_author",
        "reflections",
        ["event_id", "author_id"],
        unique=True,
        sqlite_where=sa.text("session_id IS NULL"),
        postgresql_where=sa.text("session_id IS NULL"),
    )
    op.create_index(
        "uq_reflections_session_author",
        "reflections",
        ["session_id", "author_id"],
        unique=True,
        sqlite_where=sa.text("session_id IS NOT NULL"),
        postgresql_where=sa.text("session_id IS NOT NULL"),
    )


def upgrade() -> None:
    column = sa.Column("session_id", sa.Integer(), nullable=True)
    foreign_key = dict(
        constraint_name=op.f("fk_reflections_session_id_event_sessions"),
        referent_table="event_sessions",
        local_cols=["session_id"],
        remote_cols=["id"],
        ondelete="CASCADE",
    )
    if _sqlite():

        def change(batch_op) -> None:
            batch_op.drop_constraint("uq_reflections_event_author", type_="unique")
            batch_op.add_column(column)
            batch_op.create_foreign_key(**foreign_key)

        _rebuild_on_sqlite(change)
    else:
        op.drop_constraint("uq_reflections_event_author", "reflections", type_="unique")
        op.add_column("reflections", column)
        op.create_foreign_key(source_table="reflections", **foreign_key)
    for statement in ATTACH_TO_MEETINGS:
        op.execute(statement)
    _partial_indexes()


def downgrade() -> None:
    # One reflection per person and event again: a member's newest reflection on the
    # community's meetings stays, the earlier ones go.
    op.execute(
        """
        DELETE FROM reflections WHERE session_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM reflections newer
            WHERE newer.event_id = reflections.event_id
              AND newer.author_id = reflections.author_id
              AND (newer.created_at > reflections.created_at
                   OR (newer.created_at = reflections.created_at AND newer.id > reflections.id))
        )
        """
    )
    op.drop_index("uq_reflections_session_author", table_name="reflections")
    op.drop_index("uq_reflections_event_author", table_name="reflections")
    if _sqlite():

        def change(batch_op) -> None:
            batch_op.drop_constraint(
                op.f("fk_reflections_session_id_event_sessions"), type_="foreignkey"
            )
            batch_op.drop_column("session_id")
            batch_op.create_unique_constraint(
                "uq_reflections_event_author", ["event_id", "author_id"]
            )

        _rebuild_on_sqlite(change)
    else:
        op.drop_constraint(
            op.f("fk_reflections_session_id_event_sessions"), "reflections", type_="foreignkey"
        )
        op.drop_column("reflections", "session_id")
        op.create_unique_constraint(
            "uq_reflections_event_author", "reflections", ["event_id", "author_id"]
        )
