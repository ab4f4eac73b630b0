"""the person's identity and contact corrected from the case file: who changed which fields, when

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("identity_history", postgresql.JSONB(), server_default="[]", nullable=False))


def downgrade() -> None:
    op.drop_column("cases", "identity_history")
