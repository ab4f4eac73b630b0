"""Tables of the outreach database and their mapping onto the domain classes."""

from sqlalchemy import CheckConstraint, Column, Date, DateTime, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import registry

from outreach.domain.model import OutreachAction

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

actions = Table(
    "outreach_actions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("people_met", Integer, nullable=False),
    Column("people_redirected", Integer, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("commune", String(100), nullable=True),
    Column("notes", Text, nullable=True),
    CheckConstraint("people_met >= 0 AND people_redirected >= 0 AND people_redirected <= people_met",
                    name="head_counts_coherent"),
)

mapper_registry.map_imperatively(OutreachAction, actions)
