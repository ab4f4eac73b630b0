"""A broker outage keeps the services ready, is told by a gauge and /healthz/broker, and is logged once each way."""

from __future__ import annotations

import json
import time

import httpx

from passerelle.auth import Role
from tests.support import eventually

SERVICES = ("referral", "cases", "outreach", "reporting")


def test_while_kafka_is_down_the_services_stay_ready_and_say_so_once_in_their_logs(platform, tenant_a):
    log = platform.log("outreach")
    logged_before = log.stat().st_size
    platform.kafka.stop()
    try:
        eventually(
            lambda: all(_broker_up(platform, s) == 0 for s in SERVICES),
            timeout=30,
            what="every service's passerelle_broker_up at 0",
        )
        recorded = tenant_a.http("outreach", Role.MEDIATOR).post(
            "/actions", json={"kind": "drop_in", "occurred_on": "2026-01-05", "people_met": 1}
        )
        assert recorded.status_code == 201  # in the outbox
        # long enough for aiokafka's clients to retry, and log, hundreds of times, and for the relay's
        # attempt to publish the action to time out (aiokafka's request_timeout_ms, 40 s)
        time.sleep(45)
        for service in SERVICES:
            ready = httpx.get(f"{platform.url(service)}/readyz")
            assert ready.status_code == 200, service
            assert ready.json()["checks"] == {"database": True, "broker": False}
            assert httpx.get(f"{platform.url(service)}/healthz/broker").status_code == 503
    finally:
        platform.kafka.start()
    eventually(
        lambda: all(_broker_up(platform, s) == 1 for s in SERVICES),
        timeout=90,
        what="every service's passerelle_broker_up back at 1",
    )
    assert all(httpx.get(f"{platform.url(s)}/healthz/broker").status_code == 200 for s in SERVICES)

    with open(log) as lines:
        lines.seek(logged_before)
        entries = [json.loads(line) for line in lines if line.startswith("{")]
    loud = [(e["logger"], e["message"]) for e in entries if e["level"] in ("WARNING", "ERROR", "CRITICAL")]
    assert loud == [("passerelle.messaging.broker_watch", _UNREACHABLE)], loud
    assert [e["message"] for e in entries if e["logger"] == "passerelle.messaging.broker_watch"] == [
        _UNREACHABLE,
        "Kafka broker reachable again",
    ]


_UNREACHABLE = "Kafka broker unreachable; events wait in the outbox, consumers resume when it is back"


def _broker_up(platform, service: str) -> float:
    metrics = httpx.get(f"{platform.url(service)}/metrics").text
    return float(next(line.split()[-1] for line in metrics.splitlines() if line.startswith("passerelle_broker_up ")))


def test_a_service_started_while_kafka_is_down_serves_and_publishes_once_kafka_is_back(platform, tenant_a):
    def unpublished() -> int:
        return int(
            platform.postgres.psql(
                f"SELECT count(*) FROM outbox WHERE tenant_id = '{tenant_a.tenant}' AND published_at IS NULL",
                "outreach",
            )
        )

    platform.kafka.stop()
    try:
        platform.stop_service("outreach")
        platform.start_service("outreach")
        platform.wait_ready("outreach", broker=False)  # a pod rolled out during the outage takes traffic
        assert httpx.get(f"{platform.url('outreach')}/readyz").json()["checks"]["broker"] is False
        recorded = tenant_a.http("outreach", Role.MEDIATOR).post(
            "/actions", json={"kind": "drop_in", "occurred_on": "2026-01-05", "people_met": 2}
        )
        assert recorded.status_code == 201
        assert unpublished() == 1
    finally:
        platform.kafka.start()
    platform.wait_ready("outreach")
    eventually(lambda: unpublished() == 0, timeout=60, what="the action's event published once Kafka is back")
