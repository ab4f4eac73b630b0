"""Alembic environment of the reporting database (run: python -m passerelle.migrations reporting)."""

from passerelle import registry
from passerelle.migrations import run_migrations
from passerelle.web import sessions
from reporting.adapters import subscriber_activity
from reporting.adapters.orm import metadata, publication_metadata

run_migrations(metadata, publication_metadata, registry.metadata, sessions.metadata, subscriber_activity.metadata)
