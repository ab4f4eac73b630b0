"""the projections move to their own schema, so that a rebuild can fill another beside them

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:10:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("case_facts", "activity_facts", "closure_facts", "outreach_action_facts", "partner_facts", "referral_facts")


def upgrade() -> None:
    op.execute("CREATE SCHEMA reporting")
    for table in TABLES:
        op.execute(f"ALTER TABLE public.{table} SET SCHEMA reporting")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE reporting.{table} SET SCHEMA public")
    op.execute("DROP SCHEMA reporting CASCADE")
