"""previous round: a re-assessment points at the round before it

Revision ID: 0003_previous_round
Revises: 0002_report
Create Date: 2026-11-28 00:52:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_previous_round"
down_revision = "0002_report"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_assessment_previous_assessment_id"


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_assessment_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            FOREIGN_KEY, "assessment", ["previous_assessment_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch_op.drop_column("previous_assessment_id")
