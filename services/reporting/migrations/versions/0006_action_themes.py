"""themes of outreach actions (the actions counted before get theirs at the next rebuild:
passerelle reporting rebuild, docs/operations.md)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 20:36:24.087266
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "outreach_action_facts",
        sa.Column("themes", sa.ARRAY(sa.String(length=40)), server_default="{}", nullable=False),
        schema="reporting",
    )


def downgrade() -> None:
    op.drop_column("outreach_action_facts", "themes", schema="reporting")
