"""planned appointments the person did not come to: « Rendez-vous non honorés », on their own day

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 17:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missed_appointment_facts",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("beneficiary_pid", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("missed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("appointment_id"),
        schema="reporting",
    )
    op.create_index(
        "ix_missed_appointment_facts_tenant_day",
        "missed_appointment_facts",
        ["tenant_id", "missed_on"],
        schema="reporting",
    )


def downgrade() -> None:
    op.drop_table("missed_appointment_facts", schema="reporting")
