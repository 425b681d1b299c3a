"""The curator tables (accounts, briefings, feedback, reviews, conversation turns, upload jobs).

Revision ID: 0001
Revises:
Create Date: 2026-11-23 21:58:30.960219
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "briefings",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published')", name="briefing_status"),
        sa.PrimaryKeyConstraint("slug"),
    )
    op.create_table(
        "conversation_turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conversation_turns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversation_turns_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conversation_turns_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(length=100), nullable=False),
        sa.Column("rating", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("question_redacted", sa.Text(), nullable=True),
        sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_created_at"), ["created_at"], unique=False)

    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_jobs_created"), ["created"], unique=False)

    op.create_table(
        "review_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('contact', 'briefing')", name="review_kind"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_checks_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_checks_kind"), ["kind"], unique=False)

    op.create_table(
        "unanswered",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question_redacted", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("top_score", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('no_sources', 'low_confidence', 'refused')", name="unanswered_reason"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("unanswered", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unanswered_created_at"), ["created_at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "briefing_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published')", name="briefing_version_status"),
        sa.ForeignKeyConstraint(
            ["slug"],
            ["briefings.slug"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug", "version", name="briefing_version_unique"),
    )
    with op.batch_alter_table("briefing_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_briefing_versions_slug"), ["slug"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("briefing_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_briefing_versions_slug"))

    op.drop_table("briefing_versions")
    op.drop_table("users")
    with op.batch_alter_table("unanswered", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unanswered_created_at"))

    op.drop_table("unanswered")
    with op.batch_alter_table("review_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_checks_kind"))
        batch_op.drop_index(batch_op.f("ix_review_checks_item_id"))

    op.drop_table("review_checks")
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_jobs_created"))

    op.drop_table("ingest_jobs")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_created_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_conversation_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("conversation_turns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_turns_created_at"))
        batch_op.drop_index(batch_op.f("ix_conversation_turns_conversation_id"))

    op.drop_table("conversation_turns")
    op.drop_table("briefings")
