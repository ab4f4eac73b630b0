"""Composition root of the cases service: `uvicorn cases.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from passerelle.contracts.events import CaseActivityRecorded, CaseOpened
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings
from cases.adapters import orm  # noqa: F401  (maps the domain classes)
from cases.entrypoints.consumers import consumers
from cases.entrypoints import pages
from cases.entrypoints.http import router


TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceDefinition(
            name="cases",
            description="Case follow-up: the mediator's case file and its timeline of activities.",
            routers=[router, pages.router], templates=TEMPLATES, consumers=consumers(),
            publishes=[CaseOpened, CaseActivityRecorded],
        ),
        settings,
    )
