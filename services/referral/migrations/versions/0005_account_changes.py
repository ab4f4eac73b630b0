"""the team's journal: every change made to an account from the team page (referral.domain.accounts)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 08:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_subject", sa.String(length=200), nullable=False),
        sa.Column("actor_username", sa.String(length=255), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.Column("target_username", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("roles_before", sa.ARRAY(sa.String(length=20)), nullable=False),
        sa.Column("roles_after", sa.ARRAY(sa.String(length=20)), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_changes_tenant_at", "account_changes", ["tenant_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_account_changes_tenant_at", table_name="account_changes")
    op.drop_table("account_changes")
