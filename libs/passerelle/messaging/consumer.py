"""At-least-once event consumers with an inbox and a dead-letter topic.

For each record: rebuild the envelope and its typed payload (a record that is not a valid
event goes to the dead-letter topic with the reason); skip it if this consumer's inbox holds
its id; otherwise run the handler and record the id in the same transaction. FastStream
commits the offset only after that (NACK_ON_ERROR: an exception seeks back and retries).
A database out of reach (passerelle.outages) is waited for, however long; any other failure,
the database refusing the event's values included, is tried `max_attempts` times, then the event
is dead-lettered with the reason and the consumer goes on with the partition.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import select

from passerelle.contracts import ContractError, Envelope, EventPayload, parse_payload
from passerelle.db import Database, UnitOfWork
from passerelle.messaging.dead_letters import publish_dead_letter, reason_of
from passerelle.messaging.tables import inbox
from passerelle.observability.context import correlation_id
from passerelle.observability.metrics import Metrics
from passerelle.outages import is_connection_lost

log = logging.getLogger(__name__)

# A handler takes the payload class of the event type it is registered for (the consumer routes by
# type), so its first parameter is that class, not EventPayload: typed Any here.
EventHandler = Callable[[Any, Envelope, UnitOfWork], Awaitable[None]]


class EventRejected(Exception):
    """A handler's verdict that an event can never be applied; it is dead-lettered with this reason."""


@dataclass
class Consumer:
    """One consumer group of a service: the topics it reads and a handler per event type."""

    name: str
    topics: tuple[str, ...]
    handlers: Mapping[str, EventHandler]
    max_attempts: int = 5
    # per partition, the event it is stuck on: a partition stops at its first failing record
    _failing: dict[tuple[str, int], _Failing] = field(default_factory=dict, repr=False)

    def subscribe(self, broker: KafkaBroker, db: Database, metrics: Metrics):
        async def on_record(message: KafkaMessage) -> None:
            await self.process(message, broker, db, metrics)

        subscriber = broker.subscriber(
            *self.topics,
            group_id=self.name,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            title=f"{self.name}:consume",
        )
        subscriber(on_record)
        metrics.consumer_event_failures.labels(self.name).set(0)
        return subscriber  # holds the aiokafka consumer once started (see record_lag)

    async def process(self, message, broker: KafkaBroker, db: Database, metrics: Metrics) -> None:
        record = message.raw_message
        headers = {name: value.decode(errors="replace") for name, value in (record.headers or ())}
        try:
            envelope = Envelope.from_kafka(headers, record.value)
            payload = parse_payload(envelope) if envelope.type in self.handlers else None
        except ContractError as exc:
            await self._dead_letter(broker, metrics, record, headers, str(exc))
            return
        if payload is None:
            return  # an event type this consumer does not need
        token = correlation_id.set(envelope.correlationid)
        try:
            await self._apply(envelope, payload, db, metrics)
            self._settled(record, metrics)
        except EventRejected as exc:
            await self._dead_letter(broker, metrics, record, headers, f"rejected: {exc}")
        except Exception as exc:
            outage = is_connection_lost(exc)
            failing = self._failed(record, envelope, metrics, outage=outage)
            if outage:
                log.warning("database unavailable while applying %s; will retry", envelope.type)
                await asyncio.sleep(1)
                raise
            if failing.refusals < self.max_attempts:
                log.warning("applying %s failed (attempt %d): %s", envelope.type, failing.refusals, reason_of(exc))
                await asyncio.sleep(0.2 * failing.refusals)
                raise
            reason = f"failed {failing.refusals} times: {reason_of(exc)}"
            await self._dead_letter(broker, metrics, record, headers, reason)
        finally:
            correlation_id.reset(token)

    def _failed(self, record, envelope: Envelope, metrics: Metrics, *, outage: bool) -> _Failing:
        """Count one more failure of the record's event: every failure for the gauge, those that
        are not an outage against `max_attempts`."""
        partition = (record.topic, record.partition)
        failing = self._failing.get(partition)
        if failing is None or failing.event_id != str(envelope.id):
            failing = self._failing[partition] = _Failing(str(envelope.id))
        failing.failures += 1
        failing.refusals += 0 if outage else 1
        metrics.events_failed.labels(envelope.type, self.name).inc()
        metrics.consumer_retries.labels(self.name, "outage" if outage else "error").inc()
        self._show_failures(metrics)
        return failing

    def _settled(self, record, metrics: Metrics) -> None:
        """The partition's record was applied or set aside: its partition goes on."""
        if self._failing.pop((record.topic, record.partition), None) is not None:
            self._show_failures(metrics)

    def forget_unassigned(self, assigned: set[tuple[str, int]], metrics: Metrics) -> None:
        """A partition handed to another replica is no longer this one's to retry."""
        for partition in set(self._failing) - assigned:
            del self._failing[partition]
        self._show_failures(metrics)

    def _show_failures(self, metrics: Metrics) -> None:
        worst = max((f.failures for f in self._failing.values()), default=0)
        metrics.consumer_event_failures.labels(self.name).set(worst)

    async def _apply(self, envelope: Envelope, payload: EventPayload, db: Database, metrics: Metrics) -> None:
        async with db.unit_of_work(tenant=envelope.tenantid) as uow:
            seen = await uow.session.scalar(
                select(inbox.c.event_id).where(inbox.c.consumer == self.name, inbox.c.event_id == envelope.id)
            )
            if seen is not None:
                metrics.events_duplicate.labels(envelope.type, self.name).inc()
                return
            await self.handlers[envelope.type](payload, envelope, uow)
            await uow.session.execute(
                inbox.insert().values(consumer=self.name, event_id=envelope.id, event_type=envelope.type)
            )
            await uow.commit()
        metrics.events_consumed.labels(envelope.type, self.name).inc()
        log.info("applied %s", envelope.type, extra={"fields": {"event_id": str(envelope.id), "consumer": self.name}})

    async def _dead_letter(self, broker, metrics: Metrics, record, headers: dict[str, str], reason: str) -> None:
        log.error("dead-lettering a record of %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason)
        await publish_dead_letter(broker, record, headers, consumer=self.name, reason=reason)
        self._settled(record, metrics)
        metrics.dead_letters.labels(self.name, record.topic).inc()


@dataclass
class _Failing:
    """The event a partition is stuck on, and how often it failed."""

    event_id: str
    failures: int = 0  # every failure: the gauge
    refusals: int = 0  # failures other than an outage: dead-lettered at max_attempts


async def record_lag(subscriber, consumer: Consumer, metrics: Metrics) -> None:
    """Set the lag gauge from the subscriber's own consumer: end of log minus position, per topic."""
    kafka_consumer = getattr(subscriber, "consumer", None)
    if kafka_consumer is None:
        return
    assignment = kafka_consumer.assignment()
    consumer.forget_unassigned({(p.topic, p.partition) for p in assignment}, metrics)
    per_topic: dict[str, int] = {}
    for partition in assignment:
        end = kafka_consumer.highwater(partition)
        if end is None:
            continue
        position = await kafka_consumer.position(partition)
        per_topic[partition.topic] = per_topic.get(partition.topic, 0) + max(end - position, 0)
    for topic, lag in per_topic.items():
        metrics.consumer_lag.labels(consumer.name, topic).set(lag)
