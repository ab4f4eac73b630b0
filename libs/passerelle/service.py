"""The composition of a Passerelle service: one function that every service's bootstrap calls.

It wires settings, logs, metrics, the database, the Kafka broker, the consumers, the outbox
relay and the HTTP API; tests build the very same app.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from faststream.specification import AsyncAPI

from passerelle import clock
from passerelle.auth import DEV_ISSUER, TokenVerifier
from passerelle.contracts import EventPayload
from passerelle.db import Database
from passerelle.http import probes
from passerelle.http.errors import install_error_handlers
from passerelle.http.forwarded import ForwardedPrefix
from passerelle.http.limits import BodySizeLimit, RefuseNulCharacters
from passerelle.http.security import CrossOriginForms, SecurityHeaders
from passerelle.keystore import KeyStore
from passerelle.messaging.broker_watch import BrokerWatch
from passerelle.messaging.consumer import Consumer, record_lag
from passerelle.messaging.kafka import build_broker
from passerelle.messaging.relay import OutboxRelay
from passerelle.observability.http import ObservabilityMiddleware
from passerelle.observability.logging import configure_logging
from passerelle.observability.metrics import Metrics
from passerelle.settings import ServiceSettings, get_settings
from passerelle.signing_keys import KeySource, ProviderKeys, StaticKey
from passerelle.web.pages import install_pages, templates_for
from passerelle.web.sign_in import install_sign_in

log = logging.getLogger(__name__)


@dataclass
class ServiceDefinition:
    name: str
    description: str
    routers: Sequence[APIRouter]
    consumers: Sequence[Consumer] = ()
    publishes: Sequence[type[EventPayload]] = ()
    templates: Path | None = None  # the service's page templates, if it has pages
    tasks: Sequence[Callable[[Any], Awaitable[None]]] = ()  # background loops, given app.state
    keystore: KeyStore | None = None  # the persons' keys, where the service seals or opens identities


def create_service_app(definition: ServiceDefinition, settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or get_settings(definition.name)
    configure_logging(definition.name, settings.log_level)
    if settings.clock_frozen_at:
        clock.freeze(settings.clock_frozen_at)
        log.warning(
            "the clock is frozen at %s (PASSERELLE_CLOCK_FROZEN_AT): tests and local runs only",
            settings.clock_frozen_at.isoformat(),
        )
    metrics = Metrics(definition.name)
    db = Database(settings.database_url, service_name=definition.name)
    broker = build_broker(settings.kafka(), service_name=definition.name)
    subscribers = []
    for consumer in definition.consumers:
        consumer.max_attempts = settings.consumer_max_attempts
        subscribers.append((consumer, consumer.subscribe(broker, db, metrics)))
    for model in definition.publishes:  # declared for the AsyncAPI document; the relay does the sending
        broker.publisher(model.topic, title=f"{model.event_type}:v{model.event_version}", schema=model)
    broker_watch = BrokerWatch(broker, metrics)
    relay = OutboxRelay(db, broker, metrics, poll_seconds=settings.outbox_poll_seconds, broker_watch=broker_watch)
    for handler in logging.getLogger().handlers:
        handler.addFilter(broker_watch.quiet_aiokafka())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        # The service serves requests without waiting for the broker (a pod started during a broker
        # outage is ready all the same); what needs the Kafka client waits until it is started.
        connected = asyncio.Event()
        tasks = [
            asyncio.create_task(_start_broker(broker, connected), name="broker-start"),
            asyncio.create_task(broker_watch.run(connected), name="broker-watch"),
            asyncio.create_task(_once(connected, relay.run), name="outbox-relay"),
            asyncio.create_task(relay.watch_backlog(), name="outbox-backlog"),
            asyncio.create_task(_watch_lag(subscribers, metrics), name="consumer-lag"),
            *(asyncio.create_task(_once(connected, task, _app.state), name=task.__name__) for task in definition.tasks),
        ]
        log.info("%s service started", definition.name)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await broker.stop()
            await db.dispose()
            if definition.keystore:
                await definition.keystore.dispose()

    app = FastAPI(
        title=f"Passerelle — {definition.name}",
        description=definition.description,
        version="1",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings, app.state.metrics, app.state.db, app.state.broker = settings, metrics, db, broker
    app.state.broker_watch = broker_watch
    app.state.verifier = token_verifier(settings)
    app.state.registered_tenants = set()  # known to be registered (passerelle.http.deps.verified_principal)
    spec = AsyncAPI(broker, title=f"Passerelle {definition.name} events", version="1")
    app.state.asyncapi = lambda: spec.to_specification().to_jsonable()
    app.state.event_schemas = {
        f"{m.event_type}.v{m.event_version}": m.model_json_schema() for m in definition.publishes
    }
    app.state.keystore = definition.keystore
    app.add_middleware(RefuseNulCharacters)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CrossOriginForms, public_origin=settings.public_origin)
    app.add_middleware(ForwardedPrefix)
    provider = urlsplit(settings.oidc_issuer)
    app.add_middleware(
        SecurityHeaders, https=settings.served_over_https, provider_origin=f"{provider.scheme}://{provider.netloc}"
    )
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    if definition.templates:
        install_pages(
            app,
            service_name=definition.name,
            templates=templates_for(definition.templates),
            node_modules=settings.assets_dir,
        )
        install_sign_in(app, settings)
    install_error_handlers(app)
    app.include_router(probes.router)
    for router in definition.routers:
        app.include_router(router)
    return app


def token_verifier(settings: ServiceSettings) -> TokenVerifier:
    """The identity provider's keys; and, in local runs only, the development tokens' key."""
    sources: list[KeySource] = [ProviderKeys(settings.oidc_issuer)]
    if settings.dev_tokens_key_file:
        sources.append(StaticKey(DEV_ISSUER, settings.dev_tokens_key_file.read_bytes()))
        log.warning("development tokens are accepted (PASSERELLE_DEV_TOKENS_KEY_FILE): local runs only")
    return TokenVerifier(sources, audience=settings.jwt_audience)


def _operation_id(route: APIRoute) -> str:
    return route.name  # stable: the endpoint function's name


async def _start_broker(broker, connected: asyncio.Event) -> None:
    """Start the Kafka client, waiting for the broker if it is not up yet (the broker watch says so)."""
    delay = 0.5
    while True:
        try:
            await broker.start()
            connected.set()
            return
        except Exception as exc:
            log.debug("Kafka client not started (%s); retrying in %.1fs", type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)


async def _once(connected: asyncio.Event, loop: Callable[..., Awaitable[None]], *args: Any) -> None:
    await connected.wait()
    await loop(*args)


async def _watch_lag(subscribers, metrics: Metrics) -> None:
    while True:
        await asyncio.sleep(5)
        for consumer, subscriber in subscribers:
            try:
                await record_lag(subscriber, consumer, metrics)
            except Exception:
                log.debug("lag measurement failed", exc_info=True)
