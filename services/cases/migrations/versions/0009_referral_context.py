"""the case file says why: what its referral's fiche said (motifs, difficulties, observations, referrer),
emptied with the person's identity (a case opened before keeps none: its referral has it)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("referral_context", postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "referral_context")
