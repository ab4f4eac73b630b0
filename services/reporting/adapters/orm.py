"""Projection tables of the reporting database."""

from sqlalchemy import ARRAY, Boolean, Column, Date, DateTime, Index, Integer, MetaData, String, Table, Uuid, text
from sqlalchemy.orm import registry

from reporting.domain.model import (
    ActivityFact,
    CaseFact,
    ClosureFact,
    MissedAppointmentFact,
    OutreachActionFact,
    PartnerFact,
    ReferralFact,
)

# The projections live in their own PostgreSQL schema: a rebuild fills another one beside it, then
# swaps the two (service_layer/rebuild.py).
SCHEMA = "reporting"
metadata = MetaData(schema=SCHEMA)
mapper_registry = registry(metadata=metadata)

case_facts = Table(
    "case_facts",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("referral_id", Uuid, nullable=True),
    Column("referral_submitted_at", DateTime(timezone=True), nullable=True),
    Index("ix_case_facts_tenant_day", "tenant_id", "opened_on"),
)

activity_facts = Table(
    "activity_facts",
    metadata,
    Column("activity_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("scheme", String(20), nullable=True),
    Column("channel", String(20), nullable=True),
    Column("partner_name", String(200), nullable=True),
    Column("partner_id", Uuid, nullable=True),
    Column("outcome", String(20), nullable=True),
    Index("ix_activity_facts_tenant_day", "tenant_id", "occurred_on"),
    # a case's first appointment (the median days to it), without reading every activity of ten years
    Index(
        "ix_activity_facts_case_appointments", "case_id", "occurred_on", postgresql_where=text("kind = 'appointment'")
    ),
)

missed_appointment_facts = Table(
    "missed_appointment_facts",
    metadata,
    Column("appointment_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("missed_on", Date, nullable=False),
    Index("ix_missed_appointment_facts_tenant_day", "tenant_id", "missed_on"),
)

closure_facts = Table(
    "closure_facts",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("closed_on", Date, nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("satisfaction", Integer, nullable=True),
    Index("ix_closure_facts_tenant_day", "tenant_id", "closed_on"),
)

outreach_action_facts = Table(
    "outreach_action_facts",
    metadata,
    Column("action_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("people_met", Integer, nullable=False),
    Column("people_redirected", Integer, nullable=False),
    Column("partner_ids", ARRAY(Uuid), nullable=False, server_default="{}"),
    Column("themes", ARRAY(String(40)), nullable=False, server_default="{}"),
    Index("ix_outreach_action_facts_tenant_day", "tenant_id", "occurred_on"),
)

partner_facts = Table(
    "partner_facts",
    metadata,
    Column("partner_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("name", String(200), nullable=False),
)

referral_facts = Table(
    "referral_facts",
    metadata,
    Column("referral_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("source", String(40), nullable=False),
    Column("reasons", ARRAY(String(40)), nullable=False),
    Column("difficulties", ARRAY(String(40)), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("transferred_in", Boolean, nullable=False, server_default="false"),
    Column("decision", String(20), nullable=True),
    Column("decided_on", Date, nullable=True),
    Index("ix_referral_facts_tenant_day", "tenant_id", "received_on"),
)

# Tenants whose facts changed since their monthly indicators were last compared with what
# subscribers have (service_layer/publication.py); a projection too, refilled by a rebuild.
stale_tenants = Table(
    "stale_tenants",
    metadata,
    Column("tenant_id", String(100), primary_key=True),
    Column("marked_at", DateTime(timezone=True), nullable=False),
)

# What subscribers were sent, per tenant and month: not a projection, a rebuild keeps it, so
# that only a figure that really changed is published again.
publication_metadata = MetaData()
published_months = Table(
    "published_months",
    publication_metadata,
    Column("tenant_id", String(100), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("departement_digest", String(64), nullable=False),
    Column("departement_revision", Integer, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
)

for fact, table in (
    (CaseFact, case_facts),
    (ActivityFact, activity_facts),
    (ClosureFact, closure_facts),
    (MissedAppointmentFact, missed_appointment_facts),
    (OutreachActionFact, outreach_action_facts),
    (PartnerFact, partner_facts),
    (ReferralFact, referral_facts),
):
    mapper_registry.map_imperatively(fact, table)
