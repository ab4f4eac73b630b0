"""a case's appointments by day, for the median days to the first one: not a read of every activity

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_activity_facts_case_appointments",
        "activity_facts",
        ["case_id", "occurred_on"],
        schema="reporting",
        postgresql_where=sa.text("kind = 'appointment'"),
    )


def downgrade() -> None:
    op.drop_index("ix_activity_facts_case_appointments", table_name="activity_facts", schema="reporting")
