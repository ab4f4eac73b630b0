"""an action's start time: the week's calendar places a drop-in at 14:00

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outreach_actions", sa.Column("start_time", sa.Time(), nullable=True))


def downgrade() -> None:
    op.drop_column("outreach_actions", "start_time")
