"""Composition root of the cases service: `uvicorn cases.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from cases.adapters import orm  # noqa: F401  (maps the domain classes)
from cases.domain.imports import CaseImport
from cases.entrypoints import (
    http_agenda,
    http_partners,
    http_retention,
    http_timeline,
    pages,
    pages_agenda,
    pages_opening,
    pages_partners,
    pages_retention,
    pages_search,
)
from cases.entrypoints.consumers import consumers
from cases.entrypoints.http import access_router, router
from cases.entrypoints.imports import IMPORTERS, run_case_imports
from cases.service_layer import retention
from passerelle.contracts.events import (
    BeneficiaryAnonymised,
    BeneficiaryErased,
    CaseActivityCorrected,
    CaseActivityDeleted,
    CaseActivityRecorded,
    CaseAppointmentMissed,
    CaseClosed,
    CaseDatesCorrected,
    CaseOpened,
    CaseOrientationOutcomeRecorded,
    CasePartnerAdded,
    CaseProcedureStatusChanged,
    CaseReceivedByTransfer,
    CaseReopened,
    CaseTransferred,
)
from passerelle.imports.pages import import_router
from passerelle.keystore import keystore_from
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings, get_settings

TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or get_settings("cases")
    keystore = keystore_from(settings)
    return create_service_app(
        ServiceDefinition(
            name="cases",
            description="Case follow-up: the mediator's case file and its timeline of activities.",
            routers=[
                router,
                http_timeline.router,
                http_agenda.router,
                http_retention.router,
                http_partners.router,
                access_router,
                pages_partners.router,
                pages_search.router,
                pages_opening.router,  # /accompagnements/ouvrir, before the case file's /accompagnements/{id}
                pages_agenda.router,
                pages.router,
                pages.journal_router,
                pages_retention.router,
                import_router(CaseImport, IMPORTERS),
            ],
            templates=TEMPLATES,
            consumers=consumers(keystore),
            keystore=keystore,  # opens each person's case file, destroys their key on erasure
            publishes=[
                CaseOpened,
                CaseActivityRecorded,
                CaseActivityCorrected,
                CaseActivityDeleted,
                CaseProcedureStatusChanged,
                CaseOrientationOutcomeRecorded,
                CaseAppointmentMissed,
                CasePartnerAdded,
                CaseClosed,
                CaseDatesCorrected,
                CaseReopened,
                CaseTransferred,
                CaseReceivedByTransfer,
                BeneficiaryErased,
                CaseAppointmentMissed,
                BeneficiaryAnonymised,
            ],
            tasks=[
                retention.run_daily,  # anonymises what reached the end of its retention
                run_case_imports,  # checks, then applies, the imports under way
            ],
        ),
        settings,
    )
