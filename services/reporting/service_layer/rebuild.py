"""Rebuild: the projections made anew from the event log alone, while the service keeps answering.

1. A spare schema, `reporting_rebuild`, gets empty projection tables.
2. Every partition of the topics reporting reads is replayed from its first record to the end
   noted at the start, through the very handlers of the live consumer: an event applied once
   (by id), a record that is not a valid event skipped (the live consumer dead-letters it).
   Their statements are recorded, then sent in as few executions as their order allows
   (`recorded_writes`), each batch in one transaction.
   An event the database refuses (the live consumer dead-lettered it too) does not stop the
   replay: its batch is sent again event by event, each in a savepoint, and the refused one is
   skipped, counted and reported with its reason. Only a lost connection fails the rebuild.
   Every tenant is then marked for comparison with what subscribers were sent (publication.py).
3. Then the live tables are locked against writes (reads go on), the replay catches up with the
   end of the log as it is now, and in one transaction `reporting` becomes `reporting_previous`
   (kept until the next rebuild) and `reporting_rebuild` becomes `reporting`. The live consumer,
   held by the lock meanwhile, goes on in the new tables: what it had applied is in them, and
   what it had not yet reached it applies in log order, which ends in the same state.
If anything fails before the swap, the live projections are untouched.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiokafka import TopicPartition
from sqlalchemy import text

from passerelle.contracts import ContractError, Envelope, event_headers, parse_payload, record_headers
from passerelle.db import Database
from passerelle.messaging.access import KafkaAccess
from passerelle.messaging.dead_letters import reason_of
from passerelle.outages import is_connection_lost
from reporting.adapters.event_log import EventLog
from reporting.adapters.orm import SCHEMA, metadata
from reporting.entrypoints.consumers import TOPICS
from reporting.service_layer.departement import tenants_with_facts
from reporting.service_layer.projections import HANDLERS
from reporting.service_layer.publication import mark_stale
from reporting.service_layer.recorded_writes import Recorder, send

SPARE = f"{SCHEMA}_rebuild"
PREVIOUS = f"{SCHEMA}_previous"
LOCK_KEY = 7_405_001  # pg advisory lock: one rebuild at a time


class RebuildRefused(RuntimeError):
    """A rebuild cannot start (another one runs)."""


@dataclass
class Progress:
    """Events read out of the total to read, with the rate and the time left."""

    total: int
    report: Callable[[str], None]
    done: int = 0
    applied: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    _last_report: float = 0.0

    def advance(self, read: int, applied: int) -> None:
        self.done += read
        self.applied += applied
        if time.monotonic() - self._last_report >= 2:
            self._last_report = time.monotonic()
            self.report(self.line())

    def skip(self, record, why: str) -> None:
        """A record not applied: counted, and reported with where it is and why."""
        self.skipped += 1
        headers = record_headers(record)
        event = f"{headers.get('ce_type', '?')} {headers.get('ce_id', '-')}"
        self.report(f"rebuild: skipped {event} at {record.topic}[{record.partition}]@{record.offset}: {why}")

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-6)

    def line(self) -> str:
        share = self.done / self.total if self.total else 1
        left = max(self.total - self.done, 0) / self.rate if self.rate else 0
        return (
            f"rebuild: {self.done}/{self.total} events ({share:.0%}), {self.rate:,.0f} events/s, "
            f"about {_duration(left)} left"
        )


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


async def rebuild(database_url: str, kafka: KafkaAccess, report: Callable[[str], None] = print) -> Progress:
    """Replay the log into a spare schema, then swap it with the live one; return the final progress."""
    live = Database(database_url, service_name="reporting-rebuild", pool_size=2)
    spare = Database(database_url, service_name="reporting-rebuild", pool_size=2, schema_translate_map={SCHEMA: SPARE})
    # a run of upserts of distinct rows (recorded_writes) as multi-row INSERTs, not one execution a row
    spare.engine.sync_engine.dialect.use_insertmanyvalues_wo_returning = True
    log = EventLog(kafka, topics=TOPICS)
    try:
        async with live.engine.connect() as guard:
            if not await guard.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}):
                raise RebuildRefused("another rebuild of the reporting projections is running")
            await _create_spare(spare)
            await log.start()
            ends = await log.end_offsets()
            progress = Progress(total=log.records_between(log.first, ends), report=report)
            report(f"rebuild: {progress.total} events to replay into {SPARE}")
            seen: set = set()
            await _replay(log, spare, ends, seen, progress)
            await guard.commit()
            await guard.execute(text(f"LOCK TABLE {', '.join(_live_tables())} IN EXCLUSIVE MODE"))
            final = await log.end_offsets()
            progress.total += log.records_between(ends, final)
            await _replay(log, spare, final, seen, progress)
            await _mark_every_tenant_stale(spare)
            await guard.execute(text(f"DROP SCHEMA IF EXISTS {PREVIOUS} CASCADE"))
            await guard.execute(text(f"ALTER SCHEMA {SCHEMA} RENAME TO {PREVIOUS}"))
            await guard.execute(text(f"ALTER SCHEMA {SPARE} RENAME TO {SCHEMA}"))
            await guard.commit()
        report(
            f"rebuilt: {progress.done} events read, {progress.applied} applied, {progress.skipped} skipped, in "
            f"{_duration(time.monotonic() - progress.started)} ({progress.rate:,.0f} events/s); "
            f"the previous projections are kept in {PREVIOUS} until the next rebuild"
        )
        return progress
    finally:
        await log.stop()
        await spare.dispose()
        await live.dispose()


def _live_tables() -> list[str]:
    return [f"{SCHEMA}.{table.name}" for table in metadata.sorted_tables]


async def _create_spare(spare: Database) -> None:
    async with spare.engine.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA IF EXISTS {SPARE} CASCADE"))  # a rebuild that stopped halfway
        await conn.execute(text(f"CREATE SCHEMA {SPARE}"))
        await conn.run_sync(metadata.create_all, checkfirst=False)


async def _replay(
    log: EventLog, spare: Database, until: dict[TopicPartition, int], seen: set, progress: Progress
) -> None:
    with _collector_paused():
        async for records in log.read_until(until):
            progress.advance(len(records), await _apply(spare, records, seen, progress))
            gc.collect(1)  # the batch's own cycles, young: not a walk of every object alive


async def _apply(spare: Database, records: list, seen: set, progress: Progress) -> int:
    """The live consumer's handlers, their statements recorded then sent together (recorded_writes): the
    projections' handlers only write."""
    events = []  # (record, envelope, payload)
    for record in records:
        try:
            event = _event(record)
        except ContractError as exc:
            progress.skip(record, f"not a valid event: {exc}")
            continue
        if event is None or event[0].id in seen:
            continue
        events.append((record, *event))
        seen.add(event[0].id)
    try:
        async with spare.unit_of_work(tenant=None, cross_tenant_reason="a rebuild replays every tenant") as uow:
            await send(uow, await _recorded(events))
            await uow.commit()
        return len(events)
    except Exception as exc:
        if is_connection_lost(exc):
            raise
    return await _apply_one_by_one(spare, events, progress)


async def _recorded(events: list) -> list:
    recorder = Recorder()
    for _, envelope, payload in events:
        recorder.tenant = envelope.tenantid
        await HANDLERS[envelope.type](payload, envelope, recorder)
    return recorder.writes


async def _apply_one_by_one(spare: Database, events: list, progress: Progress) -> int:
    """A batch the database refused, sent again event by event (each its own writes), each in a savepoint:
    the refused ones are skipped and reported, the others applied."""
    applied = 0
    async with spare.unit_of_work(tenant=None, cross_tenant_reason="a rebuild replays every tenant") as uow:
        for event in events:
            try:
                async with uow.session.begin_nested():
                    await send(uow, await _recorded([event]))
                applied += 1
            except Exception as exc:
                if is_connection_lost(exc):
                    raise
                progress.skip(event[0], f"refused by the database: {reason_of(exc)}")
        await uow.commit()
    return applied


async def _mark_every_tenant_stale(spare: Database) -> None:
    """Every tenant's months compared again with what subscribers have: only a changed one goes out."""
    tenants = await tenants_with_facts(spare)
    async with spare.unit_of_work(tenant=None, cross_tenant_reason="a rebuild marks every tenant") as uow:
        await mark_stale(uow.session, tenants)
        await uow.commit()


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector held off during a replay, but for the young objects after each
    batch: the batch's records, envelopes and payloads hold no cycles (reference counting frees them),
    but their allocations set off full collections that walk every object alive, the ids of every event
    replayed included (a million, late in a rebuild). It made the rebuild about half as fast."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _event(record):
    """The envelope and payload of a record reporting counts; None for another event's; ContractError
    for a record that is not a valid event."""
    envelope = Envelope.from_kafka(event_headers(record), record.value)
    if envelope.type not in HANDLERS:
        return None
    return envelope, parse_payload(envelope)
