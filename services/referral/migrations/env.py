"""Alembic environment of the referral database (run: python -m passerelle.migrations referral)."""

from passerelle import registry
from passerelle.migrations import run_migrations
from passerelle.web import sessions
from referral.adapters.orm import metadata

run_migrations(metadata, registry.metadata, sessions.metadata)
