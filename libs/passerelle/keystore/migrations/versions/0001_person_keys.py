"""a key per person, wrapped by the tenant's key (passerelle.keystore)

Revision ID: 0001
Revises:
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_keys",
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("beneficiary_pid", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=True),
        sa.Column("wrapped", sa.Text(), nullable=True),
        sa.Column("wrapped_with", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", "beneficiary_pid"),
    )


def downgrade() -> None:
    op.drop_table("person_keys")
