"""teamwork: several assessments per conversation, participants, assignments, reminders

Revision ID: 0004_teamwork
Revises: 0003_previous_round
Create Date: 2026-11-28 01:19:40.346191
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_teamwork"
down_revision = "0003_previous_round"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=160), nullable=False),
        sa.Column("user_id", sa.String(length=256), nullable=False),
        sa.Column("account_id", sa.String(length=256), server_default="", nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assessment_id", "part", "user_id"),
    )
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_due", ["status", "due_at"], unique=False)

    op.create_table(
        "reminder_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=256), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reminder_id"], ["reminder.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reminder_id", "user_id", name="ux_delivery_person"),
    )
    with op.batch_alter_table("reminder_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_status", ["status"], unique=False)

    # One running assessment per conversation becomes one per (conversation, name): fill
    # running_name for the running ones before running_key (and its unique) goes.
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("running_name", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("progress_conversation_id", sa.String(length=512), nullable=True)
        )
        batch_op.add_column(sa.Column("progress_activity_id", sa.String(length=256), nullable=True))
        batch_op.add_column(sa.Column("deadline", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("reminders_paused", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        "UPDATE assessment SET running_name = lower(project_name) WHERE running_key IS NOT NULL"
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("running_key")
        batch_op.create_unique_constraint(
            "ux_assessment_running_name", ["conversation_key", "running_name"]
        )

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("account_id", sa.String(length=256), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("reminders_paused", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("left_at")
        batch_op.drop_column("reminders_paused")
        batch_op.drop_column("language")
        batch_op.drop_column("account_id")

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint("ux_assessment_running_name", type_="unique")
        batch_op.add_column(sa.Column("running_key", sa.String(length=512), nullable=True))
    # Only one assessment per conversation can stay running: the newest.
    op.execute(
        "UPDATE assessment SET running_key = conversation_key WHERE running_name IS NOT NULL "
        "AND id = (SELECT max(a.id) FROM assessment a WHERE a.running_name IS NOT NULL "
        "AND a.conversation_key = assessment.conversation_key)"
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_assessment_running_key", ["running_key"])
        batch_op.drop_column("reminders_paused")
        batch_op.drop_column("deadline")
        batch_op.drop_column("progress_activity_id")
        batch_op.drop_column("progress_conversation_id")
        batch_op.drop_column("running_name")

    with op.batch_alter_table("reminder_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_status")
    op.drop_table("reminder_delivery")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_due")
    op.drop_table("reminder")
    op.drop_table("assignment")
