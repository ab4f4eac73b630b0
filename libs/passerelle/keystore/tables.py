"""The key store's one table: a key per person, wrapped by the tenant's key; destroyed, only the date stays."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, Uuid

metadata = MetaData()
person_keys = Table(
    "person_keys",
    metadata,
    Column("tenant_id", String(100), primary_key=True),
    Column("beneficiary_pid", Uuid, primary_key=True),
    Column("key_id", String(40), nullable=True),  # the key's own id, as sealed data names it
    Column("wrapped", Text, nullable=True),  # nonce and ciphertext of the key under the tenant's key
    Column("wrapped_with", String(40), nullable=True),  # the id of that tenant key
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("destroyed_at", DateTime(timezone=True), nullable=True),
)
