"""actions' details, series, partner directory, orientations to partners

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:11:04.875683
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_orientations",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("partner_name", sa.String(length=200), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id"),
    )
    op.create_index(
        "ix_partner_orientations_tenant_name", "partner_orientations", ["tenant_id", "partner_name"], unique=False
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("commune", sa.String(length=100), nullable=True),
        sa.Column("contact_point", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("shared", sa.Boolean(), server_default="false", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_partners_tenant_name", "partners", ["tenant_id", "name"], unique=False)
    op.add_column("outreach_actions", sa.Column("duration_minutes", sa.Integer(), nullable=True))
    op.add_column("outreach_actions", sa.Column("neighbourhood", sa.String(length=100), nullable=True))
    op.add_column(
        "outreach_actions", sa.Column("themes", sa.ARRAY(sa.String(length=40)), server_default="{}", nullable=False)
    )
    op.add_column(
        "outreach_actions", sa.Column("partner_ids", sa.ARRAY(sa.Uuid()), server_default="{}", nullable=False)
    )
    op.add_column(
        "outreach_actions", sa.Column("mediators", sa.ARRAY(sa.String(length=200)), server_default="{}", nullable=False)
    )
    op.add_column(
        "outreach_actions", sa.Column("status", sa.String(length=20), server_default="recorded", nullable=False)
    )
    op.add_column("outreach_actions", sa.Column("series_id", sa.Uuid(), nullable=True))
    op.create_index("ix_outreach_actions_tenant_day", "outreach_actions", ["tenant_id", "occurred_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outreach_actions_tenant_day", table_name="outreach_actions")
    op.drop_column("outreach_actions", "series_id")
    op.drop_column("outreach_actions", "status")
    op.drop_column("outreach_actions", "mediators")
    op.drop_column("outreach_actions", "partner_ids")
    op.drop_column("outreach_actions", "themes")
    op.drop_column("outreach_actions", "neighbourhood")
    op.drop_column("outreach_actions", "duration_minutes")
    op.drop_index("ix_partners_tenant_name", table_name="partners")
    op.drop_table("partners")
    op.drop_index("ix_partner_orientations_tenant_name", table_name="partner_orientations")
    op.drop_table("partner_orientations")
