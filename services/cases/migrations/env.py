"""Alembic environment of the cases database (run: python -m passerelle.migrations cases)."""

from passerelle import registry
from passerelle.migrations import run_migrations
from cases.adapters.orm import metadata

run_migrations(metadata, registry.metadata)
