"""orientations name the directory's structure: counted by id (those named before, by name until a
coordinator of the cases service matches them)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 14:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("partner_orientations", sa.Column("partner_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("partner_orientations", "partner_id")
