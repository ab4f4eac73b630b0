"""case file: identity, activities' details and revisions, closure, access log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:48:37.215185
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_log_tenant_at", "access_log", ["tenant_id", "at"], unique=False)
    op.create_table(
        "activity_revisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_activity_revisions_activity_id"), "activity_revisions", ["activity_id"], unique=False)
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("postal_codes", sa.ARRAY(sa.String(length=5)), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column(
        "activities", sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False)
    )
    op.add_column("activities", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("cases", sa.Column("assigned_to", sa.String(length=200), nullable=True))
    op.add_column("cases", sa.Column("last_name", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("first_name", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("birth_date", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("phone", sa.String(length=20), nullable=True))
    op.add_column("cases", sa.Column("address", sa.String(length=300), nullable=True))
    op.add_column("cases", sa.Column("postal_code", sa.String(length=5), nullable=True))
    op.add_column("cases", sa.Column("commune", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("barriers", sa.ARRAY(sa.String(length=40)), server_default="{}", nullable=False))
    op.add_column("cases", sa.Column("closed_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("closure_outcome", sa.String(length=20), nullable=True))
    op.add_column("cases", sa.Column("satisfaction", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("transferred_to", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("transferred_from", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_cases_tenant_status", "cases", ["tenant_id", "status", "assigned_to"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_tenant_status", table_name="cases")
    op.drop_column("cases", "erased_at")
    op.drop_column("cases", "transferred_from")
    op.drop_column("cases", "transferred_to")
    op.drop_column("cases", "satisfaction")
    op.drop_column("cases", "closure_outcome")
    op.drop_column("cases", "closed_on")
    op.drop_column("cases", "barriers")
    op.drop_column("cases", "commune")
    op.drop_column("cases", "postal_code")
    op.drop_column("cases", "address")
    op.drop_column("cases", "phone")
    op.drop_column("cases", "birth_date")
    op.drop_column("cases", "first_name")
    op.drop_column("cases", "last_name")
    op.drop_column("cases", "assigned_to")
    op.drop_column("activities", "deleted_at")
    op.drop_column("activities", "details")
    op.drop_table("tenants")
    op.drop_index(op.f("ix_activity_revisions_activity_id"), table_name="activity_revisions")
    op.drop_table("activity_revisions")
    op.drop_index("ix_access_log_tenant_at", table_name="access_log")
    op.drop_table("access_log")
