"""A full-text index of the reflections everyone may read, on PostgreSQL

Revision ID: 0008_public_reflection_search
Revises: 0007_content_revision
Create Date: 2026-12-02 02:50:00

Written by hand. Most searches of the practice record are by people not signed in, who read
only public reflections that are not hidden: a partial GIN index of those lets PostgreSQL
search a seventh of the rows (with the demo's shares) instead of scanning them all, which it
otherwise chooses once a common word matches thousands. SQLite's FTS5 table needs nothing.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_public_reflection_search"
down_revision = "0007_content_revision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_reflections_public_search_vector ON reflections "
            "USING GIN (search_vector) WHERE visibility = 'public' AND hidden_at IS NULL"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_reflections_public_search_vector")
