"""The département's reporting subscribers as its operator sees them: their grants and when they last
read, from the broker (with the admin principal: PASSERELLE_KAFKA_ADMIN_PASSWORD); revoking one."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from passerelle import clock
from passerelle.db import Database
from passerelle.messaging import subscribers
from passerelle.messaging.access import KafkaAccess
from passerelle.messaging.subscribers import Subscriber
from reporting.adapters import subscriber_activity

log = logging.getLogger(__name__)
SAMPLE_SECONDS = 30


@dataclass(frozen=True)
class SubscriberSeen:
    subscriber: Subscriber
    last_seen_at: datetime | None


async def listed(db: Database, admin: KafkaAccess) -> list[SubscriberSeen]:
    found = await asyncio.to_thread(subscribers.list_subscribers, admin)
    await subscriber_activity.record_sample(db, found, now=clock.now())
    seen = await subscriber_activity.last_seen(db)
    return [SubscriberSeen(s, seen.get(s.name)) for s in found]


async def revoke(admin: KafkaAccess, name: str) -> None:
    await asyncio.to_thread(subscribers.revoke, admin, name)
    log.info("subscriber %s revoked from the operator's page", name)


async def watch(db: Database, admin: KafkaAccess, *, every: float = SAMPLE_SECONDS) -> None:
    """Sample the subscribers' consumer groups, so that the page can say when each last read."""
    while True:
        try:
            found = await asyncio.to_thread(subscribers.list_subscribers, admin)
            await subscriber_activity.record_sample(db, found, now=clock.now())
        except Exception:
            log.warning("the subscribers' activity could not be sampled", exc_info=True)
        await asyncio.sleep(every)
