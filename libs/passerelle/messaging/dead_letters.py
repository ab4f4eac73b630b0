"""The dead-letter topic: what a consumer set aside, read back by an operator, and put back after a fix.

A dead letter is the record as it was read (key, value, `ce_*` headers) plus `dlq_*` headers: why,
which consumer, where it came from. Replaying publishes it again on its origin topic, with its key
(so on its partition) and its CloudEvents headers (so its event id): every consumer group of that
topic reads it again, and each inbox lets it through only where it was never applied. It lands
after the events that followed it on its key; docs/operations.md says when that matters.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from passerelle.contracts.envelope import record_headers
from passerelle.contracts.topics import DEAD_LETTERS
from passerelle.messaging.access import KafkaAccess

REASON, CONSUMER, TOPIC, PARTITION, OFFSET = "dlq_reason", "dlq_consumer", "dlq_topic", "dlq_partition", "dlq_offset"
REPLAYED_FROM = "dlq_replayed_from"  # on a replayed record: the dead letter it came from


async def publish_dead_letter(broker, record, headers: dict[str, str], *, consumer: str, reason: str) -> None:
    """Set a record aside on the dead-letter topic with the reason (FastStream's broker of a service)."""
    await broker.publish(
        record.value or b"",
        DEAD_LETTERS,
        key=record.key,
        headers={
            **_without_dlq(headers),
            REASON: reason[:2000],
            CONSUMER: consumer,
            TOPIC: record.topic,
            PARTITION: str(record.partition),
            OFFSET: str(record.offset),
        },
    )


def reason_of(exc: BaseException) -> str:
    """An error in a few words: its type and first line, never the SQL statement and its parameters
    that SQLAlchemy appends (they may hold what the event carries)."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:500] if lines else ''}"


@dataclass(frozen=True)
class DeadLetter:
    """One record of the dead-letter topic; `ref` (partition:offset there) names it for `show` and `replay`."""

    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC)

    @property
    def origin(self) -> str:
        return f"{self.headers.get(TOPIC, '?')}[{self.headers.get(PARTITION, '?')}]@{self.headers.get(OFFSET, '?')}"

    def summary(self) -> str:
        h = self.headers
        return (
            f"{self.ref}\t{self.at:%Y-%m-%d %H:%M:%S}Z\t{h.get(CONSUMER, '?')}\t{h.get('ce_type', '?')}\t"
            f"{self.origin}\t{h.get('ce_id', '-')}\t{h.get(REASON, '')[:120]}"
        )

    def details(self) -> str:
        lines = [
            f"dead letter {self.ref}, set aside {self.at:%Y-%m-%d %H:%M:%S}Z",
            f"consumer:   {self.headers.get(CONSUMER, '?')}",
            f"origin:     {self.origin}",
            f"event:      {self.headers.get('ce_type', '?')} {self.headers.get('ce_id', '-')}",
            f"reason:     {self.headers.get(REASON, '')}",
            f"key:        {(self.key or b'').decode(errors='replace')}",
            "headers:",
        ]
        lines += [f"  {name}: {value}" for name, value in sorted(self.headers.items())]
        return "\n".join([*lines, "value:", self.value.decode(errors="replace")])


async def read_dead_letters(access: KafkaAccess) -> list[DeadLetter]:
    """Every dead letter kept, oldest first per partition (no consumer group: nothing committed)."""
    consumer = AIOKafkaConsumer(**access.aiokafka(), group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(DEAD_LETTERS, p) for p in sorted(await _partitions(consumer))]
        if not partitions:
            return []
        consumer.assign(partitions)
        first, ends = await consumer.beginning_offsets(partitions), await consumer.end_offsets(partitions)
        for partition in partitions:
            consumer.seek(partition, first[partition])
        letters: list[DeadLetter] = []
        pending = {p for p in partitions if first[p] < ends[p]}
        while pending:
            for partition, records in (await consumer.getmany(timeout_ms=1000)).items():
                letters += [_letter(r) for r in records if r.offset < ends[partition]]
                if records and records[-1].offset + 1 >= ends[partition]:
                    pending.discard(partition)
        return sorted(letters, key=lambda letter: (letter.timestamp_ms, letter.partition, letter.offset))
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer) -> set[int]:
    deadline = time.monotonic() + 10
    while (found := consumer.partitions_for_topic(DEAD_LETTERS)) is None and time.monotonic() < deadline:
        await consumer._client.force_metadata_update()
    return found or set()


def _letter(record) -> DeadLetter:
    return DeadLetter(
        partition=record.partition,
        offset=record.offset,
        timestamp_ms=record.timestamp,
        key=record.key,
        value=record.value or b"",
        headers=record_headers(record),
    )


async def replay(access: KafkaAccess, letters: Iterable[DeadLetter]) -> list[DeadLetter]:
    """Publish the letters again on their origin topics, each event once; return those published."""
    chosen, events = [], set()
    for letter in letters:
        event = (letter.headers.get(TOPIC), letter.headers.get("ce_id") or letter.ref)
        if TOPIC in letter.headers and event not in events:
            events.add(event)
            chosen.append(letter)
    producer = AIOKafkaProducer(**access.aiokafka(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for letter in chosen:
            headers = {**_without_dlq(letter.headers), REPLAYED_FROM: f"{DEAD_LETTERS}[{letter.ref}]"}
            await producer.send_and_wait(
                letter.headers[TOPIC],
                letter.value,
                key=letter.key,
                headers=[(name, value.encode()) for name, value in headers.items()],
            )
    finally:
        await producer.stop()
    return chosen


def _without_dlq(headers: dict[str, str]) -> dict[str, str]:
    """A record's own headers, without those of an earlier dead-lettering or replay."""
    return {name: value for name, value in headers.items() if not name.startswith("dlq_")}


def register_command(commands, default_bootstrap: str) -> None:
    """`passerelle dead-letters list|show|replay`, on the operator's command line (passerelle.cli)."""
    command = commands.add_parser("dead-letters", help="read what consumers set aside, put it back after a fix")
    command.add_argument("action", choices=["list", "show", "replay"])
    command.add_argument("refs", nargs="*", metavar="PARTITION:OFFSET", help="dead letters, as `list` names them")
    command.add_argument("--consumer", help="only those this consumer set aside")
    command.add_argument("--all", action="store_true", help="replay: every dead letter kept")
    command.add_argument("--bootstrap", default=default_bootstrap)


async def run_command(args) -> str:
    """What the command prints. `replay` takes the letters named, or a consumer's, or --all."""
    access = KafkaAccess.from_env(bootstrap=args.bootstrap)
    letters = [
        letter for letter in await read_dead_letters(access) if args.consumer in (None, letter.headers.get(CONSUMER))
    ]
    if args.refs:
        found = {letter.ref: letter for letter in letters}
        if missing := [ref for ref in args.refs if ref not in found]:
            raise SystemExit(f"no dead letter {', '.join(missing)} (see `passerelle dead-letters list`)")
        letters = [found[ref] for ref in args.refs]
    if args.action == "list":
        return "\n".join(
            [
                "dead letter\tset aside\tconsumer\ttype\torigin\tevent id\treason",
                *(letter.summary() for letter in letters),
            ]
        )
    if args.action == "show":
        if not args.refs:
            raise SystemExit("name the dead letters to show: passerelle dead-letters show PARTITION:OFFSET")
        return "\n\n".join(letter.details() for letter in letters)
    if not (args.refs or args.consumer or args.all):
        raise SystemExit("name the dead letters to replay, or --consumer NAME, or --all")
    replayed = await replay(access, letters)
    return "\n".join(
        [f"replayed {letter.ref} to {letter.origin.split('@')[0]}" for letter in replayed]
        + [f"{len(replayed)} events published again; a consumer that had applied one ignores it"]
    )
