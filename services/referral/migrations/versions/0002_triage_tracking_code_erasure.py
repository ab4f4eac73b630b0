"""triage, tracking code, erasable personal data

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:11:59.214492
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("tracking_code", sa.String(length=14), nullable=True))
    op.add_column("referrals", sa.Column("identity_key", sa.String(length=300), nullable=True))
    op.add_column("referrals", sa.Column("decline_reason", sa.String(length=20), nullable=True))
    op.add_column("referrals", sa.Column("decline_note", sa.String(length=500), nullable=True))
    op.add_column("referrals", sa.Column("transferred_to", sa.String(length=100), nullable=True))
    op.add_column("referrals", sa.Column("transferred_from", sa.String(length=100), nullable=True))
    op.alter_column("referrals", "last_name", existing_type=sa.VARCHAR(length=100), nullable=True)
    op.alter_column("referrals", "first_name", existing_type=sa.VARCHAR(length=100), nullable=True)
    op.alter_column("referrals", "birth_date", existing_type=sa.DATE(), nullable=True)
    op.alter_column("referrals", "postal_code", existing_type=sa.VARCHAR(length=5), nullable=True)
    op.alter_column("referrals", "consent_recorded_by", existing_type=sa.VARCHAR(length=200), nullable=True)
    op.create_index("ix_referrals_tenant_identity", "referrals", ["tenant_id", "identity_key"], unique=False)
    op.create_index("uq_referrals_tracking_code", "referrals", ["tracking_code"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_referrals_tracking_code", table_name="referrals")
    op.drop_index("ix_referrals_tenant_identity", table_name="referrals")
    op.alter_column("referrals", "consent_recorded_by", existing_type=sa.VARCHAR(length=200), nullable=False)
    op.alter_column("referrals", "postal_code", existing_type=sa.VARCHAR(length=5), nullable=False)
    op.alter_column("referrals", "birth_date", existing_type=sa.DATE(), nullable=False)
    op.alter_column("referrals", "first_name", existing_type=sa.VARCHAR(length=100), nullable=False)
    op.alter_column("referrals", "last_name", existing_type=sa.VARCHAR(length=100), nullable=False)
    op.drop_column("referrals", "transferred_from")
    op.drop_column("referrals", "transferred_to")
    op.drop_column("referrals", "decline_note")
    op.drop_column("referrals", "decline_reason")
    op.drop_column("referrals", "identity_key")
    op.drop_column("referrals", "tracking_code")
