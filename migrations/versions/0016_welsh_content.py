"""Welsh beside English: titles and descriptions, and a practice-record search that finds Welsh

Revision ID: 0016_welsh_content
Revises: 0013_activity_log
Create Date: 2026-12-12 12:00:00

Written by hand. Programmes, events, sessions, communities and reflection prompts gain optional
Welsh text (``<field>_cy``) beside the English.

On PostgreSQL the practice record's English stemmer ("english" configuration) mangles Welsh
words and drops some as English stop words ("a", "i", "on"), and PostgreSQL never folds
diacritics. Each searched table gains ``search_vector_simple``: the "simple" configuration (no
stemming, no stop words) over the text with the Welsh accented vowels folded (``ŵ`` is ``w``;
``translate`` is immutable, as a generated column needs, where ``unaccent`` is not), indexed
like ``search_vector`` (and, for reflections, partially for the public ones as in 0008). The
search queries both (hls_events/reflections/search.py). The name keeps it out of autogenerate
(migrations/env.py leaves out every column and index named ``search_vector...``).

SQLite's FTS5 tables already fold diacritics (``remove_diacritics 2``, migration 0005).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_welsh_content"
down_revision = "0013_activity_log"
branch_labels = None
depends_on = None

# Welsh (and other Latin) vowels with accents, and what they fold to. Keep in step with
# hls_events/reflections/search.py (FOLD_FROM, FOLD_TO).
FOLD_FROM = "âêîôûŵŷÂÊÎÔÛŴŶáéíóúẃýÁÉÍÓÚẂÝàèìòùẁỳÀÈÌÒÙẀỲäëïöüẅÿÄËÏÖÜẄŸ"
FOLD_TO = "aeiouwyAEIOUWYaeiouwyAEIOUWYaeiouwyAEIOUWYaeiouwyAEIOUWY"

WELSH_COLUMNS = {
    "programmes": (
        ("title_cy", sa.String(length=200)),
        ("summary_cy", sa.Text()),
        ("description_cy", sa.Text()),
    ),
    "events": (
        ("title_cy", sa.String(length=200)),
        ("summary_cy", sa.Text()),
        ("description_cy", sa.Text()),
    ),
    "event_sessions": (("title_cy", sa.String(length=200)),),
    "communities": (("name_cy", sa.String(length=200)), ("purpose_cy", sa.Text())),
    "reflection_prompts": (
        ("question_cy", sa.String(length=300)),
        ("hint_cy", sa.String(length=500)),
    ),
}


def _folded(column: str) -> str:
    return f"translate(coalesce({column}, ''), '{FOLD_FROM}', '{FOLD_TO}')"


def upgrade() -> None:
    for table, columns in WELSH_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(
                    sa.Column(name, type_, nullable=False, server_default=""),
                )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE reflections ADD COLUMN search_vector_simple tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple', {_folded('body')})) STORED"
        )
        op.execute(
            "CREATE INDEX ix_reflections_search_vector_simple ON reflections "
            "USING GIN (search_vector_simple)"
        )
        op.execute(
            "CREATE INDEX ix_reflections_public_search_vector_simple ON reflections "
            "USING GIN (search_vector_simple) WHERE visibility = 'public' AND hidden_at IS NULL"
        )
        op.execute(
            "ALTER TABLE write_ups ADD COLUMN search_vector_simple tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('simple', {_folded('title')}), 'A') || "
            f"setweight(to_tsvector('simple', {_folded('body')}), 'B')) STORED"
        )
        op.execute(
            "CREATE INDEX ix_write_ups_search_vector_simple ON write_ups "
            "USING GIN (search_vector_simple)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Their indexes go with the columns.
        op.execute("ALTER TABLE write_ups DROP COLUMN search_vector_simple")
        op.execute("ALTER TABLE reflections DROP COLUMN search_vector_simple")
    for table, columns in WELSH_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(columns):
                batch_op.drop_column(name)
