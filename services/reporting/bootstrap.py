"""Composition root of the reporting service: `uvicorn reporting.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from passerelle.contracts.events import DepartementMonthlyIndicators, MonthlyIndicators
from passerelle.messaging.kafka import TopicMaker
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings
from reporting.adapters import orm  # noqa: F401  (maps the projection classes)
from reporting.entrypoints import pages, pages_departement, pages_subscribers
from reporting.entrypoints.consumers import consumers
from reporting.entrypoints.http import departement_router, router
from reporting.service_layer import publication, subscriptions

TEMPLATES = Path(__file__).parent / "templates"


async def publish_indicators(state) -> None:
    """Subscribers' indicator events, as the numbers change."""
    ensure_topic = TopicMaker(state.settings.kafka(), replication=state.settings.topic_replication)
    await publication.run(state.db, ensure_topic, every=state.settings.indicators_publish_seconds)


async def watch_subscribers(state) -> None:
    """When each subscriber last read, for the operator's page (with the admin principal only)."""
    admin = state.settings.kafka_admin()
    if admin is not None:
        await subscriptions.watch(state.db, admin)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceDefinition(
            name="reporting",
            description="Reporting: indicators per tenant and period, computed only from events.",
            routers=[router, departement_router, pages.router, pages_departement.router, pages_subscribers.router],
            templates=TEMPLATES,
            consumers=consumers(),
            publishes=[MonthlyIndicators, DepartementMonthlyIndicators],
            tasks=[publish_indicators, watch_subscribers],
        ),
        settings,
    )
