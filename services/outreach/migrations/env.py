"""Alembic environment of the outreach database (run: python -m passerelle.migrations outreach)."""

from outreach.adapters.orm import metadata
from passerelle import registry
from passerelle.migrations import run_migrations
from passerelle.web import sessions

run_migrations(metadata, registry.metadata, sessions.metadata)
