"""Alembic environment of the outreach database (run: python -m passerelle.migrations outreach)."""

from passerelle import registry
from passerelle.migrations import run_migrations
from outreach.adapters.orm import metadata

run_migrations(metadata, registry.metadata)
