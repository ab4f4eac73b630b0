"""Nothing accepted is lost when the broker or a database goes away for a while."""

from __future__ import annotations

import time

from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import appointment_events, appointments_projected, eventually, publish_events, referral_body


def test_a_referral_accepted_while_kafka_is_down_opens_its_case_once_kafka_is_back(platform, tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    platform.kafka.stop()
    try:
        accepted = tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept")
        assert accepted.status_code == 200  # the event waits in the outbox, in the same transaction
        backlog = platform.postgres.psql(
            f"SELECT count(*) FROM outbox WHERE tenant_id = '{tenant_a.tenant}' AND published_at IS NULL", "referral"
        )
        assert int(backlog) >= 1
        assert tenant_a.http("referral", None).get("/readyz").status_code == 200  # serves requests all the same
    finally:
        platform.kafka.start()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    opened = eventually(
        lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"],
        timeout=90,
        what="the case opened after the broker came back",
    )
    assert len(opened) == 1
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)


def test_events_consumed_while_the_database_is_down_are_applied_once_it_is_back(platform, tenant_a):
    platform.postgres.stop()
    try:
        answer = tenant_a.http("outreach", Role.MEDIATOR).post(
            "/actions", json={"kind": "drop_in", "occurred_on": "2026-01-05", "people_met": 2}
        )
        assert answer.status_code == 503
        assert "nothing was recorded" in answer.json()["detail"]
        publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 5), topics.CASES)
        time.sleep(3)  # the reporting consumer meets the outage and keeps the events uncommitted
    finally:
        platform.postgres.start()
    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == 5,
        timeout=60,
        what="the events applied after the database came back",
    )
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)


def test_the_outbox_backlog_is_reported_while_kafka_is_down(platform, tenant_a):
    import httpx

    def backlog() -> float:
        metrics = httpx.get(f"{platform.url('outreach')}/metrics").text
        return float(
            next(line.split()[-1] for line in metrics.splitlines() if line.startswith("passerelle_outbox_backlog "))
        )

    platform.kafka.stop()
    try:
        recorded = tenant_a.http("outreach", Role.MEDIATOR).post(
            "/actions", json={"kind": "drop_in", "occurred_on": "2026-01-05", "people_met": 3}
        )
        assert recorded.status_code == 201  # in the outbox, waiting for Kafka
        eventually(lambda: backlog() >= 1, timeout=30, what="the backlog measured while Kafka is down")
    finally:
        platform.kafka.start()
    eventually(lambda: backlog() == 0, timeout=90, what="the backlog published once Kafka is back")
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)
