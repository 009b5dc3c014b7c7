"""Events and programmes hold only the statuses the application knows

Revision ID: 0022_known_statuses
Revises: 0021_visible_events
Create Date: 2026-12-05 02:10:00

Written by hand. Whether a reflection or write-up is on a public event is asked as "not on a
draft event, nor on an event of a draft programme" (visibility.on_public_event), naming the
statuses that are not public so that each is one probe of an index. That is the same as "on a
published or cancelled event of a published or archived programme" only while no other status
is stored, which the application's column type ensures for what it writes; this makes the
database refuse any other too (a hand-written UPDATE, another tool), so that such a row is
never taken for public. PostgreSQL checks a constraint. SQLite cannot add one to a table
without building the table again (which, with its foreign keys on, would empty the tables
that refer to it), so there two triggers refuse the row instead. The lists are frozen here,
as a migration's must be; a new status needs a migration of its own.
"""

from alembic import op

revision = "0022_known_statuses"
down_revision = "0021_visible_events"
branch_labels = None
depends_on = None

KNOWN = {
    "events": ("draft", "published", "cancelled"),
    "programmes": ("draft", "published", "archived"),
}


def _listed(table: str) -> str:
    return ", ".join(f"'{status}'" for status in KNOWN[table])


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in KNOWN:
            for when, action in (("insert", "INSERT"), ("update", "UPDATE OF status")):
                op.execute(
                    f"CREATE TRIGGER tr_{table}_status_known_{when} BEFORE {action} ON {table} "
                    f"WHEN NEW.status NOT IN ({_listed(table)}) "
                    f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {table}.status'); END"
                )
        return
    for table in KNOWN:
        op.create_check_constraint(
            op.f(f"ck_{table}_status_known"), table, f"status IN ({_listed(table)})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in KNOWN:
            for when in ("insert", "update"):
                op.execute(f"DROP TRIGGER tr_{table}_status_known_{when}")
        return
    for table in KNOWN:
        op.drop_constraint(op.f(f"ck_{table}_status_known"), table, type_="check")
