"""Indicator events for subscribers: each tenant's months, published again when a figure changes.

The live consumer marks a tenant stale whenever it applies one of its events. This loop takes the
stale tenants, computes every month where they have facts (or that was published before: a month
whose only action was cancelled goes back to zero), and compares each with what subscribers were
sent (a digest in published_months). A changed month goes out as `indicators.monthly` on the
tenant's own topic and, suppressed, as `indicators.departement_monthly` on the département's,
through the outbox, in the transaction that records it as sent: no change is missed, and nothing
unchanged is sent again, after a rebuild either.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from sqlalchemy import Date, cast, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from passerelle.contracts import topics
from passerelle.contracts.events import DepartementMonthlyIndicators, MonthlyIndicators
from passerelle.db import Database, UnitOfWork
from passerelle.messaging.consumer import EventHandler
from reporting.adapters.orm import published_months, stale_tenants
from reporting.domain import suppression
from reporting.domain.model import (
    ActivityFact,
    CaseFact,
    ClosureFact,
    MissedAppointmentFact,
    OutreachActionFact,
    Period,
    ReferralFact,
)
from reporting.service_layer import indicators

log = logging.getLogger(__name__)
PUBLICATION_LOCK = 7_405_002  # one publisher at a time, whatever the number of replicas
DATED = (
    CaseFact.opened_on,
    ActivityFact.occurred_on,
    ClosureFact.closed_on,
    MissedAppointmentFact.missed_on,
    OutreachActionFact.occurred_on,
    ReferralFact.received_on,
    ReferralFact.decided_on,
)


def marking_stale(handler: EventHandler) -> EventHandler:
    """The handler, and the tenant marked for comparison in the same transaction."""

    async def handle(payload, envelope, uow: UnitOfWork) -> None:
        await handler(payload, envelope, uow)
        await mark_stale(uow.session, [uow.own_tenant])

    return handle


async def mark_stale(session, tenants: list[str]) -> None:
    if tenants:
        rows = [{"tenant_id": tenant, "marked_at": func.clock_timestamp()} for tenant in tenants]
        statement = insert(stale_tenants).values(rows)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["tenant_id"], set_={"marked_at": statement.excluded.marked_at}
            )
        )


async def publish_stale(db: Database, ensure_topic: Callable[[str], Awaitable[None]]) -> int:
    """Compare and publish the months of every stale tenant; return how many months went out."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason="which tenants' indicators to compare") as uow:
        stale = (await uow.session.execute(select(stale_tenants.c.tenant_id, stale_tenants.c.marked_at))).all()
    sent = 0
    for tenant, marked_at in stale:
        await ensure_topic(topics.indicators_topic(tenant))
        sent += await _publish_tenant(db, tenant, marked_at)
    return sent


async def _publish_tenant(db: Database, tenant: str, marked_at: datetime) -> int:
    sent = 0
    async with db.unit_of_work(tenant=tenant) as uow:
        if not await uow.session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": PUBLICATION_LOCK}):
            return 0  # another replica is publishing; the tenant stays stale for the next pass
        before = {
            row.month: row
            for row in await uow.session.execute(select(published_months).where(published_months.c.tenant_id == tenant))
        }
        for month in sorted(await _months_with_facts(uow) | before.keys()):
            sent += await _compare_and_publish(uow, tenant, month, before.get(month))
        await uow.session.execute(
            delete(stale_tenants).where(stale_tenants.c.tenant_id == tenant, stale_tenants.c.marked_at == marked_at)
        )  # unless marked again
        await uow.commit()
    return sent


async def _months_with_facts(uow: UnitOfWork) -> set[date]:
    months = set()
    for column in DATED:
        months |= set(
            await uow.session.scalars(
                select(cast(func.date_trunc("month", column), Date)).where(column.is_not(None)).distinct()
            )
        )
    return months


async def _compare_and_publish(uow: UnitOfWork, tenant: str, month: date, before) -> int:
    values, breakdowns = await indicators.compute(uow.session, Period.month(month))
    shown = dict(zip(("indicators", "breakdowns"), suppression.suppress(values, breakdowns), strict=True))
    digest, shown_digest = _digest({"indicators": values, "breakdowns": breakdowns}), _digest(shown)
    if before and (before.digest, before.departement_digest) == (digest, shown_digest):
        return 0
    revision = before.revision + (before.digest != digest) if before else 1
    shown_revision = before.departement_revision + (before.departement_digest != shown_digest) if before else 1
    key, label = f"{tenant}:{month:%Y-%m}", f"{month:%Y-%m}"
    if not before or before.digest != digest:
        uow.emit(
            MonthlyIndicators(
                tenant_id=tenant, month=label, revision=revision, indicators=values, breakdowns=breakdowns
            ),
            subject=key,
            topic=topics.indicators_topic(tenant),
        )
    if not before or before.departement_digest != shown_digest:
        uow.emit(
            DepartementMonthlyIndicators(
                tenant_id=tenant, month=label, revision=shown_revision, threshold=suppression.THRESHOLD, **shown
            ),
            subject=key,
        )
    row = {
        "tenant_id": tenant,
        "month": month,
        "digest": digest,
        "revision": revision,
        "departement_digest": shown_digest,
        "departement_revision": shown_revision,
        "published_at": func.now(),
    }
    await uow.session.execute(
        insert(published_months).values(row).on_conflict_do_update(index_elements=["tenant_id", "month"], set_=row)
    )
    return 1


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


async def run(db: Database, ensure_topic: Callable[[str], Awaitable[None]], *, every: float) -> None:
    """The service's publishing loop."""
    while True:
        try:
            sent = await publish_stale(db, ensure_topic)
            if sent:
                log.info("published the indicators of %d months", sent)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("indicator publication failed; retrying")
        await asyncio.sleep(every)
