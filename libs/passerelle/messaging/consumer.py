"""At-least-once event consumers with an inbox and a dead-letter topic.

A consumer takes what each poll of the broker brings (up to `POLL_RECORDS` records, across its
partitions) and applies the events in one transaction: the ids its inbox holds are skipped (a
redelivery), the handlers run in log order, each as its event's tenant, the new ids are recorded,
one commit. Then the records that are not valid events go to the dead-letter topic with the reason,
and FastStream commits the offsets (NACK_ON_ERROR: an unexpected exception rewinds the poll).

If that transaction fails, the poll is applied again record by record, each event in its own
transaction, so that the failing one is known and alone held back: a database out of reach
(passerelle.outages) is waited for, however long; any other failure, the database refusing the
event's values included, is tried `max_attempts` times, then the event is dead-lettered with the
reason and its partition goes on. A partition stops at its first record not yet settled (applied,
skipped or set aside), the others go on; each is rewound to that record, so the offsets committed
never pass it and the next poll brings it back.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import select

from passerelle.contracts import ContractError, Envelope, EventPayload, event_headers, parse_payload, record_headers
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

POLL_RECORDS = 500  # records at most in one poll, applied in one transaction
POLL_WAIT_MS = 25  # how long a poll waits for a first record (FastStream sleeps as long again after an empty one)


class EventRejected(Exception):
    """A handler's verdict that an event can never be applied; it is dead-lettered with this reason."""


@dataclass
class _Read:
    """One polled record: its event, or why it is none (`invalid`); no payload for a type not consumed."""

    record: Any
    headers: dict[str, str]
    envelope: Envelope | None = None
    payload: EventPayload | None = None
    invalid: str | None = None

    @property
    def partition(self) -> tuple[str, int]:
        return (self.record.topic, self.record.partition)


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
        async def on_poll(message: KafkaMessage) -> None:
            await self.process(message, broker, db, metrics)

        subscriber = broker.subscriber(
            *self.topics,
            group_id=self.name,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            batch=True,
            max_records=POLL_RECORDS,
            batch_timeout_ms=POLL_WAIT_MS,
            parser=_headers_read_leniently,
            title=f"{self.name}:consume",
        )
        subscriber(on_poll)
        metrics.consumer_event_failures.labels(self.name).set(0)
        return subscriber  # holds the aiokafka consumer once started (see record_lag)

    async def process(self, message, broker: KafkaBroker, db: Database, metrics: Metrics) -> None:
        """A poll's records: their events in one transaction, else one by one (see the module)."""
        polled = [self._read(record) for record in message.as_sent]  # _headers_read_leniently
        try:
            await self._apply([read for read in polled if read.payload is not None], db, metrics)
        except Exception:
            await self._one_by_one(polled, message.consumer, broker, db, metrics)
            return
        for read in polled:
            if read.invalid is not None:
                await self._dead_letter(broker, metrics, read, read.invalid)
            self._settled(read, metrics)

    def _read(self, record) -> _Read:
        read = _Read(record, record_headers(record))
        try:
            read.envelope = Envelope.from_kafka(event_headers(record), record.value)
            if read.envelope.type in self.handlers:
                read.payload = parse_payload(read.envelope)
        except ContractError as exc:
            read.invalid = str(exc)
        return read

    async def _apply(self, events: list[_Read], db: Database, metrics: Metrics) -> None:
        """Events in one transaction: those the inbox holds skipped, the others applied and recorded."""
        if not events:
            return
        envelopes = [read.envelope for read in events if read.envelope is not None]
        async with db.unit_of_work(tenant=envelopes[0].tenantid) as uow:
            seen = set(
                await uow.session.scalars(
                    select(inbox.c.event_id).where(
                        inbox.c.consumer == self.name, inbox.c.event_id.in_([e.id for e in envelopes])
                    )
                )
            )
            applied, duplicates = [], []
            for read, envelope in zip(events, envelopes, strict=True):
                if envelope.id in seen:
                    duplicates.append(envelope)
                    continue
                seen.add(envelope.id)
                token = correlation_id.set(envelope.correlationid)
                try:
                    with uow.acting_for(envelope.tenantid):
                        await self.handlers[envelope.type](read.payload, envelope, uow)
                finally:
                    correlation_id.reset(token)
                applied.append(envelope)
            if applied:
                rows = [{"consumer": self.name, "event_id": e.id, "event_type": e.type} for e in applied]
                await uow.session.execute(inbox.insert(), rows)
                await uow.commit()
        for envelope in duplicates:
            metrics.events_duplicate.labels(envelope.type, self.name).inc()
        if applied:
            metrics.consumer_batch.labels(self.name).observe(len(applied))
        for envelope in applied:
            metrics.events_consumed.labels(envelope.type, self.name).inc()
            token = correlation_id.set(envelope.correlationid)
            fields = {"event_id": str(envelope.id), "consumer": self.name}
            log.info("applied %s", envelope.type, extra={"fields": fields})
            correlation_id.reset(token)

    async def _one_by_one(self, polled: list[_Read], kafka_consumer, broker, db: Database, metrics: Metrics) -> None:
        """The poll again, each event in its own transaction; each partition rewound to its first record
        not settled."""
        held: dict[tuple[str, int], int] = {}  # partition -> offset of its first record not settled
        wait = 0.0
        for n, read in enumerate(polled):
            if read.partition in held:
                continue
            if read.invalid is not None:
                await self._dead_letter(broker, metrics, read, read.invalid)
                continue
            if read.payload is None:
                self._settled(read, metrics)  # an event type this consumer does not need
                continue
            try:
                await self._apply([read], db, metrics)
                self._settled(read, metrics)
            except EventRejected as exc:
                await self._dead_letter(broker, metrics, read, f"rejected: {exc}")
            except Exception as exc:
                outage = is_connection_lost(exc)
                failing = self._failed(read, metrics, outage=outage)
                if outage:
                    log.warning("database unavailable while applying %s; will retry", failing.event_type)
                    for later in polled[n:]:
                        held.setdefault(later.partition, later.record.offset)
                    wait = 1.0
                    break
                if failing.refusals < self.max_attempts:
                    log.warning(
                        "applying %s failed (attempt %d): %s", failing.event_type, failing.refusals, reason_of(exc)
                    )
                    held[read.partition] = read.record.offset
                    wait = max(wait, 0.2 * failing.refusals)
                    continue
                reason = f"failed {failing.refusals} times: {reason_of(exc)}"
                await self._dead_letter(broker, metrics, read, reason)
        for (topic, partition), offset in held.items():
            kafka_consumer.seek(TopicPartition(topic, partition), offset)  # the commit after stops there
        await asyncio.sleep(wait)

    def _failed(self, read: _Read, metrics: Metrics, *, outage: bool) -> _Failing:
        """Count one more failure of the record's event: every failure for the gauge, those that
        are not an outage against `max_attempts`."""
        assert read.envelope is not None
        failing = self._failing.get(read.partition)
        if failing is None or failing.event_id != str(read.envelope.id):
            failing = self._failing[read.partition] = _Failing(str(read.envelope.id), read.envelope.type)
        failing.failures += 1
        failing.refusals += 0 if outage else 1
        metrics.events_failed.labels(read.envelope.type, self.name).inc()
        metrics.consumer_retries.labels(self.name, "outage" if outage else "error").inc()
        self._show_failures(metrics)
        return failing

    def _settled(self, read: _Read, metrics: Metrics) -> None:
        """The partition's record was applied or set aside: its partition goes on."""
        if self._failing.pop(read.partition, None) is not None:
            self._show_failures(metrics)

    def forget_unassigned(self, assigned: set[tuple[str, int]], metrics: Metrics) -> None:
        """A partition handed to another replica is no longer this one's to retry."""
        for partition in set(self._failing) - assigned:
            del self._failing[partition]
        self._show_failures(metrics)

    def _show_failures(self, metrics: Metrics) -> None:
        worst = max((f.failures for f in self._failing.values()), default=0)
        metrics.consumer_event_failures.labels(self.name).set(worst)

    async def _dead_letter(self, broker, metrics: Metrics, read: _Read, reason: str) -> None:
        record = read.record
        log.error("dead-lettering a record of %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason)
        await publish_dead_letter(broker, record, read.headers, consumer=self.name, reason=reason)
        self._settled(read, metrics)
        metrics.dead_letters.labels(self.name, record.topic).inc()


@dataclass
class _Failing:
    """The event a partition is stuck on, and how often it failed."""

    event_id: str
    event_type: str
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


async def _headers_read_leniently(records: tuple, parse: Callable[[tuple], Awaitable[Any]]) -> Any:
    """FastStream reads every record's headers as UTF-8 and fails the whole poll on one that is not,
    before any consumer sees it (the record was lost: neither applied nor set aside). It is given copies
    whose headers are read leniently; the records as they came go with them (`as_sent`), for `_read` to
    set the unreadable one aside with its reason."""
    message = await parse(tuple(_with_text_headers(record) for record in records))
    message.as_sent = records
    return message


def _with_text_headers(record):
    try:
        event_headers(record)
        return record
    except ContractError:
        text = [(name, value.decode(errors="replace").encode()) for name, value in record.headers]
        return dataclasses.replace(record, headers=text)
