"""user memory: an entry per remembered thing instead of one UserState document

Revision ID: 0005_user_memory
Revises: 0004_teamwork
Create Date: 2026-11-28 04:30:00

The memory the conversation keeps of a person (language, the question last shown per
conversation, a command waiting for "which project?") moves from botbuilder's UserState
document in `bot_state` to rows of `user_memory` (bot/storage/user_memory.py). What people had
in their documents is copied, so a typed answer after the upgrade still knows its question.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_user_memory"
down_revision = "0004_teamwork"
branch_labels = None
depends_on = None

_PER_CONVERSATION = ("pending", "choose")  # were: conversation key -> value


def upgrade() -> None:
    memory = op.create_table(
        "user_memory",
        sa.Column("owner", sa.String(length=512), nullable=False),
        sa.Column("entry", sa.String(length=600), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "entry"),
    )
    with op.batch_alter_table("user_memory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_memory_updated_at"), ["updated_at"], unique=False)
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT key, document FROM bot_state WHERE key LIKE '%/users/%'")
    ).all()
    now = datetime.now(UTC)
    copied = [
        {"owner": key, "entry": entry, "value": value, "updated_at": now}
        for key, document in rows
        for entry, value in _entries(document)
    ]
    if copied:
        op.bulk_insert(memory, copied)


def _entries(document: str) -> list[tuple[str, str]]:
    """The memory entries of one UserState document; anything unreadable is skipped."""
    try:
        state = json.loads(document)
    except ValueError:
        return []
    remembered: Any = state.get("memory") if isinstance(state, dict) else None
    if not isinstance(remembered, dict):
        return []
    found = []
    if isinstance(remembered.get("language"), str):
        found.append(("language", json.dumps(remembered["language"])))
    for name in _PER_CONVERSATION:
        per_conversation = remembered.get(name)
        if not isinstance(per_conversation, dict):
            continue
        for conversation_key, value in per_conversation.items():
            if isinstance(value, dict) and len(f"{name}:{conversation_key}") <= 600:
                found.append((f"{name}:{conversation_key}", json.dumps(value, ensure_ascii=False)))
    return found


def downgrade() -> None:
    with op.batch_alter_table("user_memory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_memory_updated_at"))
    op.drop_table("user_memory")
