"""Composition root of the outreach service: `uvicorn outreach.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from outreach.adapters import orm  # noqa: F401  (maps the domain classes)
from outreach.domain.imports import OutreachImport
from outreach.entrypoints import pages, pages_calendar
from outreach.entrypoints.consumers import consumers
from outreach.entrypoints.http import directory, planning, router
from outreach.entrypoints.imports import IMPORTERS, run_outreach_imports
from passerelle.contracts.events import (
    OutreachActionCancelled,
    OutreachActionRecorded,
    OutreachActionUpdated,
    OutreachPersonRedirected,
    PartnerRegistered,
    PartnerUpdated,
)
from passerelle.imports.pages import import_router
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings

TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceDefinition(
            name="outreach",
            description='Outreach ("aller-vers") actions and the partner network; no personal data.',
            routers=[
                router,
                planning,
                directory,
                pages.router,
                pages_calendar.router,
                import_router(OutreachImport, IMPORTERS),
            ],
            templates=TEMPLATES,
            consumers=consumers(),
            tasks=[run_outreach_imports],  # checks, then applies, the imports under way
            publishes=[
                OutreachActionRecorded,
                OutreachActionUpdated,
                OutreachActionCancelled,
                OutreachPersonRedirected,
                PartnerRegistered,
                PartnerUpdated,
            ],
        ),
        settings,
    )
