"""When each reporting subscriber was last seen reading: the broker keeps no such date, so reporting
samples the subscribers' consumer groups and notes the moment one had members or had moved.

Not a projection (a rebuild keeps it): its own table, beside the sessions'."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, select
from sqlalchemy.dialects.postgresql import insert

from passerelle.db import Database
from passerelle.messaging.subscribers import Subscriber

metadata = MetaData()
subscriber_activity = Table(
    "subscriber_activity",
    metadata,
    Column("subscriber", String(100), primary_key=True),
    Column("last_seen_at", DateTime(timezone=True), nullable=True),
    Column("groups_state", Text, nullable=False),  # the groups' members and offsets at the last sample
)

REASON = "reporting subscribers are the département's, not a tenant's"


def _state(subscriber: Subscriber) -> str:
    return json.dumps([[g.name, g.committed] for g in subscriber.groups])


async def record_sample(db: Database, subscribers: list[Subscriber], *, now: datetime) -> None:
    """Seen now: a subscriber connected, or whose groups moved since the last sample."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason=REASON) as uow:
        before = {row.subscriber: row for row in await uow.session.execute(select(subscriber_activity))}
        for subscriber in subscribers:
            state, previous = _state(subscriber), before.get(subscriber.name)
            moved = previous is not None and previous.groups_state != state
            first_read = previous is None and any(g.committed for g in subscriber.groups)
            seen = now if subscriber.connected or moved or first_read else (previous and previous.last_seen_at)
            statement = insert(subscriber_activity).values(
                subscriber=subscriber.name, last_seen_at=seen, groups_state=state
            )
            await uow.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["subscriber"],
                    set_={"last_seen_at": statement.excluded.last_seen_at, "groups_state": state},
                )
            )
        await uow.commit()


async def last_seen(db: Database) -> dict[str, datetime | None]:
    async with db.unit_of_work(tenant=None, cross_tenant_reason=REASON) as uow:
        rows = await uow.session.execute(select(subscriber_activity.c.subscriber, subscriber_activity.c.last_seen_at))
        return {name: seen for name, seen in rows}
