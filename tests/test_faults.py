"""Nothing accepted is lost when the broker goes away: the outbox holds it until Kafka is back."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import eventually, referral_body


def test_a_referral_accepted_while_kafka_is_down_opens_its_case_once_kafka_is_back(platform, tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    platform.kafka.stop()
    try:
        accepted = tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept")
        assert accepted.status_code == 200  # the event waits in the outbox, in the same transaction
        backlog = platform.postgres.psql(
            f"SELECT count(*) FROM outbox WHERE tenant_id = '{tenant_a.tenant}' AND published_at IS NULL", "referral")
        assert int(backlog) >= 1
        assert tenant_a.http("referral", None).get("/readyz").status_code == 503
    finally:
        platform.kafka.start()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    opened = eventually(lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json(), timeout=90,
                        what="the case opened after the broker came back")
    assert len(opened) == 1
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)
