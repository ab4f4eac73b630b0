"""Tables of the referral database and their mapping onto the domain classes."""

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry

from passerelle.identity import identity_columns
from referral.domain.accounts import AccountChange
from referral.domain.model import DigestSubscription, Referral, ReferrerMail

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

referrals = Table(
    "referrals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("source", String(40), nullable=False),
    Column("referrer", JSONB, nullable=True),
    Column("submitted_by", String(200), nullable=False),
    *identity_columns(),
    Column("reasons", ARRAY(String(40)), nullable=False),
    Column("reason_other", String(300), nullable=True),
    Column("difficulties", ARRAY(String(40)), nullable=False),
    Column("difficulty_other", String(300), nullable=True),
    Column("observations", Text, nullable=True),
    Column("consent_recorded_by", String(200), nullable=True),
    Column("consent_method", String(40), nullable=False),
    Column("consent_recorded_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("beneficiary_pid", Uuid, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    Column("decision_recorded_at", DateTime(timezone=True), nullable=True),
    Column("decided_by", String(200), nullable=True),
    Column("tracking_code", String(14), nullable=True),
    Column("identity_key", String(300), nullable=True),
    Column("decline_reason", String(20), nullable=True),
    Column("decline_note", String(500), nullable=True),
    Column("referrer_message", String(500), nullable=True),
    Column("transferred_to", String(100), nullable=True),
    Column("transferred_from", String(100), nullable=True),
    Column("case_closed", Boolean, nullable=False, server_default="false"),
    Index("ix_referrals_tenant_identity", "tenant_id", "identity_key"),
    Index("uq_referrals_tracking_code", "tracking_code", unique=True),
    Index("ix_referrals_tenant_status", "tenant_id", "status", "submitted_at"),
)

mapper_registry.map_imperatively(Referral, referrals)

account_changes = Table(  # the team's journal: usernames, never more about a person
    "account_changes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_subject", String(200), nullable=False),
    Column("actor_username", String(255), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("target_username", String(255), nullable=False),
    Column("action", String(20), nullable=False),
    Column("roles_before", ARRAY(String(20)), nullable=False),
    Column("roles_after", ARRAY(String(20)), nullable=False),
    Index("ix_account_changes_tenant_at", "tenant_id", "at"),
)

mapper_registry.map_imperatively(AccountChange, account_changes)

referrer_mail = Table(  # the referrers' messages, sent by the mail relay (referral.service_layer.referrer_mail)
    "referrer_mail",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("referral_id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("to_address", String(254), nullable=False),
    Column("tracking_code", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(300), nullable=True),
    Index("uq_referrer_mail_referral_kind", "referral_id", "kind", unique=True),  # each news once
    Index("ix_referrer_mail_due", "next_attempt_at", postgresql_where=text("sent_at IS NULL")),
)
mapper_registry.map_imperatively(ReferrerMail, referrer_mail)

digest_subscriptions = Table(  # who gets the daily summary (referral.service_layer.digest)
    "digest_subscriptions",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("tenant_id", String(100), nullable=False),
    Column("email", String(254), nullable=False),
    Column("subscribed_at", DateTime(timezone=True), nullable=False),
    Column("last_sent_on", Date, nullable=True),
)
mapper_registry.map_imperatively(DigestSubscription, digest_subscriptions)
