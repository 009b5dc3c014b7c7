"""Calendar feeds: each person's private calendar token and waiting-list choice, and what each
feed last served (for Last-Modified)

Revision ID: 0004_calendar_feeds
Revises: 0003_registrations
Create Date: 2026-11-22 10:30:00

Written by hand. Existing people get a random token each here, so that the column can be
NOT NULL and unique from the start; new people get one from the model's default.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_calendar_feeds"
down_revision = "0003_registrations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feed_versions",
        sa.Column("feed_key", sa.String(length=200), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feed_key", name=op.f("pk_calendar_feed_versions")),
    )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "calendar_includes_waitlisted",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )

    users = sa.table("users", sa.column("id", sa.Integer), sa.column("calendar_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(calendar_token=secrets.token_urlsafe(24))
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("calendar_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_users_calendar_token"), ["calendar_token"], unique=True
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_calendar_token"))
        batch_op.drop_column("calendar_includes_waitlisted")
        batch_op.drop_column("calendar_token")

    op.drop_table("calendar_feed_versions")
