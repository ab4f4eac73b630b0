"""Alembic environment of the cases database (run: python -m passerelle.migrations cases)."""

from cases.adapters.orm import metadata
from passerelle import registry
from passerelle.migrations import run_migrations
from passerelle.web import sessions

run_migrations(metadata, registry.metadata, sessions.metadata)
