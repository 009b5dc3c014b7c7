"""What a search needs of each matching reflection, in an index, on SQLite

Revision ID: 0019_search_visibility
Revises: 0018_outbox_written_later
Create Date: 2026-12-04 03:30:00

Written by hand. A search of the practice record ranks every match the reader may read, so
SQLite looks up each reflection FTS5 finds (thousands for a common word) to apply
visibility.py's rules. Read from the table, each lookup reads a page holding the reflection's
text and answers; this index holds only what the rules, the order and the count read, in a
twentieth of the pages, and SQLite reads it instead once ANALYZE has measured it (it chooses
the table's own rows for an index it knows nothing of). PostgreSQL ranks by the stored
search_vector in the table's own rows, so it reads those anyway and needs nothing.
"""

from alembic import op

revision = "0019_search_visibility"
down_revision = "0018_outbox_written_later"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE UNIQUE INDEX ix_reflections_search_visibility ON reflections (id, visibility, "
            "hidden_at, event_id, programme_id, author_id, session_id, created_at)"
        )
        op.execute("ANALYZE ix_reflections_search_visibility")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX ix_reflections_search_visibility")
