"""The one INSERT ... ON CONFLICT for both databases.

PostgreSQL and SQLite spell an upsert alike, but SQLAlchemy builds it from each dialect's own
``insert``; choosing between them is done here, once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite


def upsert_insert(dialect: str, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``table`` (a model or a Table) that takes ``on_conflict_do_update``."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
