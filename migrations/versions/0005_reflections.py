"""Reflections, write-ups and the practice record's full-text search

Revision ID: 0005_reflections
Revises: 0004_calendar_feeds
Create Date: 2026-11-23 12:00:00

Written by hand. Full-text search is the database's own, so it differs by dialect:

- SQLite: FTS5 tables ``reflection_search`` (body) and ``write_up_search`` (title, body) with
  external content (the text lives once, in ``reflections`` and ``write_ups``; rowid = id),
  kept in step by triggers on insert, update and delete. Porter stemming, diacritics folded.
- PostgreSQL: a generated ``search_vector`` tsvector column on each table (English
  configuration; a write-up's title weighs more than its body) with a GIN index.

Neither is in the models' metadata, so ``flask db migrate`` may offer to drop the PostgreSQL
columns: leave them out of any generated migration. A later SQLite batch migration that
rebuilds ``reflections`` or ``write_ups`` drops their triggers: recreate them afterwards
(``create_sqlite_search`` below).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_reflections"
down_revision = "0004_calendar_feeds"
branch_labels = None
depends_on = None

VISIBILITIES = ("private", "organisers", "participants", "public")
ATTRIBUTIONS = ("named", "anonymous")


def _enum(name, values, length=16):
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade():
    op.create_table(
        "reflection_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("hint", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_reflection_prompts_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_prompts")),
    )
    op.create_index(
        op.f("ix_reflection_prompts_programme_id"), "reflection_prompts", ["programme_id"]
    )

    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_role", _enum("authorrole", ("attendee", "speaker")), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("principles", sa.String(length=40), nullable=False),
        sa.Column("visibility", _enum("visibility", VISIBILITIES), nullable=False),
        sa.Column("attribution", _enum("attribution", ATTRIBUTIONS), nullable=False),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_reflections_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_reflections_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_reflections_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["users.id"],
            name=op.f("fk_reflections_hidden_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("event_id", "author_id", name="uq_reflections_event_author"),
    )
    op.create_index(op.f("ix_reflections_programme_id"), "reflections", ["programme_id"])
    op.create_index(op.f("ix_reflections_event_id"), "reflections", ["event_id"])
    op.create_index(op.f("ix_reflections_author_id"), "reflections", ["author_id"])
    op.create_index("ix_reflections_created_at", "reflections", ["created_at"])

    op.create_table(
        "reflection_themes",
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reflection_id"],
            ["reflections.id"],
            name=op.f("fk_reflection_themes_reflection_id_reflections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_reflection_themes_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reflection_id", "theme_id", name=op.f("pk_reflection_themes")),
    )
    op.create_index(op.f("ix_reflection_themes_theme_id"), "reflection_themes", ["theme_id"])

    op.create_table(
        "reflection_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("visibility", _enum("visibility", VISIBILITIES), nullable=False),
        sa.Column("attribution", _enum("attribution", ATTRIBUTIONS), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reflection_id"],
            ["reflections.id"],
            name=op.f("fk_reflection_consents_reflection_id_reflections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_consents")),
    )
    op.create_index(
        op.f("ix_reflection_consents_reflection_id"), "reflection_consents", ["reflection_id"]
    )

    op.create_table(
        "reflection_invitations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_reflection_invitations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reflection_invitations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_reflection_invitations")),
    )
    op.create_index(
        op.f("ix_reflection_invitations_user_id"), "reflection_invitations", ["user_id"]
    )

    op.create_table(
        "write_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("slides_url", sa.String(length=500), nullable=False),
        sa.Column("recording_url", sa.String(length=500), nullable=False),
        sa.Column("status", _enum("writeupstatus", ("draft", "published")), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_write_ups_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_write_ups_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_write_ups_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["users.id"],
            name=op.f("fk_write_ups_hidden_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_ups")),
        sa.UniqueConstraint("event_id", "speaker_id", name="uq_write_ups_event_speaker"),
    )
    op.create_index(op.f("ix_write_ups_programme_id"), "write_ups", ["programme_id"])
    op.create_index(op.f("ix_write_ups_event_id"), "write_ups", ["event_id"])
    op.create_index(op.f("ix_write_ups_speaker_id"), "write_ups", ["speaker_id"])
    op.create_index("ix_write_ups_published_at", "write_ups", ["published_at"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search()
    elif dialect == "postgresql":
        create_postgresql_search()
    else:
        raise NotImplementedError(f"full-text search is not set up for {dialect}")


SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


def create_sqlite_search():
    for statement in (
        "CREATE VIRTUAL TABLE reflection_search USING fts5("
        f"body, content='reflections', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
        "CREATE TRIGGER reflections_search_insert AFTER INSERT ON reflections BEGIN"
        " INSERT INTO reflection_search(rowid, body) VALUES (new.id, new.body); END",
        "CREATE TRIGGER reflections_search_delete AFTER DELETE ON reflections BEGIN"
        " INSERT INTO reflection_search(reflection_search, rowid, body)"
        " VALUES ('delete', old.id, old.body); END",
        "CREATE TRIGGER reflections_search_update AFTER UPDATE OF body ON reflections BEGIN"
        " INSERT INTO reflection_search(reflection_search, rowid, body)"
        " VALUES ('delete', old.id, old.body);"
        " INSERT INTO reflection_search(rowid, body) VALUES (new.id, new.body); END",
        "CREATE VIRTUAL TABLE write_up_search USING fts5("
        f"title, body, content='write_ups', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
        "CREATE TRIGGER write_ups_search_insert AFTER INSERT ON write_ups BEGIN"
        " INSERT INTO write_up_search(rowid, title, body) VALUES (new.id, new.title, new.body);"
        " END",
        "CREATE TRIGGER write_ups_search_delete AFTER DELETE ON write_ups BEGIN"
        " INSERT INTO write_up_search(write_up_search, rowid, title, body)"
        " VALUES ('delete', old.id, old.title, old.body); END",
        "CREATE TRIGGER write_ups_search_update AFTER UPDATE OF title, body ON write_ups BEGIN"
        " INSERT INTO write_up_search(write_up_search, rowid, title, body)"
        " VALUES ('delete', old.id, old.title, old.body);"
        " INSERT INTO write_up_search(rowid, title, body) VALUES (new.id, new.title, new.body);"
        " END",
        # Rows already there (none on a new database) join the index.
        "INSERT INTO reflection_search(reflection_search) VALUES ('rebuild')",
        "INSERT INTO write_up_search(write_up_search) VALUES ('rebuild')",
    ):
        op.execute(statement)


def drop_sqlite_search():
    for trigger in (
        "reflections_search_insert",
        "reflections_search_delete",
        "reflections_search_update",
        "write_ups_search_insert",
        "write_ups_search_delete",
        "write_ups_search_update",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS reflection_search")
    op.execute("DROP TABLE IF EXISTS write_up_search")


def create_postgresql_search():
    op.execute(
        "ALTER TABLE reflections ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('english', coalesce(body, ''))) STORED"
    )
    op.execute("CREATE INDEX ix_reflections_search_vector ON reflections USING GIN (search_vector)")
    op.execute(
        "ALTER TABLE write_ups ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_write_ups_search_vector ON write_ups USING GIN (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        drop_sqlite_search()
    # On PostgreSQL the search columns and their indexes go with the tables.
    op.drop_table("write_ups")
    op.drop_table("reflection_invitations")
    op.drop_table("reflection_consents")
    op.drop_table("reflection_themes")
    op.drop_table("reflections")
    op.drop_table("reflection_prompts")
