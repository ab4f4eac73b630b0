"""The walking skeleton through the real broker: referral → case → appointment → reporting."""

from __future__ import annotations

import json
from datetime import date

from passerelle import clock
from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import eventually, headers_of, indicators, read_topic, referral_body

YEAR = (date(2026, 1, 1), date(2027, 1, 1))
THIS_YEAR = (date(clock.today().year, 1, 1), date(clock.today().year + 1, 1, 1))


def test_a_consented_referral_becomes_a_case_whose_appointment_reporting_counts(platform, tenant_a, tenant_b):
    referrer = tenant_a.http("referral", Role.REFERRER)
    mediator_referrals = tenant_a.http("referral", Role.MEDIATOR)
    mediator_cases = tenant_a.http("cases", Role.MEDIATOR)

    submitted = referrer.post("/referrals", json=referral_body())
    assert submitted.status_code == 201, submitted.text
    referral_id = submitted.json()["id"]
    assert submitted.json()["status"] == "submitted"

    accepted = mediator_referrals.post(f"/referrals/{referral_id}/accept", headers={"X-Correlation-ID": "slice-1"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.headers["x-correlation-id"] == "slice-1"

    case = eventually(
        lambda: mediator_cases.get("/cases", params={"referral_id": referral_id}).json()["items"],
        what="case opened from referral.accepted",
    )[0]
    assert case["status"] == "open"

    appointment = mediator_cases.post(
        f"/cases/{case['id']}/activities",
        # today: an appointment is never before the referral's receipt (tests/cases/test_dates.py)
        json={
            "kind": "appointment",
            "mode": "scheduled",
            "occurred_on": clock.today().isoformat(),
            "duration_minutes": 45,
        },
    )
    assert appointment.status_code == 201, appointment.text
    assert mediator_cases.get(f"/cases/{case['id']}").json()["timeline"][0]["kind"] == "appointment"

    counts_a = eventually(
        lambda: (
            (c := indicators(tenant_a.http("reporting", Role.COORDINATOR), *THIS_YEAR))["individual_appointments"] and c
        ),
        what="reporting counts the appointment",
    )
    assert counts_a["persons_accompanied"] == 1
    assert counts_a["individual_appointments"] == 1
    assert counts_a["followups_initiated"] == 1
    counts_b = indicators(tenant_b.http("reporting", Role.COORDINATOR), *THIS_YEAR)
    assert counts_b["persons_accompanied"] == 0
    assert counts_b["individual_appointments"] == 0

    # the correlation id set on the accept request follows the referral into the case's events
    opened = [
        r
        for r in read_topic(platform.kafka.admin, topics.CASES)
        if headers_of(r).get("ce_subject") == case["id"] and headers_of(r)["ce_type"] == "case.opened"
    ]
    assert [headers_of(r)["ce_correlationid"] for r in opened] == ["slice-1"]
    assert any(
        json.loads(line).get("correlation_id") == "slice-1"
        for line in platform.log("cases").read_text().splitlines()
        if line.startswith("{")
    )


def test_an_outreach_action_is_counted_by_reporting(tenant_a, tenant_b):
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    recorded = mediator.post(
        "/actions",
        json={
            "kind": "street_outreach",
            "occurred_on": "2026-02-10",
            "people_met": 12,
            "people_redirected": 3,
            "commune": "Alès",
        },
    )
    assert recorded.status_code == 201, recorded.text
    assert mediator.get(f"/actions/{recorded.json()['id']}").json()["people_met"] == 12

    counts = eventually(
        lambda: (c := indicators(tenant_a.http("reporting", Role.COORDINATOR), *YEAR))["outreach_actions"] and c,
        what="reporting counts the action",
    )
    assert counts["outreach_actions"] == 1
    assert counts["persons_received"] == 12
    assert indicators(tenant_b.http("reporting", Role.COORDINATOR), *YEAR)["outreach_actions"] == 0


def test_every_event_carries_the_cloudevents_envelope_keyed_by_its_aggregate(platform, tenant_a):
    submitted = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body())
    referral_id = submitted.json()["id"]

    def published():
        return [
            r
            for r in read_topic(platform.kafka.admin, topics.REFERRALS, seconds=1)
            if headers_of(r).get("ce_subject") == referral_id
        ]

    record = eventually(published, what="referral.submitted published")[0]
    headers = headers_of(record)
    assert record.key.decode() == referral_id
    assert headers["ce_type"] == "referral.submitted"
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_tenantid"] == tenant_a.tenant
    assert headers["ce_dataversion"] == "1"
    assert headers["ce_source"] == "/passerelle/referral"
    for header in ("ce_id", "ce_time", "ce_correlationid", "ce_datacontenttype"):
        assert headers[header]
    payload = json.loads(record.value)
    assert payload["referral_id"] == referral_id
    assert "Durand" not in record.value.decode() and "1961-04-12" not in record.value.decode()
