"""Projection tables of the reporting database."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, MetaData, String, Table, Uuid
from sqlalchemy.orm import registry

from reporting.domain.model import ActivityFact, CaseFact, OutreachActionFact

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

case_facts = Table(
    "case_facts", metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("referral_id", Uuid, nullable=True),
    Column("referral_submitted_at", DateTime(timezone=True), nullable=True),
    Index("ix_case_facts_tenant_day", "tenant_id", "opened_on"),
)

activity_facts = Table(
    "activity_facts", metadata,
    Column("activity_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Index("ix_activity_facts_tenant_day", "tenant_id", "occurred_on"),
)

outreach_action_facts = Table(
    "outreach_action_facts", metadata,
    Column("action_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("people_met", Integer, nullable=False),
    Column("people_redirected", Integer, nullable=False),
    Index("ix_outreach_action_facts_tenant_day", "tenant_id", "occurred_on"),
)

mapper_registry.map_imperatively(CaseFact, case_facts)
mapper_registry.map_imperatively(ActivityFact, activity_facts)
mapper_registry.map_imperatively(OutreachActionFact, outreach_action_facts)
