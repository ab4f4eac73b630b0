"""A case opens once per accepted referral, with the identity the referral sealed; or directly."""

from __future__ import annotations

import time

from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import headers_of, publish, read_topic, referral_body


def test_the_case_file_holds_the_identity_sealed_in_referral_accepted(case, tenant_a):
    assert (case["last_name"], case["first_name"], case["birth_date"]) == ("Durand", "Aline", "1961-04-12")
    assert case["phone"] == "0612345678" and case["postal_code"] == "30500"
    assert case["assigned_to"] == f"mediator@{tenant_a.tenant}"  # who accepted the referral follows the person


def test_a_redelivered_referral_accepted_opens_no_second_case(platform, case, tenant_a):
    [accepted] = [
        r
        for r in read_topic(platform.kafka.admin, topics.REFERRALS, seconds=1)
        if headers_of(r).get("ce_subject") == case["referral_id"] and headers_of(r)["ce_type"] == "referral.accepted"
    ]
    publish(platform.kafka.admin, topics.REFERRALS, [(accepted.key, accepted.value, list(accepted.headers))] * 2)
    time.sleep(3)
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    assert mediator.get("/cases", params={"referral_id": case["referral_id"]}).json()["total"] == 1
    rows = platform.postgres.psql(f"SELECT count(*) FROM cases WHERE referral_id = '{case['referral_id']}'", "cases")
    assert int(rows) == 1


def test_a_mediator_opens_a_case_directly_with_the_same_identity_rules(tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    beneficiary = referral_body()["beneficiary"]
    opened = mediator.post("/cases", json={"beneficiary": beneficiary, "barriers": ["no_gp", "language"]})
    assert opened.status_code == 201, opened.text
    assert opened.json()["referral_id"] is None and opened.json()["barriers"] == ["no_gp", "language"]
    wrong = mediator.post("/cases", json={"beneficiary": {**beneficiary, "postal_code": "3050", "phone": "12"}})
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["errors"]} == {"beneficiary.postal_code", "beneficiary.phone"}
