"""the partner directory's copy, so that orientations name its structures (counted once, by id)

The orientations recorded before keep their name only; a coordinator matches each name to the
directory on « Partenaires des orientations » (proposals there, confirmed one by one, never silently).
The copy fills from the outreach topic, read from its beginning by the cases consumer.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_partners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("commune", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("shared", sa.Boolean(), server_default="false", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_directory_partners_tenant_key", "directory_partners", ["tenant_id", "key"])


def downgrade() -> None:
    op.drop_index("ix_directory_partners_tenant_key", table_name="directory_partners")
    op.drop_table("directory_partners")
