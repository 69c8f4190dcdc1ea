"""slack deliveries: event ids already taken on, so Slack's retries are handled once

Revision ID: 0003
Revises: 0002_security
Create Date: 2026-11-28 00:49:29.082779
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_delivery",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("slack_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_delivery_received_at"), ["received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_delivery_received_at"))
    op.drop_table("slack_delivery")
