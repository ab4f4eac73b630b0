"""Alembic environment of the key store (run: python -m passerelle.migrations keystore)."""

from passerelle.keystore.tables import metadata
from passerelle.migrations import run_migrations

run_migrations(metadata, messaging=False)
