"""The register of personal data (hls_events/personal_data.py) covers every table that points
at people: each such column is declared, exported or erased, and what the database does on
its own (ON DELETE) is what the register says it leaves to it."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from hls_events.extensions import db
from hls_events.personal_data import holdings


def people_columns(metadata: MetaData | None = None) -> set[tuple[str, str]]:
    """Every (table, column) with a foreign key to users."""
    return {
        (table.name, key.parent.name)
        for table in (metadata or db.metadata).sorted_tables
        for key in table.foreign_keys
        if key.column.table.name == "users"
    }


def test_every_column_pointing_at_people_is_in_the_register(app):
    declared = {(holding.table, holding.person_column) for holding in holdings()}
    missing = people_columns() - declared
    assert not missing, f"declare these in an area's personal_data.py HOLDINGS: {sorted(missing)}"


def test_each_holding_names_a_real_column(app):
    for holding in holdings():
        table = db.metadata.tables.get(holding.table)
        assert table is not None, holding
        assert holding.person_column in table.columns, holding
        assert holding.erased, f"say what erasing does to {holding.table}.{holding.person_column}"


def test_each_holding_is_exported_and_erased(app):
    """Exported by itself or inside a section another holding exports; erased by its own step
    or, only where the foreign key does it, by the database."""
    sections = {holding.section for holding in holdings() if holding.export is not None}
    for holding in holdings():
        assert holding.section in sections, (
            f"{holding.table}.{holding.person_column} is not exported"
        )
        if holding.erase is not None or (holding.table, holding.person_column) == ("users", "id"):
            continue
        column = db.metadata.tables[holding.table].columns[holding.person_column]
        rules = {key.ondelete for key in column.foreign_keys}
        assert rules and rules <= {"CASCADE", "SET NULL"}, (
            f"{holding.table}.{holding.person_column} has no erasing step and the database "
            f"does not erase it on its own (ON DELETE {rules})"
        )


def test_sections_of_the_download_are_each_given_once(app):
    exporting = [holding.section for holding in holdings() if holding.export is not None]
    assert len(exporting) == len(set(exporting))


def test_the_register_fails_for_a_new_table_pointing_at_people(app):
    """The check above bites: a table added with a key to users and no declaration is found."""
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "notes_about_people",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
    )
    assert ("notes_about_people", "user_id") in people_columns(metadata) - {
        (holding.table, holding.person_column) for holding in holdings()
    }
