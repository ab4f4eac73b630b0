"""Tables of the cases database and their mapping onto the domain classes."""

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry, relationship

from cases.domain.agenda import CalendarFeed, PlannedAppointment
from cases.domain.imports import CaseImport
from cases.domain.model import AccessLogEntry, Activity, ActivityRevision, Case
from cases.domain.partners import DirectoryPartner
from cases.domain.retention import RetentionExtension, RetentionPolicy, RetentionRun
from passerelle.identity import identity_columns
from passerelle.imports.jobs import import_jobs_table

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

cases = Table(
    "cases",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("referral_id", Uuid, nullable=True),
    Column("referral_submitted_at", DateTime(timezone=True), nullable=True),
    Column("outreach_action_id", Uuid, nullable=True),
    Column("assigned_to", String(200), nullable=True),
    *identity_columns(),
    Column("barriers", ARRAY(String(40)), nullable=False, server_default="{}"),
    Column("referral_context", JSONB, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("closure_outcome", String(20), nullable=True),
    Column("satisfaction", Integer, nullable=True),
    Column("transferred_to", String(100), nullable=True),
    Column("transferred_from", String(100), nullable=True),
    Column("erased_at", DateTime(timezone=True), nullable=True),
    Column("reopened_on", Date, nullable=True),
    Column("earlier_periods", JSONB, nullable=False, server_default="[]"),
    Column("identity_history", JSONB, nullable=False, server_default="[]"),
    # one case per referral, whatever the redeliveries of referral.accepted
    Index("uq_cases_referral", "tenant_id", "referral_id", unique=True),
    Index("ix_cases_tenant_status", "tenant_id", "status", "assigned_to"),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("author", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("duration_minutes", Integer, nullable=True),
    Column("comment", Text, nullable=True),
    Column("details", JSONB, nullable=False, server_default="{}"),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
)

activity_revisions = Table(
    "activity_revisions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=False, index=True),
    Column("change", String(20), nullable=False),
    Column("by", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("before", JSONB, nullable=False),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("by", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_access_log_tenant_at", "tenant_id", "at"),
)

# What is coming (cases.domain.agenda): the appointments planned on a case, and each member's feed address.
planned_appointments = Table(
    "planned_appointments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("duration_minutes", Integer, nullable=True),
    Column("mode", String(20), nullable=True),
    Column("place", String(200), nullable=True),
    Column("with_whom", String(200), nullable=True),
    Column("comment", Text, nullable=True),
    Column("mediator", String(200), nullable=False),
    Column("planned_by", String(200), nullable=False),
    Column("planned_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("settled_by", String(200), nullable=True),
    Column("settled_at", DateTime(timezone=True), nullable=True),
    Column("activity_id", Uuid, nullable=True),
    Index("ix_planned_appointments_agenda", "tenant_id", "starts_at", "mediator"),
)
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the secret: the secret itself is kept nowhere
    Column("tenant_id", String(100), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_calendar_feeds_subject", "tenant_id", "subject"),
)

mapper_registry.map_imperatively(ActivityRevision, activity_revisions)
mapper_registry.map_imperatively(PlannedAppointment, planned_appointments)
mapper_registry.map_imperatively(CalendarFeed, calendar_feeds)
mapper_registry.map_imperatively(
    Activity,
    activities,
    properties={
        "revisions": relationship(ActivityRevision, order_by=activity_revisions.c.at, lazy="selectin"),
    },
)
mapper_registry.map_imperatively(
    Case,
    cases,
    properties={
        "activities": relationship(Activity, order_by=activities.c.occurred_on, lazy="selectin"),
        "appointments": relationship(PlannedAppointment, order_by=planned_appointments.c.starts_at, lazy="selectin"),
    },
)
mapper_registry.map_imperatively(AccessLogEntry, access_log)

# Retention (cases.domain.retention): a tenant's policy, the files kept longer, each day's pass.
retention_policies = Table(
    "retention_policies",
    metadata,
    Column("tenant_id", String(100), primary_key=True),
    Column("identity_months", Integer, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
retention_extensions = Table(
    "retention_extensions",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("until", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
retention_runs = Table(
    "retention_runs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("ran_on", Date, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("anonymised", Integer, nullable=False),
    Index("uq_retention_runs_tenant_day", "tenant_id", "ran_on", unique=True),  # one pass a day, whatever the replicas
)
mapper_registry.map_imperatively(RetentionPolicy, retention_policies)
mapper_registry.map_imperatively(RetentionExtension, retention_extensions)
mapper_registry.map_imperatively(RetentionRun, retention_runs)

import_jobs = import_jobs_table(metadata)
mapper_registry.map_imperatively(CaseImport, import_jobs)

# The partner directory's copy (cases.domain.partners), kept from the outreach service's events.
directory_partners = Table(
    "directory_partners",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("type", String(20), nullable=False),
    Column("commune", String(100), nullable=True),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("shared", Boolean, nullable=False, server_default="false"),
    Index("ix_directory_partners_tenant_key", "tenant_id", "key"),
)
mapper_registry.map_imperatively(DirectoryPartner, directory_partners)
