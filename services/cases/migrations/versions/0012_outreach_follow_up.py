"""a case opened by a mediator for a person met during an outreach action names the action

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("outreach_action_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "outreach_action_id")
