"""Calls for events and proposals, speaker profiles' links and photos, speaker invitations,
and the log of schedule changes

Revision ID: 0006_proposals_speakers
Revises: 0005_reflections
Create Date: 2026-11-23 09:00:00

Written by hand. New columns on existing tables get a server default, so that rows already
there are valid at once.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_proposals_speakers"
down_revision = "0005_reflections"
branch_labels = None
depends_on = None

FORMATS = (
    "webinar",
    "workshop",
    "conversation",
    "learning_circle",
    "story_session",
    "panel",
    "site_visit",
    "networking",
)
MODES = ("online", "in_person", "hybrid")
SPEAKER_ROLES = ("host", "speaker", "facilitator")
PROPOSAL_STATUSES = (
    "draft",
    "submitted",
    "changes_requested",
    "accepted",
    "declined",
    "withdrawn",
)
CHANGE_KINDS = ("published", "new", "moved", "cancelled")


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade():
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("links_text", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("photo_filename", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("photo_updated_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_speakers_photo_filename"), ["photo_filename"]
        )

    with op.batch_alter_table("event_speakers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("brief", sa.Text(), nullable=False, server_default=""))

    op.create_table(
        "calls_for_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("formats_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closes_at > opens_at", name=op.f("ck_calls_for_events_closes_after_opens")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_calls_for_events_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls_for_events")),
        sa.UniqueConstraint("programme_id", name=op.f("uq_calls_for_events_programme_id")),
    )
    op.create_table(
        "call_themes",
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["calls_for_events.id"],
            name=op.f("fk_call_themes_call_id_calls_for_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_call_themes_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("call_id", "theme_id", name=op.f("pk_call_themes")),
    )
    op.create_table(
        "call_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["calls_for_events.id"],
            name=op.f("fk_call_questions_call_id_calls_for_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_questions")),
    )
    with op.batch_alter_table("call_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_questions_call_id"), ["call_id"], unique=False)

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=True),
        sa.Column("status", _enum(PROPOSAL_STATUSES, "proposalstatus", 20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("format", _enum(FORMATS, "eventformat", 32), nullable=True),
        sa.Column("mode", _enum(MODES, "eventmode", 16), nullable=True),
        sa.Column("preferred_days_text", sa.Text(), nullable=False),
        sa.Column("preferred_times_text", sa.Text(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("expected_capacity", sa.Integer(), nullable=True),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("access_arrangements", sa.Text(), nullable=False),
        sa.Column("may_be_recorded", sa.Boolean(), nullable=False),
        sa.Column("decision_message", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0",
            name=op.f("ck_proposals_duration_positive"),
        ),
        sa.CheckConstraint(
            "expected_capacity IS NULL OR expected_capacity >= 0",
            name=op.f("ck_proposals_capacity_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_proposals_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_proposals_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_proposals_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"],
            ["users.id"],
            name=op.f("fk_proposals_proposer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposals_programme_status", ["programme_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposals_proposer_id"), ["proposer_id"], unique=False
        )

    op.create_table(
        "proposal_themes",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_themes_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_proposal_themes_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "theme_id", name=op.f("pk_proposal_themes")),
    )
    op.create_table(
        "proposal_speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("role", _enum(SPEAKER_ROLES, "speakerrole", 16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_speakers_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_speakers")),
    )
    with op.batch_alter_table("proposal_speakers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_speakers_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "proposal_answers",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_answers_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["call_questions.id"],
            name=op.f("fk_proposal_answers_question_id_call_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "proposal_id", "question_id", name=op.f("pk_proposal_answers")
        ),
    )
    with op.batch_alter_table("proposal_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_answers_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "proposal_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_proposal_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_comments_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_comments")),
    )
    with op.batch_alter_table("proposal_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_comments_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "speaker_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["users.id"],
            name=op.f("fk_speaker_invitations_accepted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_speaker_invitations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_speaker_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_invitations_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_invitations")),
    )
    with op.batch_alter_table("speaker_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_invitations_email"), ["email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_speaker_invitations_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_speaker_invitations_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "schedule_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("kind", _enum(CHANGE_KINDS, "changekind", 16), nullable=False),
        sa.Column("event_title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_schedule_changes_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_schedule_changes_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["event_sessions.id"],
            name=op.f("fk_schedule_changes_session_id_event_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_changes")),
    )
    with op.batch_alter_table("schedule_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_schedule_changes_programme_at", ["programme_id", "changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_changes_event_id"), ["event_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("schedule_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_changes_event_id"))
        batch_op.drop_index("ix_schedule_changes_programme_at")
    op.drop_table("schedule_changes")

    with op.batch_alter_table("speaker_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_invitations_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_invitations_event_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_invitations_email"))
    op.drop_table("speaker_invitations")

    with op.batch_alter_table("proposal_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_comments_proposal_id"))
    op.drop_table("proposal_comments")

    with op.batch_alter_table("proposal_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_answers_question_id"))
    op.drop_table("proposal_answers")

    with op.batch_alter_table("proposal_speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_speakers_proposal_id"))
    op.drop_table("proposal_speakers")

    op.drop_table("proposal_themes")

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_proposer_id"))
        batch_op.drop_index("ix_proposals_programme_status")
    op.drop_table("proposals")

    with op.batch_alter_table("call_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_questions_call_id"))
    op.drop_table("call_questions")
    op.drop_table("call_themes")
    op.drop_table("calls_for_events")

    with op.batch_alter_table("event_speakers", schema=None) as batch_op:
        batch_op.drop_column("brief")

    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_speakers_photo_filename"), type_="unique")
        batch_op.drop_column("photo_updated_at")
        batch_op.drop_column("photo_filename")
        batch_op.drop_column("links_text")
