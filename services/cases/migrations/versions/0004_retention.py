"""retention by the CNIL's reference: a tenant's policy, files kept longer, each day's pass; the last reopening

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("reopened_on", sa.Date(), nullable=True))
    op.create_table(
        "retention_policies",
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("identity_months", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "retention_extensions",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("ran_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anonymised", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_retention_runs_tenant_day", "retention_runs", ["tenant_id", "ran_on"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_retention_runs_tenant_day", table_name="retention_runs")
    op.drop_table("retention_runs")
    op.drop_table("retention_extensions")
    op.drop_table("retention_policies")
    op.drop_column("cases", "reopened_on")
