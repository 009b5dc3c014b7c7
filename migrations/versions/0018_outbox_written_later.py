"""An outbox message the mail worker writes when it sends: what to write, about which
registration, in which language

Revision ID: 0018_outbox_written_later
Revises: 0017_meeting_reflections
Create Date: 2026-12-03 17:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_outbox_written_later"
down_revision = "0017_meeting_reflections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("registration_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("language")
        batch.drop_column("registration_id")
        batch.drop_column("kind")
