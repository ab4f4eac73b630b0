"""Composition root of the outreach service: `uvicorn outreach.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from passerelle.contracts.events import OutreachActionRecorded
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings
from outreach.adapters import orm  # noqa: F401  (maps the domain classes)
from outreach.entrypoints import pages
from outreach.entrypoints.http import router


TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceDefinition(
            name="outreach",
            description='Outreach ("aller-vers") actions and the partner network; no personal data.',
            routers=[router, pages.router], templates=TEMPLATES, publishes=[OutreachActionRecorded],
        ),
        settings,
    )
