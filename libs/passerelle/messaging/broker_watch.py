"""The Kafka broker's state as one service process sees it: a gauge, /healthz/broker, one log line per change.

While the broker is away, aiokafka logs an ERROR every 100 ms or so per client (connection refused,
metadata, coordinator, heartbeat): those records are dropped; the watch says "unreachable" once,
with a warning, and "reachable again" once, with an info.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiokafka import errors as kafka_errors
from faststream.kafka import KafkaBroker

from passerelle.observability.metrics import Metrics

log = logging.getLogger(__name__)

# What aiokafka logs when it cannot reach a broker: records carrying one of these errors, or
# beginning with one of these phrases (aiokafka 0.12's wording).
_UNREACHABLE_ERRORS = (
    OSError,
    kafka_errors.KafkaConnectionError,
    kafka_errors.NodeNotReadyError,
    kafka_errors.RequestTimedOutError,
    kafka_errors.KafkaTimeoutError,
    kafka_errors.GroupCoordinatorNotAvailableError,
    kafka_errors.NotCoordinatorForGroupError,
    kafka_errors.LeaderNotAvailableError,
)
_CONNECTIVITY = (
    "Unable connect to",
    "Error sending",
    "Unable to update metadata",
    "Unable to request metadata",
    "Marking the coordinator dead",
    "Group Coordinator Request failed",
    "FindCoordinator Request failed",
    "Failed fetch",
    "Heartbeat",
    "Cannot send",
    "Could not send",
    "Got error produce response",
    "OffsetCommit failed",
    "Failed to commit",
    "Auto offset commit failed",
    "LeaveGroup request failed",
)


class BrokerWatch:
    def __init__(self, broker: KafkaBroker, metrics: Metrics, *, every: float = 2.0):
        self.broker, self.metrics, self.every = broker, metrics, every
        self.up: bool | None = None  # unknown until the first check

    async def run(self, connected: asyncio.Event, *, grace: float = 10.0) -> None:
        """Ping the broker every few seconds once the client has started; until then, report the
        broker away if the client has not started after `grace` seconds (a start during an outage)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(connected.wait(), grace)
        while True:
            self.record(connected.is_set() and await self._reachable())
            await asyncio.sleep(self.every)

    def record(self, up: bool) -> None:
        self.metrics.broker_up.set(1 if up else 0)
        if up == self.up:
            return
        if not up:
            log.warning("Kafka broker unreachable; events wait in the outbox, consumers resume when it is back")
        elif self.up is False:
            log.info("Kafka broker reachable again")
        self.up = up

    async def _reachable(self) -> bool:
        try:
            return await self.broker.ping(timeout=2)
        except Exception:
            return False

    def quiet_aiokafka(self) -> Callable[[logging.LogRecord], bool]:
        """A filter for the log handlers: aiokafka's records about connectivity are dropped (the watch
        reports the outage), and while the broker is away, every aiokafka record below CRITICAL."""

        def keep(record: logging.LogRecord) -> bool:
            if not record.name.startswith("aiokafka") or record.levelno >= logging.CRITICAL:
                return True
            if self.up is False:
                return False
            about_connectivity = str(record.msg).startswith(_CONNECTIVITY) or any(
                isinstance(arg, _UNREACHABLE_ERRORS) for arg in _args(record)
            )
            return not about_connectivity

        return keep


def _args(record: logging.LogRecord) -> tuple:
    args = record.args.values() if isinstance(record.args, dict) else record.args or ()
    return (*args, record.exc_info[1] if record.exc_info else None)
