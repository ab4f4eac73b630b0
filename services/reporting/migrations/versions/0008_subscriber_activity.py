"""when each reporting subscriber was last seen reading (reporting.adapters.subscriber_activity)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriber_activity",
        sa.Column("subscriber", sa.String(length=100), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("groups_state", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("subscriber"),
    )


def downgrade() -> None:
    op.drop_table("subscriber_activity")
