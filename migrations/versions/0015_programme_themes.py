"""Themes a programme adds for itself, offered to that programme only

Revision ID: 0015_programme_themes
Revises: 0014_desk_messages
Create Date: 2026-12-03 17:30:00

Existing themes stay on the shared list. Each programme keeps the themes it uses today: every
theme on one of its events, reflections, calls for events or proposals joins the themes it
chose, since its forms now offer those only.
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = "0015_programme_themes"
down_revision = "0014_desk_messages"
branch_labels = None
depends_on = None

# (table, its id column, how to reach the programme from a row of that table)
USES = (
    ("event_themes", "event_id", "SELECT id, programme_id FROM events"),
    ("reflection_themes", "reflection_id", "SELECT id, programme_id FROM reflections"),
    ("call_themes", "call_id", "SELECT id, programme_id FROM calls_for_events"),
    ("proposal_themes", "proposal_id", "SELECT id, programme_id FROM proposals"),
)


def _children_of_themes() -> list[str]:
    inspector = sa.inspect(op.get_bind())
    return [
        table
        for table in inspector.get_table_names()
        if any(key["referred_table"] == "themes" for key in inspector.get_foreign_keys(table))
    ]


def _alter_themes(change: Callable[[BatchOperations], None]) -> None:
    """Change the themes table. SQLite does it by copying the table and dropping the old one,
    and dropping it would empty, by cascade, every table that refers to themes: their rows are
    kept aside and put back."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    children = _children_of_themes() if sqlite else []
    for table in children:
        op.execute(f"CREATE TEMPORARY TABLE kept_{table} AS SELECT * FROM {table}")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        change(batch_op)
    for table in children:
        op.execute(f"DELETE FROM {table}")
        op.execute(f"INSERT INTO {table} SELECT * FROM kept_{table}")
        op.execute(f"DROP TABLE kept_{table}")


def _add_owner(batch_op: BatchOperations) -> None:
    batch_op.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
    batch_op.create_index(batch_op.f("ix_themes_programme_id"), ["programme_id"], unique=False)
    batch_op.create_foreign_key(
        batch_op.f("fk_themes_programme_id_programmes"),
        "programmes",
        ["programme_id"],
        ["id"],
        ondelete="SET NULL",
    )


def _drop_owner(batch_op: BatchOperations) -> None:
    batch_op.drop_constraint(batch_op.f("fk_themes_programme_id_programmes"), type_="foreignkey")
    batch_op.drop_index(batch_op.f("ix_themes_programme_id"))
    batch_op.drop_column("programme_id")


def upgrade() -> None:
    _alter_themes(_add_owner)
    for table, column, owners in USES:
        op.execute(
            f"""
            INSERT INTO programme_themes (programme_id, theme_id)
            SELECT DISTINCT owner.programme_id, used.theme_id
            FROM {table} used JOIN ({owners}) owner ON owner.id = used.{column}
            WHERE NOT EXISTS (
                SELECT 1 FROM programme_themes chosen
                WHERE chosen.programme_id = owner.programme_id
                AND chosen.theme_id = used.theme_id
            )
            """
        )


def downgrade() -> None:
    _alter_themes(_drop_owner)
