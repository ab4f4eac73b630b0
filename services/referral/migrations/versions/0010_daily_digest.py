"""the team's daily summary by mail: who asked for it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("subscribed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("subject"),
    )


def downgrade() -> None:
    op.drop_table("digest_subscriptions")
