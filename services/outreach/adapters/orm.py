"""Tables of the outreach database and their mapping onto the domain classes."""

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    Uuid,
)
from sqlalchemy.orm import registry

from outreach.domain.imports import OutreachImport
from outreach.domain.model import OutreachAction, Partner, PartnerOrientation
from passerelle.imports.jobs import import_jobs_table

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

actions = Table(
    "outreach_actions",
    metadata,
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
    Column("duration_minutes", Integer, nullable=True),
    Column("start_time", Time, nullable=True),  # when it starts, for the week's calendar (a drop-in at 14:00)
    Column("neighbourhood", String(100), nullable=True),
    Column("themes", ARRAY(String(40)), nullable=False, server_default="{}"),
    Column("partner_ids", ARRAY(Uuid), nullable=False, server_default="{}"),
    Column("mediators", ARRAY(String(200)), nullable=False, server_default="{}"),
    Column("status", String(20), nullable=False, server_default="recorded"),
    Column("series_id", Uuid, nullable=True),
    CheckConstraint(
        "people_met >= 0 AND people_redirected >= 0 AND people_redirected <= people_met", name="head_counts_coherent"
    ),
    Index("ix_outreach_actions_tenant_day", "tenant_id", "occurred_on"),
)

partners = Table(
    "partners",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("type", String(20), nullable=False),
    Column("sector", String(100), nullable=True),
    Column("commune", String(100), nullable=True),
    Column("contact_point", String(300), nullable=True),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("shared", Boolean, nullable=False, server_default="false"),
    Index("ix_partners_tenant_name", "tenant_id", "name"),
)

# Orientations to partners, learnt from case events (a structure's name and a day, nothing else).
partner_orientations = Table(
    "partner_orientations",
    metadata,
    Column("activity_id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("partner_name", String(200), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("partner_id", Uuid, nullable=True),  # None: named before the directory, until a coordinator matches it
    Index("ix_partner_orientations_tenant_name", "tenant_id", "partner_name"),
)

mapper_registry.map_imperatively(OutreachAction, actions)
mapper_registry.map_imperatively(Partner, partners)
mapper_registry.map_imperatively(PartnerOrientation, partner_orientations)

import_jobs = import_jobs_table(metadata)
mapper_registry.map_imperatively(OutreachImport, import_jobs)
