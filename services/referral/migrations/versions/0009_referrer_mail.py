"""the referrer's loop: a message for the referrer of a referral not kept, and the mail to referrers
(accepted, not kept, follow-up ended), written with the decision and sent by the mail relay

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("referrer_message", sa.String(length=500), nullable=True))
    op.create_table(
        "referrer_mail",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("tracking_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_referrer_mail_referral_kind", "referrer_mail", ["referral_id", "kind"], unique=True)
    op.create_index(
        "ix_referrer_mail_due", "referrer_mail", ["next_attempt_at"], postgresql_where=sa.text("sent_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_referrer_mail_due", table_name="referrer_mail")
    op.drop_index("uq_referrer_mail_referral_kind", table_name="referrer_mail")
    op.drop_table("referrer_mail")
    op.drop_column("referrals", "referrer_message")
