"""the team as the pages name it: who signed in here, their name and roles (passerelle.web.team)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_members",
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.ARRAY(sa.String(length=40)), server_default="{}", nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject"),
    )
    op.create_index(op.f("ix_team_members_tenant_id"), "team_members", ["tenant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_team_members_tenant_id"), table_name="team_members")
    op.drop_table("team_members")
