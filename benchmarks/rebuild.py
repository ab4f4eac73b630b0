"""How fast reporting's rebuild goes, beside how fast the same topics can merely be read.

Run on demand (not a test): `bin/benchmark-rebuild [--events 1000000]`. It starts a throwaway
Kafka and PostgreSQL, publishes a generated history of case, outreach and referral events across
twenty tenants, then measures in the same run:
  1. a bare aiokafka consumer reading every record of the topics (the ceiling: no decoding, no database);
     it is the rebuild's own reader (EventLog), which does nothing else than assign, seek and getmany;
  2. `passerelle reporting rebuild` (decode, apply each event to the projections, swap).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaProducer

from devstack.kafka import KafkaBroker
from devstack.postgres import PostgresServer
from passerelle.contracts import Envelope, grants, topics
from passerelle.contracts import events as e
from passerelle.messaging.access import KafkaAccess
from passerelle.messaging.kafka import ensure_topics
from passerelle.migrations import upgrade
from reporting.adapters.event_log import EventLog
from reporting.entrypoints.consumers import TOPICS
from reporting.service_layer.rebuild import rebuild

TENANTS = [f"tenant-{n:02d}" for n in range(20)]
FIRST_DAY = date(2024, 1, 1)


def history(count: int, rng: random.Random):
    """About `count` events: each case opened, then appointments, procedures, orientations with their
    outcome, a closure; outreach actions and referrals beside them."""
    made = 0
    while made < count:
        tenant = rng.choice(TENANTS)
        day = FIRST_DAY + timedelta(days=rng.randrange(730))
        if rng.random() < 0.1:
            action = uuid.uuid4()
            yield (
                tenant,
                topics.OUTREACH,
                str(action),
                e.OutreachActionRecorded(
                    action_id=action,
                    kind=rng.choice(("street_outreach", "drop_in", "collective_action")),
                    occurred_on=day,
                    people_met=rng.randrange(1, 40),
                    people_redirected=0,
                    themes=("nutrition",),
                ),
            )
            made += 1
            continue
        case, pid, referral = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        submitted = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        yield (
            tenant,
            topics.REFERRALS,
            str(referral),
            e.ReferralSubmitted(
                referral_id=referral,
                beneficiary_pid=pid,
                source="professional",
                reasons=("rights_access",),
                difficulties=("isolation",),
                submitted_at=submitted,
            ),
        )
        yield (
            tenant,
            topics.CASES,
            str(case),
            e.CaseOpened(
                case_id=case, beneficiary_pid=pid, opened_on=day, referral_id=referral, referral_submitted_at=submitted
            ),
        )
        made += 2
        for step in range(rng.randrange(3, 9)):
            on = day + timedelta(days=7 * step + 1)
            kind = rng.choice(("appointment", "appointment", "procedure", "orientation", "accompaniment", "note"))
            activity = uuid.uuid4()
            yield (
                tenant,
                topics.CASES,
                str(case),
                e.CaseActivityRecorded(
                    case_id=case,
                    activity_id=activity,
                    beneficiary_pid=pid,
                    kind=kind,
                    occurred_on=on,
                    scheme="C2S" if kind == "procedure" else None,
                    channel="standard" if kind == "procedure" else None,
                    partner_type="gp" if kind == "orientation" else None,
                    partner_name="Cabinet médical" if kind == "orientation" else None,
                ),
            )
            made += 1
            if kind == "orientation":
                yield (
                    tenant,
                    topics.CASES,
                    str(case),
                    e.CaseOrientationOutcomeRecorded(
                        case_id=case, activity_id=activity, beneficiary_pid=pid, outcome="followed", recorded_on=on
                    ),
                )
                made += 1
        yield (
            tenant,
            topics.CASES,
            str(case),
            e.CaseClosed(
                case_id=case,
                beneficiary_pid=pid,
                referral_id=referral,
                closed_on=day + timedelta(days=90),
                outcome=rng.choice(("improved", "not_improved", "lost_contact")),
                satisfaction=rng.randrange(1, 6),
            ),
        )
        made += 1


async def publish(kafka: KafkaAccess, count: int) -> int:
    producer = AIOKafkaProducer(
        **kafka.aiokafka(), linger_ms=20, max_batch_size=512 * 1024, acks=1, compression_type="gzip"
    )
    await producer.start()
    sent, pending = 0, []
    try:
        for tenant, topic, key, payload in history(count, random.Random(2024)):
            envelope = Envelope.wrap(payload, source="/benchmark", subject=key, tenant=tenant, correlation_id="bench")
            pending.append(
                await producer.send(
                    topic,
                    envelope.kafka_value(),
                    key=key.encode(),
                    headers=[(name, value.encode()) for name, value in envelope.kafka_headers().items()],
                )
            )
            sent += 1
            if len(pending) >= 20_000:
                await asyncio.gather(*pending)
                pending.clear()
                print(f"  published {sent:,}", end="\r", flush=True)
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


async def raw_consume(kafka: KafkaAccess) -> tuple[int, float]:
    """Records of the topics read by a bare consumer (the rebuild's own reader, with nothing done with
    them), and the seconds it took."""
    log = EventLog(kafka, topics=TOPICS)
    await log.start()
    try:
        started, read = time.monotonic(), 0
        async for records in log.read_until(await log.end_offsets()):
            read += len(records)
        return read, time.monotonic() - started
    finally:
        await log.stop()


def measure(events: int) -> tuple[int, float, int, float]:
    """(records the bare consumer read, its seconds, events the rebuild read, its seconds), on a throwaway
    broker and database holding about `events` generated events."""
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as folder:
        kafka = KafkaBroker(Path(folder) / "kafka").start()
        postgres = PostgresServer(Path(folder) / "postgres").start()
        try:
            asyncio.run(ensure_topics(kafka.admin))
            reporting = kafka.grant(grants.SERVICES["reporting"])  # the rebuild reads as the service does
            postgres.create_database("reporting")
            upgrade("reporting", postgres.url("reporting"))
            started = time.monotonic()
            sent = asyncio.run(publish(kafka.admin, events))
            print(f"published {sent:,} events in {time.monotonic() - started:.0f} s")
            read, seconds = asyncio.run(raw_consume(reporting))
            progress = asyncio.run(rebuild(postgres.url("reporting"), reporting, report=print))
            return read, seconds, progress.done, time.monotonic() - progress.started
        finally:
            kafka.stop()
            postgres.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    read, seconds, done, rebuild_seconds = measure(args.events)
    print()
    print(f"{'':24}{'events':>12}{'seconds':>10}{'events/s':>12}")
    print(f"{'bare aiokafka consumer':24}{read:>12,}{seconds:>10.1f}{read / seconds:>12,.0f}")
    print(f"{'reporting rebuild':24}{done:>12,}{rebuild_seconds:>10.1f}{done / rebuild_seconds:>12,.0f}")
    print(f"the rebuild goes at {done / rebuild_seconds / (read / seconds):.1%} of the raw read")


if __name__ == "__main__":
    sys.exit(main())
