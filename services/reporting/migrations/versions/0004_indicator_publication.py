"""indicator publication: stale tenants and the months sent to subscribers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 20:32:59.700089
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stale_tenants",
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
        schema="reporting",
    )
    op.create_table(
        "published_months",
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("departement_digest", sa.String(length=64), nullable=False),
        sa.Column("departement_revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "month"),
    )
    # the tenants counted so far get their months published at the service's first pass
    op.execute(
        "INSERT INTO reporting.stale_tenants SELECT DISTINCT tenant_id, now() FROM ("
        "SELECT tenant_id FROM reporting.case_facts UNION SELECT tenant_id FROM reporting.activity_facts "
        "UNION SELECT tenant_id FROM reporting.outreach_action_facts "
        "UNION SELECT tenant_id FROM reporting.referral_facts) AS counted"
    )


def downgrade() -> None:
    op.drop_table("published_months")
    op.drop_table("stale_tenants", schema="reporting")
