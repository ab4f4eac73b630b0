"""orientations name the directory's structure: partners are counted by id (the orientations counted
before get theirs at the next rebuild, or when a coordinator matches their name)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("activity_facts", sa.Column("partner_id", sa.Uuid(), nullable=True), schema="reporting")


def downgrade() -> None:
    op.drop_column("activity_facts", "partner_id", schema="reporting")
