"""Models' tables for statements built once per worker from the tables themselves.

On the busiest path (registering) building a statement from ORM entities, and the ORM's work
around running it, cost more than the database's: such statements are built once (with bind
parameters) from the tables, and run as Core.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table


def table_of(model: Any) -> Table:
    """The model's table (typed: a declarative model's ``__table__`` is a FromClause)."""
    return cast(Table, model.__table__)
