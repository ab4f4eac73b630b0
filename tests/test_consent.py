"""No consent, no referral: a clear 422, nothing stored, nothing published."""

from __future__ import annotations

import pytest

from passerelle.auth import Role
from tests.support import referral_body


def stored_and_published(platform, tenant: str) -> tuple[int, int]:
    referrals = platform.postgres.psql(f"SELECT count(*) FROM referrals WHERE tenant_id = '{tenant}'", "referral")
    outbox = platform.postgres.psql(f"SELECT count(*) FROM outbox WHERE tenant_id = '{tenant}'", "referral")
    return int(referrals), int(outbox)


@pytest.mark.parametrize(
    "consent, field",
    [
        (None, "consent"),
        (
            {
                "given": False,
                "recorded_by": "Dr Martin",
                "method": "signed_form",
                "recorded_at": "2026-01-15T10:00:00+01:00",
            },
            "consent.given",
        ),
    ],
)
def test_a_referral_without_consent_is_refused_and_leaves_no_trace(platform, tenant_a, consent, field):
    body = referral_body()
    if consent is None:
        del body["consent"]
    else:
        body["consent"] = consent
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body)
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["reason"]
    assert stored_and_published(platform, tenant_a.tenant) == (0, 0)


def test_each_faulty_field_is_named_with_its_reason(tenant_a):
    body = referral_body()
    body["beneficiary"] = {**body["beneficiary"], "postal_code": "3050", "birth_date": "2999-01-01", "phone": "12345"}
    body["reasons"] = ["boredom"]
    body["unexpected"] = True
    answer = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=body)
    assert answer.status_code == 422
    reasons = {e["field"]: e["reason"] for e in answer.json()["errors"]}
    assert set(reasons) == {
        "beneficiary.postal_code",
        "beneficiary.birth_date",
        "beneficiary.phone",
        "reasons.0",
        "unexpected",
    }
    assert "future" in reasons["beneficiary.birth_date"]
    assert "French phone" in reasons["beneficiary.phone"]


def test_accepting_twice_is_a_conflict_that_names_the_current_state(tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    mediator = tenant_a.http("referral", Role.MEDIATOR)
    assert mediator.post(f"/referrals/{referral['id']}/accept").status_code == 200
    again = mediator.post(f"/referrals/{referral['id']}/accept")
    assert again.status_code == 409
    assert again.json()["current_state"] == "accepted"
