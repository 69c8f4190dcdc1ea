"""drop bot_state: botbuilder's storage table, unused since migration 0005

Revision ID: 0007_i18_drop_bot_state
Revises: 0006_i17_outbox
Create Date: 2026-12-06 03:50:00

Migration 0005 copied what people had in `bot_state` (language, the question last shown,
a command waiting for "which project?") into `user_memory`; since then no turn read or
wrote the table, and the `SqlStorage` class that served it is gone. Rows still in it are
the copied documents (and conversation documents that held nothing of use), so dropping
it loses nothing. A downgrade makes the empty table again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_i18_drop_bot_state"
down_revision = "0006_i17_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("bot_state")


def downgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(length=1024), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("e_tag", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
