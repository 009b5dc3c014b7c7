"""The content revision that kept copies of public pages are keyed by

Revision ID: 0007_content_revision
Revises: 0006_proposals_speakers
Create Date: 2026-12-02 01:20:00

Written by hand. The single row is written by the first change to public content; until then
pages are not kept (see hls_events/page_cache.py).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_content_revision"
down_revision = "0006_proposals_speakers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_revisions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_revisions")),
    )


def downgrade() -> None:
    op.drop_table("content_revisions")
