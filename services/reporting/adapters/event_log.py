"""The event log as the rebuild reads it: every partition of some topics from its first record, up
to given offsets, without a consumer group (nothing committed, no other reader disturbed)."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition

from passerelle.messaging.access import KafkaAccess

BATCH = 2000


class EventLog:
    """Every partition of some topics, read from the first record, without a consumer group."""

    def __init__(self, kafka: KafkaAccess, *, topics: tuple[str, ...]):
        self.topics = topics
        self.consumer = AIOKafkaConsumer(
            **kafka.aiokafka(),
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        self.partitions: list[TopicPartition] = []
        self.first: dict[TopicPartition, int] = {}

    async def start(self) -> None:
        await self.consumer.start()
        for topic in self.topics:
            ids = self.consumer.partitions_for_topic(topic) or await self._partitions(topic)
            self.partitions += [TopicPartition(topic, p) for p in sorted(ids)]
        self.consumer.assign(self.partitions)
        self.first = await self.consumer.beginning_offsets(self.partitions)
        for partition in self.partitions:  # at once: seek_to_beginning() only takes effect on the next fetch
            self.consumer.seek(partition, self.first[partition])

    async def _partitions(self, topic: str) -> set[int]:
        await self.consumer._client.force_metadata_update()
        return self.consumer.partitions_for_topic(topic) or set()

    async def end_offsets(self) -> dict[TopicPartition, int]:
        return await self.consumer.end_offsets(self.partitions)

    def records_between(self, start: dict[TopicPartition, int], end: dict[TopicPartition, int]) -> int:
        return sum(end[p] - start[p] for p in self.partitions)

    async def read_until(self, ends: dict[TopicPartition, int]):
        """Batches of records, in log order per partition, up to (not beyond) `ends`."""
        pending = {p for p in self.partitions if await self.consumer.position(p) < ends[p]}
        self.consumer.resume(*self.partitions)
        self.consumer.pause(*(set(self.partitions) - pending))
        while pending:
            batches = await self.consumer.getmany(timeout_ms=1000, max_records=BATCH)
            records = []
            for partition, batch in batches.items():
                records += [r for r in batch if r.offset < ends[partition]]
                if batch and batch[-1].offset + 1 >= ends[partition]:
                    pending.discard(partition)
                    self.consumer.pause(partition)
                    self.consumer.seek(partition, ends[partition])
            if records:
                yield records

    async def stop(self) -> None:
        await self.consumer.stop()
