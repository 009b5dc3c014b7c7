"""A full-text index of the reflections everyone may read, on SQLite

Revision ID: 0020_public_search
Revises: 0019_search_visibility
Create Date: 2026-12-04 11:00:00

Written by hand. Most searches of the practice record are by visitors, who may read only
public reflections that are not hidden: a seventh of them with the demo's shares. Searching
every reflection, SQLite looked up each match of a common word (24,000 for "learning") to
learn it could not be shown; ``reflection_search_public`` holds only the public, listed ones,
kept in step by triggers, and the visitor's search asks it instead. The visibility rules still
run on every row it returns (an event's or programme's status is not in it); bm25 weighs the
words by that smaller set, as a visitor's view of the record. It is contentless: snippets come
from ``reflection_search``. Like 0005's triggers, these follow INSERT, UPDATE and DELETE, not
``INSERT OR REPLACE`` or a change of a reflection's id, which the app never makes. A later
migration that rebuilds ``reflections`` in batch drops these triggers, as 0017 did the others,
and must make them again. PostgreSQL has had its like since 0008 and 0016: partial indexes of
the public reflections' vectors.
"""

from alembic import op

revision = "0020_public_search"
down_revision = "0019_search_visibility"
branch_labels = None
depends_on = None

PUBLIC = "visibility = 'public' AND hidden_at IS NULL"
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _listed(row: str) -> str:
    return f"{row}.visibility = 'public' AND {row}.hidden_at IS NULL"


SQLITE = (
    "CREATE VIRTUAL TABLE reflection_search_public USING fts5("
    f"body, content='', tokenize='{SQLITE_TOKENIZER}')",
    "CREATE TRIGGER reflections_public_search_insert AFTER INSERT ON reflections"
    f" WHEN {_listed('new')} BEGIN"
    " INSERT INTO reflection_search_public(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER reflections_public_search_delete AFTER DELETE ON reflections"
    f" WHEN {_listed('old')} BEGIN"
    " INSERT INTO reflection_search_public(reflection_search_public, rowid, body)"
    " VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER reflections_public_search_update"
    " AFTER UPDATE OF body, visibility, hidden_at ON reflections BEGIN"
    " INSERT INTO reflection_search_public(reflection_search_public, rowid, body)"
    f" SELECT 'delete', old.id, old.body WHERE {_listed('old')};"
    " INSERT INTO reflection_search_public(rowid, body)"
    f" SELECT new.id, new.body WHERE {_listed('new')}; END",
    "INSERT INTO reflection_search_public(rowid, body)"
    f" SELECT id, body FROM reflections WHERE {PUBLIC}",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER reflections_public_search_{trigger}")
        op.execute("DROP TABLE reflection_search_public")
