"""Database access: one engine per service process, and the unit of work every use case runs in."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from passerelle.contracts import Envelope, EventPayload
from passerelle.errors import NotFound
from passerelle.messaging.tables import outbox
from passerelle.observability.context import correlation_id
from passerelle.tenancy import CROSS_TENANT, TENANT, TenantOwned, TenantScopeMissing

Owned = TypeVar("Owned", bound=TenantOwned)


class Database:
    def __init__(
        self, url: str, *, service_name: str, pool_size: int = 10, schema_translate_map: dict[str, str] | None = None
    ):
        """`schema_translate_map` sends the tables of one schema to another (reporting's rebuild)."""
        # hide_parameters: an error's message never carries the statement's values (personal data)
        self.engine = create_async_engine(
            url,
            pool_pre_ping=False,  # _ping_when_idle instead
            pool_size=pool_size,
            max_overflow=5,
            hide_parameters=True,
            execution_options={"schema_translate_map": schema_translate_map or {}},
        )
        _ping_when_idle(self.engine.sync_engine.pool)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.source = f"/passerelle/{service_name}"
        self.outbox_written = asyncio.Event()  # wakes the relay as soon as a transaction emitted events

    def unit_of_work(self, *, tenant: str | None, cross_tenant_reason: str | None = None) -> UnitOfWork:
        return UnitOfWork(self, tenant=tenant, cross_tenant_reason=cross_tenant_reason)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "passerelle_idle_since"


def _ping_when_idle(pool) -> None:
    """A connection taken from the pool is checked first (as `pool_pre_ping` would) if it rested there
    a while, so that a database restarted meanwhile costs no request: one that does not answer is
    replaced before use (SQLAlchemy's DisconnectionError). A connection back within the second is not:
    the check is three round trips (BEGIN, `;`, ROLLBACK), a third of a referral's submission under load.
    A connection lost since answers its request 503 "nothing was recorded" (passerelle.outages), and the
    pool replaces every connection as old as it."""

    @event.listens_for(pool, "checkin")
    def rested(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def check_if_rested(dbapi_connection, record, _proxy) -> None:
        if time.monotonic() - record.info.get(_IDLE_SINCE, 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as lost:
            raise DisconnectionError("the database did not answer the pool's check") from lost


class UnitOfWork:
    """One transaction, scoped to one tenant; rolls back unless committed.

    Events emitted here are written to the outbox in the same transaction as the state change;
    the relay publishes them after commit.
    """

    def __init__(self, db: Database, *, tenant: str | None, cross_tenant_reason: str | None = None):
        self.db = db
        self.tenant = tenant
        self.session: AsyncSession = db.sessions(info={TENANT: tenant, CROSS_TENANT: cross_tenant_reason})
        self._events: list[tuple[Envelope, str]] = []

    async def __aenter__(self) -> UnitOfWork:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        # close() rolls back what was not committed and, unlike rollback(), leaves the loaded
        # objects readable for the response
        await self.session.close()

    @property
    def own_tenant(self) -> str:
        """The tenant this unit of work writes for (a cross-tenant one writes for none)."""
        if self.tenant is None:
            raise TenantScopeMissing("this unit of work belongs to no tenant")
        return self.tenant

    async def get(self, model: type[Owned], ident: uuid.UUID, *, what: str) -> Owned:
        """The tenant's `model` with this id; NotFound (never another tenant's) otherwise."""
        found = await self.session.get(model, ident)
        # session.get may answer from the identity map, which the tenant criteria does not filter
        if found is None or found.tenant_id != self.tenant:
            raise NotFound(what)
        return found

    def emit(self, payload: EventPayload, *, subject: uuid.UUID | str, topic: str | None = None) -> Envelope:
        """Record an event of this tenant; it reaches the outbox with the commit, or never. `topic`
        overrides the payload's own, for an event published on a topic per tenant."""
        if self.tenant is None:
            raise RuntimeError("an event must belong to a tenant")
        envelope = Envelope.wrap(
            payload,
            source=self.db.source,
            subject=str(subject),
            tenant=self.tenant,
            correlation_id=correlation_id.get() or str(uuid.uuid4()),
        )
        self._events.append((envelope, topic or payload.topic))
        return envelope

    @contextlib.contextmanager
    def acting_for(self, tenant: str) -> Iterator[None]:
        """Within this transaction, write rows and events as `tenant` (a transfer's receiving side)."""
        previous = self.tenant
        self.tenant = self.session.info[TENANT] = tenant
        try:
            yield
        finally:
            self.tenant = self.session.info[TENANT] = previous

    async def commit(self) -> None:
        if self._events:
            await self.session.execute(outbox.insert(), [_outbox_row(e, topic) for e, topic in self._events])
        await self.session.commit()
        if self._events:
            self._events.clear()
            self.db.outbox_written.set()


def _outbox_row(envelope: Envelope, topic: str) -> dict[str, Any]:
    return {
        "event_id": envelope.id,
        "topic": topic,
        "key": envelope.subject,
        "event_type": envelope.type,
        "tenant_id": envelope.tenantid,
        "headers": envelope.kafka_headers(),
        "payload": envelope.data,
    }
