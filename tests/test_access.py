"""Who may call what: 401 without a trustworthy token, 403 for a wrong role, 404 across tenants."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from passerelle.auth import Role, generate_key_pair, mint_token
from tests.support import eventually, referral_body


@pytest.fixture
def accepted_referral_and_case(tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    case = eventually(lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"], what="case")[
        0
    ]
    return referral["id"], case["id"]


def test_another_tenant_gets_404_on_a_referral_and_a_case(tenant_b, accepted_referral_and_case):
    referral_id, case_id = accepted_referral_and_case
    referrals = tenant_b.http("referral", Role.MEDIATOR)
    cases = tenant_b.http("cases", Role.MEDIATOR)
    assert referrals.get(f"/referrals/{referral_id}").status_code == 404
    assert referrals.post(f"/referrals/{referral_id}/accept").status_code == 404
    assert referrals.post(f"/referrals/{referral_id}/decline", json={"reason": "duplicate"}).status_code == 404
    assert referrals.post(f"/referrals/{referral_id}/withdraw-consent").status_code == 404
    tenant_b.register()
    assert referrals.post(f"/referrals/{referral_id}/transfer", json={"to_tenant": tenant_b.tenant}).status_code == 404
    assert cases.get(f"/cases/{case_id}").status_code == 404
    assert (
        cases.post(
            f"/cases/{case_id}/activities", json={"kind": "note", "occurred_on": "2026-01-05", "comment": "x"}
        ).status_code
        == 404
    )
    assert referrals.get("/referrals").json()["items"] == []
    assert cases.get("/cases", params={"referral_id": referral_id}).json()["items"] == []


def test_another_tenant_gets_404_on_an_outreach_action(tenant_a, tenant_b):
    action = (
        tenant_a.http("outreach", Role.MEDIATOR)
        .post("/actions", json={"kind": "drop_in", "occurred_on": "2026-01-05", "people_met": 4})
        .json()
    )
    assert tenant_b.http("outreach", Role.MEDIATOR).get(f"/actions/{action['id']}").status_code == 404


@pytest.mark.parametrize(
    "service, path",
    [
        ("referral", "/referrals"),
        ("cases", "/cases"),
        ("outreach", "/actions"),
        ("reporting", "/indicators?from=2026-01-01&to=2027-01-01"),
    ],
)
def test_no_token_or_an_untrusted_one_gets_401(platform, tenant_a, service, path):
    url = platform.url(service) + path
    assert httpx.get(url).status_code == 401
    foreign_key, _ = generate_key_pair()
    forged = mint_token(foreign_key, subject="x", tenant=tenant_a.tenant, roles=[Role.COORDINATOR])
    answer = httpx.get(url, headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    expired = tenant_a.token(Role.COORDINATOR, ttl_seconds=-10)
    assert httpx.get(url, headers={"Authorization": f"Bearer {expired}"}).json()["detail"] == "token expired"
    wrong_audience = tenant_a.token(Role.COORDINATOR, audience="another-platform")
    assert httpx.get(url, headers={"Authorization": f"Bearer {wrong_audience}"}).status_code == 401


def test_a_token_signed_with_another_algorithm_gets_401(platform, tenant_a):
    claims = {
        "sub": "x",
        "tenant": tenant_a.tenant,
        "roles": ["coordinator"],
        "aud": "passerelle",
        "iss": "passerelle",
        "exp": int(time.time()) + 60,
    }
    hs256 = jwt.encode(claims, "a-shared-secret-of-enough-length-for-hs256", algorithm="HS256")
    answer = httpx.get(platform.url("referral") + "/referrals", headers={"Authorization": f"Bearer {hs256}"})
    assert answer.status_code == 401


def test_a_wrong_role_gets_403(tenant_a, accepted_referral_and_case):
    referral_id, case_id = accepted_referral_and_case
    assert tenant_a.http("referral", Role.REFERRER).get(f"/referrals/{referral_id}").status_code == 403
    assert tenant_a.http("referral", Role.SUBSCRIBER).post("/referrals", json=referral_body()).status_code == 403
    assert tenant_a.http("cases", Role.REFERRER).get(f"/cases/{case_id}").status_code == 403
    assert tenant_a.http("outreach", Role.SUBSCRIBER).get("/actions").status_code == 403
    forbidden = tenant_a.http("reporting", Role.MEDIATOR).get(
        "/indicators", params={"from": "2026-01-01", "to": "2027-01-01"}
    )
    assert forbidden.status_code == 403
    assert "coordinator" in forbidden.json()["detail"]
