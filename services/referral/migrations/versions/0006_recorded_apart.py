"""the moments a referral and its decision were typed in, apart from the days they happened

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("referrals", sa.Column("decision_recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE referrals SET recorded_at = submitted_at, decision_recorded_at = decided_at")


def downgrade() -> None:
    op.drop_column("referrals", "decision_recorded_at")
    op.drop_column("referrals", "recorded_at")
