"""The outbox and inbox tables, the same in every service's database (its migrations create them)."""

from sqlalchemy import BigInteger, Column, DateTime, Identity, MetaData, String, Table, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# Events waiting to be published; written in the same transaction as the state change.
outbox = Table(
    "outbox",
    metadata,
    Column("position", BigInteger, Identity(), primary_key=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("topic", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("tenant_id", String(100), nullable=False),
    Column("headers", JSONB, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True, index=True),
)

# Events already applied by a consumer: a redelivered event is a no-op.
inbox = Table(
    "inbox",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", Uuid, primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
