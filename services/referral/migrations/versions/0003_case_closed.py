"""case closed flag for the referrer's loop

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:54:07.005348
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("case_closed", sa.Boolean(), server_default="false", nullable=False))


def downgrade() -> None:
    op.drop_column("referrals", "case_closed")
