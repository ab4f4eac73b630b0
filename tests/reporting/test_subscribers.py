"""Indicator events for subscribers: one per tenant and month on the tenant's own topic, published
again only when a figure changes; suppressed on the département's topic; read with kcat, a Kafka
client that is not ours, as the README shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import events as e
from passerelle.contracts import topics
from tests.reporting.history import History
from tests.support import eventually, headers_of, kcat, operator_command, read_topic


def months_sent(platform, topic: str, tenant: str) -> dict[str, list[dict]]:
    """Every version sent of each month of the tenant, oldest first."""
    sent: dict[str, list[dict]] = {}
    for record in read_topic(platform.kafka.admin, topic, seconds=1.5):
        if headers_of(record)["ce_tenantid"] == tenant:
            event = json.loads(record.value)
            assert record.key.decode() == f"{tenant}:{event['month']}"
            sent.setdefault(event["month"], []).append(event)
    return {month: sorted(versions, key=lambda v: v["revision"]) for month, versions in sent.items()}


def latest(sent: dict[str, list[dict]], month: str, name: str):
    return sent[month][-1]["indicators"][name] if month in sent else None


def test_each_month_is_published_then_republished_only_when_it_changes(platform, tenant_a, tenant_b):
    history = History(tenant_a.tenant)
    case = history.case(date(2025, 3, 3))
    march = [history.activity(case, "appointment", date(2025, 3, day)) for day in range(3, 9)]
    history.activity(case, "appointment", date(2025, 4, 1))
    history.activity(case, "appointment", date(2025, 4, 30))
    history.publish(platform.kafka.admin)
    other = History(tenant_b.tenant)
    other.activity(other.case(date(2025, 3, 1)), "appointment", date(2025, 3, 2))
    other.publish(platform.kafka.admin)
    own_topic = topics.indicators_topic(tenant_a.tenant)

    sent = eventually(
        lambda: (
            (s := months_sent(platform, own_topic, tenant_a.tenant))
            and latest(s, "2025-03", "individual_appointments") == 6
            and latest(s, "2025-04", "individual_appointments") == 2
            and s
        ),
        timeout=60,
        what="March and April on the tenant's topic",
    )
    assert set(sent) == {"2025-03", "2025-04"}
    e.MonthlyIndicators.model_validate(sent["2025-03"][-1])  # the published schema
    assert sent["2025-03"][-1]["breakdowns"]["actions_by_kind"] == {}

    shown = eventually(
        lambda: (
            (s := months_sent(platform, topics.INDICATORS_DEPARTEMENT, tenant_a.tenant))
            and latest(s, "2025-04", "individual_appointments")
            and s
        ),
        timeout=30,
        what="the tenant's months on the département's topic",
    )
    assert latest(shown, "2025-03", "individual_appointments") == 6
    assert latest(shown, "2025-04", "individual_appointments") == "<5"
    assert latest(shown, "2025-03", "persons_accompanied") == "<5"
    assert shown["2025-03"][-1]["threshold"] == 5

    # a deletion in March: March again, revision 2; April untouched
    deleted = History(tenant_a.tenant)
    deleted.add(
        e.CaseActivityDeleted(case_id=case[0], activity_id=march[0], beneficiary_pid=case[1], kind="appointment"),
        case[0],
    )
    deleted.publish(platform.kafka.admin)
    sent = eventually(
        lambda: (
            (s := months_sent(platform, own_topic, tenant_a.tenant))
            and latest(s, "2025-03", "individual_appointments") == 5
            and s
        ),
        timeout=60,
        what="March republished",
    )
    assert [v["revision"] for v in sent["2025-03"]][-1] == 2
    assert [v["revision"] for v in sent["2025-04"]] == [1]

    # the other tenant's months are on its own topic only
    theirs = eventually(
        lambda: months_sent(platform, topics.indicators_topic(tenant_b.tenant), tenant_b.tenant),
        timeout=60,
        what="the other tenant's topic",
    )
    assert set(theirs) == {"2025-03"}
    assert all(
        headers_of(r)["ce_tenantid"] == tenant_a.tenant for r in read_topic(platform.kafka.admin, own_topic, seconds=1)
    )

    # a rebuild gives the same numbers: nothing is published again
    rebuild = subprocess.run(
        [sys.executable, "-m", "passerelle.cli", "reporting", "rebuild"],
        env={**os.environ, **platform.env("reporting")},
        capture_output=True,
        text=True,
    )
    assert rebuild.returncode == 0, rebuild.stdout + rebuild.stderr
    eventually(
        lambda: (
            platform.postgres.psql(
                f"SELECT count(*) FROM reporting.stale_tenants WHERE tenant_id = '{tenant_a.tenant}'", "reporting"
            ).strip()
            == "0"
        ),
        timeout=60,
        what="the tenant compared again after the rebuild",
    )
    assert months_sent(platform, own_topic, tenant_a.tenant) == sent


def test_the_readme_subscriber_reads_a_tenants_topic_with_kcat(platform, tenant_a, capsys, tmp_path):
    history = History(tenant_a.tenant)
    history.activity(history.case(date(2025, 6, 2)), "accompaniment", date(2025, 6, 3))
    history.publish(platform.kafka.admin)
    name = f"ars-{tenant_a.tenant}"
    configuration = operator_command(platform, capsys, "subscriber", "create", name, "--tenant", tenant_a.tenant)
    topic = topics.indicators_topic(tenant_a.tenant)
    command = ["-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"]  # all of it, each time

    def read() -> dict:
        done = kcat(configuration, tmp_path, *command)
        return {line.split("\t")[0]: json.loads(line.split("\t")[1]) for line in done.stdout.splitlines()}

    received = eventually(read, timeout=60, what="kcat reading the tenant's indicators")
    june = received[f"{tenant_a.tenant}:2025-06"]
    assert june["indicators"]["physical_accompaniments"] == 1 and june["revision"] == 1


def test_the_service_publishes_its_event_schemas_and_asyncapi(platform, tenant_a):
    client = tenant_a.http("reporting", None)
    index = client.get("/schemas").json()
    assert set(index) == {"indicators.monthly.v1", "indicators.departement_monthly.v1"}
    schema = client.get("/schemas/indicators.monthly.v1.json")
    assert schema.headers["content-type"] == "application/schema+json"
    assert {"tenant_id", "month", "revision", "indicators", "breakdowns"} <= set(schema.json()["properties"])
    assert client.get("/schemas/case.opened.v1.json").status_code == 404
    document = json.dumps(client.get("/asyncapi.json").json())
    assert topics.INDICATORS_DEPARTEMENT in document and "passerelle.indicators.{tenant}" in document


def test_a_subscriber_may_also_pull_its_tenants_indicators_and_no_one_elses(platform, tenant_a, tenant_b):
    history = History(tenant_a.tenant)
    history.activity(history.case(date(2025, 9, 1)), "appointment", date(2025, 9, 2))
    history.publish(platform.kafka.admin)
    period = {"from": "2025-01-01", "to": "2026-01-01"}
    subscriber = tenant_a.http("reporting", Role.SUBSCRIBER)
    eventually(
        lambda: subscriber.get("/indicators", params=period).json()["indicators"]["individual_appointments"] == 1,
        timeout=60,
        what="the subscriber's figures",
    )
    assert subscriber.get("/indicators/monthly.csv", params=period).status_code == 200
    theirs = tenant_b.http("reporting", Role.SUBSCRIBER).get("/indicators", params=period).json()
    assert theirs["tenant"] == tenant_b.tenant and theirs["indicators"]["individual_appointments"] == 0
    assert subscriber.get("/departement/indicators", params=period).status_code == 403
