"""every indicator's facts: closures, referrals, partners, procedures, outcomes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:23:46.401455
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closure_facts",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_closure_facts_tenant_day", "closure_facts", ["tenant_id", "closed_on"], unique=False)
    op.create_table(
        "partner_facts",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "referral_facts",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("reasons", sa.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("difficulties", sa.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("transferred_in", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("ix_referral_facts_tenant_day", "referral_facts", ["tenant_id", "received_on"], unique=False)
    op.add_column("activity_facts", sa.Column("scheme", sa.String(length=20), nullable=True))
    op.add_column("activity_facts", sa.Column("channel", sa.String(length=20), nullable=True))
    op.add_column("activity_facts", sa.Column("partner_name", sa.String(length=200), nullable=True))
    op.add_column("activity_facts", sa.Column("outcome", sa.String(length=20), nullable=True))
    op.add_column(
        "outreach_action_facts", sa.Column("partner_ids", sa.ARRAY(sa.Uuid()), server_default="{}", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("outreach_action_facts", "partner_ids")
    op.drop_column("activity_facts", "outcome")
    op.drop_column("activity_facts", "partner_name")
    op.drop_column("activity_facts", "channel")
    op.drop_column("activity_facts", "scheme")
    op.drop_index("ix_referral_facts_tenant_day", table_name="referral_facts")
    op.drop_table("referral_facts")
    op.drop_table("partner_facts")
    op.drop_index("ix_closure_facts_tenant_day", table_name="closure_facts")
    op.drop_table("closure_facts")
