"""Messages sent from the organiser's desk

Revision ID: 0014_desk_messages
Revises: 0016_welsh_content
Create Date: 2026-12-03 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_desk_messages"
down_revision = "0016_welsh_content"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_desk_messages_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_desk_messages_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_desk_messages_sender_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_messages")),
    )
    with op.batch_alter_table("desk_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_messages_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_desk_messages_sender_id"), ["sender_id"], unique=False
        )
        batch_op.create_index(
            "ix_desk_messages_programme_created", ["programme_id", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("desk_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_messages_programme_created")
        batch_op.drop_index(batch_op.f("ix_desk_messages_sender_id"))
        batch_op.drop_index(batch_op.f("ix_desk_messages_event_id"))
    op.drop_table("desk_messages")
