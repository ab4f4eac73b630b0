"""The Kafka broker client of a service and the topics the platform needs."""

from __future__ import annotations

import contextlib
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from passerelle.contracts import topics
from passerelle.messaging.access import KafkaAccess

log = logging.getLogger(__name__)


def build_broker(access: KafkaAccess, *, service_name: str) -> KafkaBroker:
    """Idempotent producer (acks=all); subscribers are added by the service."""
    return KafkaBroker(
        access.bootstrap,
        security=access.faststream(),
        client_id=f"passerelle-{service_name}",
        enable_idempotence=True,
        acks="all",
        logger=None,
        description=f"Passerelle {service_name} service",
    )


class TopicMaker:
    """Creates a topic on first use (a tenant's own), once per process."""

    def __init__(self, access: KafkaAccess, *, replication: int):
        self.access, self.replication = access, replication
        self.ready: set[str] = set()

    async def __call__(self, name: str) -> None:
        if name not in self.ready:
            await ensure_topics(self.access, replication=self.replication, names=(name,))
            self.ready.add(name)


async def ensure_topics(
    access: KafkaAccess,
    *,
    partitions: int = 3,
    replication: int = 1,
    names: tuple[str, ...] = topics.ALL_TOPICS,
) -> None:
    """Create topics if missing, the platform's by default (local runs and tests; production declares them)."""
    admin = AIOKafkaAdminClient(**access.aiokafka())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name, num_partitions=partitions, replication_factor=replication, topic_configs=topics.config_of(name)
            )
            for name in names
            if name not in existing
        ]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):  # created meanwhile by another process
                await admin.create_topics(wanted)
    finally:
        await admin.close()
