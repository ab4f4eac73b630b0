"""At-least-once event consumers with an inbox and a dead-letter topic.

For each record: rebuild the envelope and its typed payload (a record that is not a valid
event goes to the dead-letter topic with the reason); skip it if this consumer's inbox holds
its id; otherwise run the handler and record the id in the same transaction. FastStream
commits the offset only after that (NACK_ON_ERROR: an exception seeks back and retries).
A database that is down is waited for; an event whose handler keeps failing is dead-lettered
after `max_attempts` tries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError

from passerelle.contracts import ContractError, Envelope, EventPayload, parse_payload
from passerelle.contracts.topics import DEAD_LETTERS
from passerelle.db import Database, UnitOfWork
from passerelle.messaging.tables import inbox
from passerelle.observability.context import correlation_id
from passerelle.observability.metrics import Metrics

log = logging.getLogger(__name__)

EventHandler = Callable[[EventPayload, Envelope, UnitOfWork], Awaitable[None]]


class EventRejected(Exception):
    """A handler's verdict that an event can never be applied; it is dead-lettered with this reason."""


@dataclass
class Consumer:
    """One consumer group of a service: the topics it reads and a handler per event type."""

    name: str
    topics: tuple[str, ...]
    handlers: Mapping[str, EventHandler]
    max_attempts: int = 5
    _attempts: dict[str, int] = field(default_factory=dict, repr=False)

    def subscribe(self, broker: KafkaBroker, db: Database, metrics: Metrics):
        async def on_record(message: KafkaMessage) -> None:
            await self.process(message, broker, db, metrics)

        subscriber = broker.subscriber(
            *self.topics, group_id=self.name, auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR, title=f"{self.name}:consume",
        )
        subscriber(on_record)
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
            self._attempts.pop(str(envelope.id), None)  # applied after earlier failures: forget them
        except EventRejected as exc:
            await self._dead_letter(broker, metrics, record, headers, f"rejected: {exc}")
        except (OperationalError, DBAPIError, ConnectionError, OSError):
            metrics.events_failed.labels(envelope.type, self.name).inc()
            log.warning("database unavailable while applying %s; will retry", envelope.type)
            await asyncio.sleep(1)
            raise
        except Exception as exc:
            metrics.events_failed.labels(envelope.type, self.name).inc()
            attempts = self._attempts[str(envelope.id)] = self._attempts.get(str(envelope.id), 0) + 1
            if attempts < self.max_attempts:
                log.exception("applying %s failed (attempt %d)", envelope.type, attempts)
                await asyncio.sleep(0.2 * attempts)
                raise
            self._attempts.pop(str(envelope.id), None)
            await self._dead_letter(broker, metrics, record, headers, f"failed {attempts} times: {exc!r}")
        finally:
            correlation_id.reset(token)

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
        await broker.publish(
            record.value or b"", DEAD_LETTERS, key=record.key,
            headers={
                **headers, "dlq_reason": reason[:2000], "dlq_consumer": self.name,
                "dlq_topic": record.topic, "dlq_partition": str(record.partition), "dlq_offset": str(record.offset),
            },
        )
        metrics.dead_letters.labels(self.name, record.topic).inc()


async def record_lag(subscriber, consumer_name: str, metrics: Metrics) -> None:
    """Set the lag gauge from the subscriber's own consumer: end of log minus position, per topic."""
    kafka_consumer = getattr(subscriber, "consumer", None)
    if kafka_consumer is None:
        return
    per_topic: dict[str, int] = {}
    for partition in kafka_consumer.assignment():
        end = kafka_consumer.highwater(partition)
        if end is None:
            continue
        position = await kafka_consumer.position(partition)
        per_topic[partition.topic] = per_topic.get(partition.topic, 0) + max(end - position, 0)
    for topic, lag in per_topic.items():
        metrics.consumer_lag.labels(consumer_name, topic).set(lag)
