"""Tables of the cases database and their mapping onto the domain classes."""

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import registry, relationship

from cases.domain.model import Activity, Case

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

cases = Table(
    "cases", metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("referral_id", Uuid, nullable=True),
    Column("referral_submitted_at", DateTime(timezone=True), nullable=True),
    # one case per referral, whatever the redeliveries of referral.accepted
    Index("uq_cases_referral", "tenant_id", "referral_id", unique=True),
)

activities = Table(
    "activities", metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("author", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("duration_minutes", Integer, nullable=True),
    Column("comment", Text, nullable=True),
)

mapper_registry.map_imperatively(Activity, activities)
mapper_registry.map_imperatively(Case, cases, properties={
    "activities": relationship(Activity, order_by=activities.c.occurred_on, lazy="selectin"),
})
