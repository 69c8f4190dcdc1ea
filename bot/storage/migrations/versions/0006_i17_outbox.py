"""outbox: messages the bot could not send yet, tried again from any process

Revision ID: 0006_i17_outbox
Revises: 0005_user_memory
Create Date: 2026-12-06 02:40:00

Replies the connector refused for now, timed out or that did not fit in their turn, and
proactive messages that failed the same way, are kept here and sent again with backoff
(bot/storage/outbox.py). A row names the assessment it is about (`project`, its public id) when
known; deleting the assessment deletes its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_i17_outbox"
down_revision = "0005_user_memory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("service_url", sa.String(length=512), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=True),
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column("target", sa.String(length=512), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["project"], ["assessment.public_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_next_at"), ["next_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_project"), ["project"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_project"))
        batch_op.drop_index(batch_op.f("ix_outbox_next_at"))
    op.drop_table("outbox")
