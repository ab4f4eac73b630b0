"""The outbox relay: publishes committed events in order, then marks them sent.

A crash between publishing and marking publishes the batch again with the same event ids;
consumers' inboxes make that harmless. A transaction-scoped advisory lock keeps one relay
per database at a time, so a key's events keep their order even with several replicas.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker
from sqlalchemy import func, select, text, update

from passerelle.db import Database
from passerelle.messaging.broker_watch import BrokerWatch
from passerelle.messaging.tables import outbox
from passerelle.observability.metrics import Metrics

log = logging.getLogger(__name__)
RELAY_LOCK = 7_301_001
BATCH = 200
# Woken by a commit, the relay waits this long for the commits that follow: under load one relay
# transaction publishes several requests' events, not one each (measured: a quarter of a submission's
# CPU went to its own relay transaction at 200 submissions a second). An event waits that much more.
LINGER_SECONDS = 0.02


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        broker: KafkaBroker,
        metrics: Metrics,
        *,
        poll_seconds: float,
        broker_watch: BrokerWatch | None = None,
    ):
        self.db, self.broker, self.metrics, self.poll_seconds = db, broker, metrics, poll_seconds
        self.broker_watch = broker_watch

    async def run(self) -> None:
        while True:
            try:
                published = await self.publish_batch()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if isinstance(exc, KafkaError) and self.broker_watch and self.broker_watch.up is False:
                    log.debug("outbox relay waits for the broker")  # the watch reported the outage once
                else:
                    log.exception("outbox relay failed; retrying")
                published = 0
                await asyncio.sleep(1)
            if published < BATCH:
                await self._wait_for_work()

    async def publish_batch(self) -> int:
        """Publish up to BATCH unsent events; return how many."""
        async with self.db.sessions() as session, session.begin():
            locked = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": RELAY_LOCK})
            if not locked:
                return 0
            rows = (
                await session.execute(
                    select(outbox).where(outbox.c.published_at.is_(None)).order_by(outbox.c.position).limit(BATCH)
                )
            ).all()
            acks = [
                await self.broker.publish(
                    json.dumps(row.payload, separators=(",", ":")).encode(),
                    row.topic,
                    key=row.key.encode(),
                    headers=row.headers,
                    correlation_id=row.headers.get("ce_correlationid"),
                    no_confirm=True,
                )
                for row in rows
            ]
            await asyncio.gather(*acks)
            if rows:
                await session.execute(
                    update(outbox)
                    .where(outbox.c.position.in_([r.position for r in rows]))
                    .values(published_at=func.now())
                )
            for row in rows:
                self.metrics.events_published.labels(row.event_type).inc()
        return len(rows)

    async def watch_backlog(self, every: float = 5) -> None:
        """Measure the backlog on its own clock: publishing may be blocked on an absent broker, which
        is precisely when the backlog grows and must be seen."""
        while True:
            try:
                async with self.db.sessions() as session:
                    backlog = await session.scalar(select(func.count()).where(outbox.c.published_at.is_(None)))
                self.metrics.outbox_backlog.set(backlog or 0)
            except Exception:
                log.warning("outbox backlog not measured (database unavailable)")
            await asyncio.sleep(every)

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):  # no transaction emitted: poll anyway
            await asyncio.wait_for(self.db.outbox_written.wait(), self.poll_seconds)
        self.db.outbox_written.clear()
        await asyncio.sleep(LINGER_SECONDS)
